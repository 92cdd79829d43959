// Help on every field: each visible input, select and text area of the form is described by a
// hint with text (what the field does, its default), and the concepts an operator may not know
// link to their FATE, KubeFATE or Kubernetes docs in a new tab. The page opens share links of
// documents that bring out every kind of field (DMZ proxy, own placement, each storage type,
// pull secrets, FATE 2.2 with mutual TLS and own certificates).

import { assert, shareLink } from '../lib.mjs';

const party = (id, address, nodePort) => ({ id, address, nodePort });

/** FATE 1.2: a DMZ party with its own placement, an exchange, NFS, pull secrets, Ingress TLS. */
const FATE1_DMZ_NFS = {
  version: 1,
  parties: [
    { ...party('10000', '192.168.11.2', 30010), placement: { nodeLabel: 'fedai.org', roll: 'node-a', eggs: ['node-a', ''] } },
    { id: '9999', address: '192.168.11.3', dmz: { host: 'dmz.example.org', port: 9370, federationNodePort: 30101, fateflowNodePort: 30102 } },
  ],
  exchange: { address: '192.168.11.4', nodePort: 30000 },
  images: { registry: 'harbor.corp:8443/federatedai', pullSecrets: ['regcred'] },
  storage: { type: 'nfs', server: '10.0.0.5', path: '/exports/fate', size: '100Gi' },
  ingress: { enabled: true, className: 'nginx', tlsSecret: 'fateboard-tls' },
};

/** FATE 1.3 with StorageClass claims. */
const FATE1_STORAGE_CLASS = {
  version: 1,
  fateVersion: '1.3.0',
  parties: [party('10000', '192.168.11.2', 30010), party('9999', '192.168.11.3', 30009)],
  storage: { type: 'storageClass', class: 'fast' },
};

/** FATE 1.2 on an existing claim, Helm 2. */
const FATE1_CLAIM = {
  version: 1,
  target: 'helm2',
  parties: [party('10000', '192.168.11.2', 30010), party('9999', '192.168.11.3', 30009)],
  storage: { type: 'existingClaim', claim: 'fate-data' },
};

/** FATE 2.2 with mutual TLS behind an exchange. */
const FATE2_TLS = {
  version: 1,
  fateVersion: '2.2.0',
  parties: [party('10000', '192.168.11.2', 30010), party('9999', '192.168.11.3', 30009)],
  exchange: { address: '192.168.11.4', nodePort: 30000 },
  tls: { enabled: true },
};

/** Opens `doc` from a share link in a fresh page; returns the page and its console errors. */
async function open(env, context, doc) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(shareLink(env.origin, doc));
  await env.ready(page);
  await page.waitForSelector('#f-parties-0-id');
  return { page, errors };
}

/** Every visible field control of the form (ids `f-…`) and the text of the hints describing it. */
async function describedControls(page) {
  return page.evaluate(() => {
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    return [...document.querySelectorAll('.form-column input, .form-column select, .form-column textarea')]
      .filter((el) => el.id.startsWith('f-') && visible(el))
      .map((el) => {
        const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
        const hints = ids.map((id) => document.getElementById(id)).filter((node) => node && node.classList.contains('hint'));
        return { id: el.id, hint: hints.map((node) => node.textContent.trim()).join(' ') };
      });
  });
}

/** The docs links in the hint of the control `id`: [{ href, target, rel }]. */
async function docLinks(page, id) {
  return page.evaluate((id) => {
    const hint = document.getElementById(`${id}-hint`);
    if (!hint) return [];
    return [...hint.querySelectorAll('a')].map((a) => ({ href: a.href, target: a.target, rel: a.rel, name: a.getAttribute('aria-label') || a.textContent }));
  }, id);
}

/** Fails unless `id`'s hint links a page whose address matches `pattern`, in a new tab. */
async function expectDoc(page, id, pattern, concept) {
  const links = await docLinks(page, id);
  const link = links.find((l) => pattern.test(l.href));
  assert(link, `${concept} (${id}): no docs link matching ${pattern}; links: ${JSON.stringify(links)}`);
  assert(link.target === '_blank' && /\bnoopener\b/.test(link.rel), `${concept} (${id}): the docs link does not open in a new tab with rel=noopener: ${JSON.stringify(link)}`);
}

export default async function help(env) {
  const { check } = env;

  await check('help: every visible field of the form has a hint with text (aria-describedby) in every kind of document', async () => {
    const context = await env.newContext();
    const missing = [];
    let seen = 0;
    const consoleErrors = [];
    for (const [name, doc, reveal] of [
      ['FATE 1.2 DMZ + NFS', FATE1_DMZ_NFS, null],
      ['FATE 1.3 StorageClass', FATE1_STORAGE_CLASS, null],
      ['FATE 1.2 existing claim', FATE1_CLAIM, null],
      ['FATE 2.2 TLS', FATE2_TLS, async (page) => {
        // Own authority and an own certificate: their PEM fields and file inputs.
        await page.locator('#tls-own > summary').click();
        await page.locator('#f-certificates-authority').check();
        await page.locator('#f-certificates-issued-10000').check();
        await page.waitForSelector('#f-certificates-issued-10000-key');
      }],
    ]) {
      const { page, errors } = await open(env, context, doc);
      if (reveal) await reveal(page);
      for (const control of await describedControls(page)) {
        seen += 1;
        if (control.hint.length < 20) missing.push(`${name}: ${control.id} ${JSON.stringify(control.hint)}`);
      }
      consoleErrors.push(...errors);
      await page.close();
    }
    await context.close();
    assert(seen >= 80, `only ${seen} controls seen`);
    assert(missing.length === 0, `${missing.length} of ${seen} controls without a hint: ${missing.join('; ')}`);
    assert(consoleErrors.length === 0, `console errors: ${consoleErrors.join(' | ')}`);
  });

  await check('help: hints state defaults, and the named concepts link their docs in a new tab', async () => {
    const context = await env.newContext();
    const { page, errors } = await open(env, context, FATE1_DMZ_NFS);
    const hint = async (id) => ((await page.locator(`#${id}-hint`).textContent({ timeout: 3000 })) ?? "").trim();
    for (const [id, text] of [
      ['f-images-mysqlTag', 'Default: 8.0.36.'],
      ['f-images-redisTag', 'Default: 5.0.14.'],
      ['f-images-pullPolicy', 'Default: IfNotPresent.'],
      ['f-parties-0-namespace', 'Left empty: fate-<id>.'],
      ['f-parties-0-fateboardHost', 'Left empty: <id>.fateboard.fedai.org.'],
      ['f-parties-1-dmz-port', 'Default: 9370.'],
      ['f-placement-nodeLabel', 'Default: fedai.org.'],
      ['f-storage-size', 'Default: 100Gi.'],
      ['f-ingress-className', 'Default: nginx.'],
      ['f-parties-0-nodePort', '30000-32767'],
    ]) {
      const got = await hint(id);
      assert(got.includes(text), `${id}: hint ${JSON.stringify(got)} does not say ${JSON.stringify(text)}`);
    }
    const k8s = (anchor) => new RegExp(`^https://kubernetes\\.io/docs/.*${anchor}`);
    for (const [id, pattern, concept] of [
      ['f-placement-eggs-0', /FederatedAI\/FATE\/blob\/v1\.2\.0\/.*#35-egg$/, 'egg'],
      ['f-placement-roll', /FederatedAI\/FATE\/blob\/v1\.2\.0\/.*#32-roll$/, 'roll'],
      ['f-placement-metaService', /FederatedAI\/FATE\/blob\/v1\.2\.0\/.*#31-meta-service$/, 'meta-service'],
      ['f-images-pullPolicy', k8s('#image-pull-policy'), 'pull policy'],
      ['f-images-pullSecrets-0', k8s('pull-image-private-registry'), 'pull secrets'],
      ['f-parties-0-namespace', k8s('namespaces'), 'namespace'],
      ['f-parties-0-nodePort', k8s('#type-nodeport'), 'NodePort'],
      ['f-placement-nodeLabel', k8s('labels'), 'node label'],
      ['f-storage-type', k8s('persistent-volumes'), 'storage types'],
      ['f-storage-server', k8s('#nfs'), 'NFS'],
      ['f-ingress-className', k8s('#ingress-class'), 'Ingress class'],
      ['f-parties-1-dmz', /FederatedAI\/KubeFATE\/.*DMZ-deploy\.md$/, 'DMZ proxy'],
      ['f-exchange', /FederatedAI\/FATE\/blob\/v1\.2\.0\/.*#21-proxy/, 'exchange'],
      ['f-target', /^https:\/\/helm\.sh\/docs\//, 'Helm target'],
    ]) {
      await expectDoc(page, id, pattern, concept);
    }
    await page.close();

    const fate2 = await open(env, context, FATE2_TLS);
    for (const [id, pattern, concept] of [
      ['f-placement-proxy', /FederatedAI\/FATE\/blob\/v2\.2\.0\/doc\/2\.0\/osx\/osx\.md$/, 'OSX'],
      ['f-placement-clustermanager', /KubeFATE\/.*Introduction_to_Engine_Architecture\.md#eggroll$/, 'clustermanager'],
      ['f-placement-eggs-0', /KubeFATE\/.*Introduction_to_Engine_Architecture\.md#eggroll$/, 'nodemanager'],
      ['f-tls-enabled', /osx-tls\.md$/, 'mutual TLS'],
    ]) {
      await expectDoc(fate2.page, id, pattern, concept);
    }
    // A docs link's name says where it leads and that it opens a new tab.
    const links = await docLinks(fate2.page, 'f-tls-enabled');
    assert(links.every((l) => /opens in a new tab/.test(l.name)), `link names: ${JSON.stringify(links)}`);
    await fate2.page.close();
    await context.close();
    const all = [...errors, ...fate2.errors];
    assert(all.length === 0, `console errors: ${all.join(' | ')}`);
  });

  for (const width of [1400, 1024, 390]) {
    await check(`help: a focused field shows its help inside the page at ${width} px, its docs link next with Tab, and a click reaches the field under it`, async () => {
      const context = await env.newContext({ viewport: { width, height: 900 } });
      const { page, errors } = await open(env, context, FATE1_DMZ_NFS);
      const helpOf = (id) => page.locator(`#${id}-hint > .help`);
      // [the control focused, the field whose help shows]: a radio shows its group's help.
      for (const [control, id] of [
        ['f-parties-0-nodePort', 'f-parties-0-nodePort'],
        ['f-exchange-nodePort', 'f-exchange-nodePort'],
        ['f-images-registry', 'f-images-registry'],
        ['f-placement-roll', 'f-placement-roll'],
        ['f-exchange', 'f-exchange'],
        ['f-target-helm3', 'f-target'],
      ]) {
        assert(!(await helpOf(id).isVisible()), `${id}: help shown before focus`);
        await page.locator(`#${control}`).focus();
        assert(await helpOf(id).isVisible(), `${id}: help hidden while focused`);
        const box = await helpOf(id).boundingBox();
        const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert(box.x >= 0 && box.x + box.width <= width && sideways <= 0, `${id}: help at x ${box.x}..${box.x + box.width} (page ${width} px, sideways ${sideways})`);
      }
      // Tab from a field goes to its docs link, then on to the next field.
      await page.locator('#f-images-pullPolicy').focus();
      await page.keyboard.press('Tab');
      const link = await page.evaluate(() => ({ tag: document.activeElement.tagName, href: document.activeElement.href }));
      assert(link.tag === 'A' && /image-pull-policy/.test(link.href), `Tab from the pull policy reached ${JSON.stringify(link)}`);
      // The help floats over the field below it; a click there reaches that field.
      await page.locator('#f-images-registry').focus();
      await page.locator('#f-images-tag').click({ timeout: 3000 });
      const focused = await page.evaluate(() => document.activeElement.id);
      assert(focused === 'f-images-tag', `the click under the registry's help focused ${focused}`);
      await context.close();
      assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
    });
  }
}
