// Inputs fit their values: a registry such as harbor.corp:8443/federatedai and the fateboard
// host's placeholder (10000.fateboard.fedai.org) are shown whole at 1400, 1024 and 390 px, in
// light and dark mode; and no visible text field or select of the form cuts off its value or
// placeholder (measured with the control's own font).

import { SAMPLE_DOC, assert, shareLink } from '../lib.mjs';

const REGISTRY = 'harbor.corp:8443/federatedai';

const DOC = SAMPLE_DOC;

/** Every optional part on: a DMZ party with its own placement, NFS, a pull secret, Ingress TLS. */
const RICH = {
  version: 1,
  parties: [
    { id: '10000', address: 'fd00:1234:5678:9abc::a', nodePort: 30010, placement: { nodeLabel: 'kubernetes.io/hostname', roll: 'worker-node-01', eggs: ['worker-node-02', ''] } },
    { id: '9999', address: '192.168.11.3', dmz: { host: 'dmz-proxy.partner.example.org', port: 9370, federationNodePort: 30101, fateflowNodePort: 30102 } },
  ],
  exchange: { address: 'exchange.federation.example.org', nodePort: 30000, nodeLabelValue: 'exchange-node' },
  images: { registry: REGISTRY, pullSecrets: ['harbor-registry-login'] },
  storage: { type: 'nfs', server: 'nfs-server.storage.example', path: '/exports/fate/data', size: '100Gi' },
  ingress: { enabled: true, className: 'nginx-internal', tlsSecret: 'fateboard-tls-secret' },
};

/** scrollWidth and clientWidth of the input `selector`. */
const widths = (page, selector) =>
  page.locator(selector).evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));

/** Visible text inputs and selects of the form whose text (value, else placeholder; a select's
 *  chosen option) is wider than the room inside them, measured on a canvas with their font. */
const cutOff = (page) =>
  page.evaluate(() => {
    const canvas = document.createElement('canvas').getContext('2d');
    const visible = (el) => el.getClientRects().length > 0;
    const out = [];
    for (const el of document.querySelectorAll('.form-column input[type="text"], .form-column select')) {
      if (!el.id.startsWith('f-') || !visible(el)) continue;
      const style = getComputedStyle(el);
      canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = el.tagName === 'SELECT' ? el.selectedOptions[0]?.text ?? '' : el.value || el.placeholder;
      // A select keeps room for its arrow.
      const arrow = el.tagName === 'SELECT' ? 22 : 0;
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - arrow;
      const need = canvas.measureText(text).width;
      if (need > room + 0.5) out.push(`${el.id} ${JSON.stringify(text)} needs ${need.toFixed(0)} px, has ${room.toFixed(0)}`);
    }
    return out;
  });

export default async function fit(env) {
  const { check } = env;
  for (const width of [1400, 1024, 390]) {
    await check(`fit: long hosts, IPv6 addresses, label keys and secrets are shown whole at ${width} px`, async () => {
      const context = await env.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(shareLink(env.origin, RICH));
      await env.ready(page);
      await page.waitForSelector('#f-parties-1-dmz-host');
      const cut = await cutOff(page);
      await context.close();
      assert(cut.length === 0, `cut off: ${cut.join('; ')}`);
    });
  }
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [1400, 1024, 390]) {
      await check(`fit: registry and fateboard host shown whole at ${width} px (${colorScheme})`, async () => {
        const context = await env.newContext({ viewport: { width, height: 900 }, colorScheme });
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (error) => errors.push(String(error)));
        await page.goto(shareLink(env.origin, DOC));
        await env.ready(page);
        await page.waitForSelector('#f-parties-0-fateboardHost');

        await page.locator('#f-images-registry').fill(REGISTRY);
        const registry = await widths(page, '#f-images-registry');
        assert(registry.scroll <= registry.client, `registry ${REGISTRY} is cut off: scrollWidth ${registry.scroll} > clientWidth ${registry.client}`);

        // The placeholder as a value: the same text, measured by the browser itself.
        const host = page.locator('#f-parties-0-fateboardHost');
        const placeholder = await host.getAttribute('placeholder');
        assert(placeholder === '10000.fateboard.fedai.org', `placeholder ${placeholder}`);
        await host.fill(placeholder);
        const shown = await widths(page, '#f-parties-0-fateboardHost');
        await host.fill('');
        assert(shown.scroll <= shown.client, `fateboard host placeholder is cut off: scrollWidth ${shown.scroll} > clientWidth ${shown.client}`);

        const cut = await cutOff(page);
        if (width === 1024 && colorScheme === 'light') await env.shot(page, `fit-${width}`);
        await context.close();
        assert(cut.length === 0, `cut off: ${cut.join('; ')}`);
        assert(errors.length === 0, `page errors: ${errors.join(' | ')}`);
      });
    }
  }
}
