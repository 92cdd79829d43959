// IPv6 on the page: an address with its port is written `[addr]:port` in the route table, the
// diagram, the README and the party card's summary (never the ambiguous `fd00::1:30010`), and
// brackets typed around an address are accepted and not stored (the field, the share link and
// the route table all have the bare address).

import { SAMPLE_DOC, assert, shareLink } from '../lib.mjs';

const IPV6 = {
  version: 1,
  parties: [
    { id: '10000', address: 'fd00::1', nodePort: 30010 },
    { id: '9999', address: 'fd00::2', dmz: { host: 'fd00:db::10', port: 9370, federationNodePort: 30011, fateflowNodePort: 30012 } },
  ],
  exchange: { address: 'fd00::4', nodePort: 30000 },
};
const IPV4 = SAMPLE_DOC;

async function open(env, context, doc) {
  const page = await context.newPage();
  await page.goto(shareLink(env.origin, doc));
  await env.ready(page);
  await page.waitForSelector('.topology-canvas svg');
  return page;
}

export default async function ipv6(env) {
  const { check, newContext } = env;

  await check('ipv6: [addr]:port in the route table, the diagram, the README and the card summary', async () => {
    const context = await newContext();
    const page = await open(env, context, IPV6);
    const routes = await page.locator('#route-table').innerText();
    const svg = await page.locator('.topology-canvas svg').innerHTML();
    await page.waitForFunction(() => document.querySelector('#preview-path')?.textContent === 'README.md');
    const readme = await page.locator('#preview-code').innerText();
    for (const [where, text, wanted] of [
      ['route table', routes, ['[fd00::4]:30000', '[fd00::1]:30010', '[fd00:db::10]:9370']],
      ['diagram', svg, ['[fd00::4]:30000', '[fd00::1]:30010', '[fd00:db::10]:9370']],
      ['README', readme, ['`[fd00::4]:30000`', '`[fd00::1]:30010`', '`[fd00:db::10]:9370`']],
    ]) {
      for (const address of wanted) assert(text.includes(address), `${where} lacks ${address}`);
      for (const ambiguous of ['fd00::1:30010', 'fd00::4:30000', 'fd00:db::10:9370']) {
        assert(!text.includes(ambiguous), `${where} spells ${ambiguous}`);
      }
    }
    const summary = await page.locator('#f-parties-1-summary').innerText();
    assert(summary.includes('[fd00:db::10]:9370'), `card summary: ${summary}`);
    await context.close();
  });

  await check('ipv6: brackets typed around an address are accepted and not stored', async () => {
    const context = await newContext();
    const page = await open(env, context, IPV4);
    const field = page.locator('#f-parties-1-address');
    await field.fill('');
    await field.pressSequentially('[fd00::1]');
    await page.waitForFunction(() => document.querySelector('#route-table').innerText.includes('[fd00::1]:30009'));
    assert((await field.inputValue()) === 'fd00::1', `the field holds ${await field.inputValue()}`);
    await page.locator('#f-exchange-address').fill('[fd00::4]');
    await page.waitForFunction(() => document.querySelector('#route-caption').innerText.includes('[fd00::4]:30000'));
    assert((await page.locator('#f-exchange-address').inputValue()) === 'fd00::4', 'exchange address kept its brackets');
    assert(!(await page.locator('#error-summary li').count()), 'a bracketed address was reported as a problem');
    await page.waitForFunction(() => location.hash.length > 5);
    await page.waitForTimeout(600);
    const document_ = JSON.parse(env.decodeFragment(page.url()));
    assert(document_.parties[1].address === 'fd00::1', `share link stores ${document_.parties[1].address}`);
    assert(document_.exchange.address === 'fd00::4', `share link stores ${document_.exchange.address}`);
    await context.close();
  });
}
