// The topology diagram and the party cards: the diagram's text is readable (>= 11 px on screen)
// at its default size in the output column at 1400 and 1024 px, zoom (buttons and keys) changes
// it, full screen opens and closes with Escape, a click on a party's box goes to its form card,
// 20 parties stay readable without sideways scrolling; party cards fold to a summary line
// ("Collapse all" makes a 20-party form much shorter), a folded card shows its problems, and a
// jump to a field from the error summary unfolds its card.

import { assert, shareLink } from '../lib.mjs';

const party = (i) => ({ id: String(10000 + i), address: `10.0.0.${i + 1}`, nodePort: 30001 + i });
const TWO = { version: 1, parties: [party(0), party(1)], exchange: { address: '10.0.1.1', nodePort: 30100 } };
const TWENTY = { version: 1, parties: Array.from({ length: 20 }, (_, i) => party(i)), exchange: { address: '10.0.1.1', nodePort: 30100 } };

async function open(env, context, doc, { valid = true } = {}) {
  const page = await context.newPage();
  await page.goto(shareLink(env.origin, doc));
  await env.ready(page);
  await page.waitForSelector(valid ? '.topology-canvas svg [data-party]' : '#f-parties-0-id');
  return page;
}

/** Clicks the middle of party `index`'s box with the mouse, as a user does. */
async function clickParty(page, index) {
  const box = page.locator(`.topology-canvas [data-party="${index}"] rect`);
  await box.scrollIntoViewIfNeeded();
  const at = await box.boundingBox();
  await page.mouse.click(at.x + at.width / 2, at.y + at.height / 2);
}

/** The smallest and largest on-screen font size of the diagram's text, in CSS px. */
async function diagramText(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('.topology-canvas svg');
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
    return { min: Math.min(...sizes), max: Math.max(...sizes), count: sizes.length };
  });
}

const partyListHeight = (page) => page.evaluate(() => document.querySelector('ol.party-list').getBoundingClientRect().height);

export default async function topology(env) {
  const { check, newContext, shot } = env;

  await check('topology: diagram text is at least 11 px at its default size, at 1400 and 1024 px', async () => {
    for (const width of [1400, 1024]) {
      const context = await newContext({ viewport: { width, height: 900 } });
      for (const [name, doc] of [['2 parties', TWO], ['20 parties', TWENTY]]) {
        const page = await open(env, context, doc);
        const text = await diagramText(page);
        assert(text.count > 5, `${name} at ${width}: no text in the diagram`);
        assert(text.min >= 11, `${name} at ${width}: diagram text is ${text.min.toFixed(1)} px`);
        await page.close();
      }
      await context.close();
    }
  });

  await check('topology: zoom buttons and keys change the text size', async () => {
    const context = await newContext({ viewport: { width: 1400, height: 900 } });
    const page = await open(env, context, TWO);
    const base = (await diagramText(page)).min;
    await page.click('#topology-zoom-in');
    const bigger = (await diagramText(page)).min;
    assert(bigger > base * 1.2, `zoom in: ${base.toFixed(1)} → ${bigger.toFixed(1)} px`);
    assert((await page.locator('#topology-zoom-level').innerText()) === '125%', 'zoom level not shown');
    await page.focus('#topology-canvas');
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    const smaller = (await diagramText(page)).min;
    assert(smaller < base * 0.9, `key - twice: ${base.toFixed(1)} → ${smaller.toFixed(1)} px`);
    await page.keyboard.press('0');
    const back = (await diagramText(page)).min;
    assert(Math.abs(back - base) < 0.01, `key 0: ${back.toFixed(1)} px, not ${base.toFixed(1)}`);
    await page.click('#topology-zoom');
    const fitted = await page.evaluate(() => {
      const canvas = document.querySelector('.topology-canvas');
      return Math.abs(canvas.querySelector('svg').getBoundingClientRect().width - canvas.clientWidth);
    });
    assert(fitted < 2, `fit to panel leaves ${fitted} px`);
    await context.close();
  });

  await check('topology: full screen opens and closes with Escape', async () => {
    const context = await newContext({ viewport: { width: 1400, height: 900 } });
    const page = await open(env, context, TWENTY);
    await page.click('#topology-full-screen');
    // Focus moves once the full-screen view has rendered.
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'topology-canvas', null, { timeout: 3000 })
      .catch(() => {});
    const opened = await page.evaluate(() => {
      const figure = document.querySelector('figure.topology');
      const rect = figure.getBoundingClientRect();
      return { role: figure.getAttribute('role'), width: rect.width, height: rect.height, focused: document.activeElement.id };
    });
    assert(opened.role === 'dialog', `full screen role ${opened.role}`);
    assert(opened.width >= 1390 && opened.height >= 890, `full screen is ${opened.width}×${opened.height}`);
    assert(opened.focused === 'topology-canvas', `focus in full screen: ${opened.focused}`);
    await shot(page, 'topology-full-screen', false);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'topology-full-screen', null, { timeout: 3000 })
      .catch(() => {});
    const closed = await page.evaluate(() => ({
      full: document.querySelector('figure.topology').classList.contains('full-screen'),
      height: document.querySelector('figure.topology').getBoundingClientRect().height,
      focused: document.activeElement.id,
    }));
    assert(!closed.full && closed.height < 890, 'Escape did not leave full screen');
    assert(closed.focused === 'topology-full-screen', `focus after Escape: ${closed.focused}`);
    await context.close();
  });

  await check('topology: a click on a party opens its folded card and focuses its first field', async () => {
    const context = await newContext({ viewport: { width: 1400, height: 900 } });
    const page = await open(env, context, TWENTY);
    await page.click('#parties-collapse-all');
    await clickParty(page, 13);
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'f-parties-13-id');
    const card = await page.evaluate(() => document.activeElement.closest('details.party-card').open);
    assert(card, 'the party card stayed folded');
    // From the route table too, by keyboard.
    await page.locator('#route-table button', { hasText: '10004' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'f-parties-4-id');
    // And from full screen, which closes.
    await page.click('#topology-full-screen');
    await clickParty(page, 2);
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'f-parties-2-id');
    assert(!(await page.locator('figure.topology.full-screen').count()), 'full screen stayed open');
    await context.close();
  });

  await check('topology: 20 parties stay readable without sideways scrolling, every party named', async () => {
    const context = await newContext({ viewport: { width: 1400, height: 900 } });
    const page = await open(env, context, TWENTY);
    const fit = await page.evaluate(() => {
      const canvas = document.querySelector('.topology-canvas');
      return { scroll: canvas.scrollWidth, client: canvas.clientWidth, parties: canvas.querySelectorAll('svg [data-party].topo-party').length };
    });
    assert(fit.scroll <= fit.client, `the diagram is ${fit.scroll} px wide in a ${fit.client} px panel`);
    assert(fit.parties === 20, `${fit.parties} party boxes`);
    const svg = await page.locator('.topology-canvas svg').innerHTML();
    for (const p of TWENTY.parties) assert(svg.includes(`>party ${p.id}<`) && svg.includes(`${p.address}:${p.nodePort}`), `party ${p.id} not named`);
    assert((await diagramText(page)).min >= 11, 'small text');
    await shot(page, 'topology-20-parties');
    await context.close();
  });

  await check('party cards: collapse all makes a 20-party form much shorter, summaries say what each is', async () => {
    const context = await newContext({ viewport: { width: 1400, height: 900 } });
    const page = await open(env, context, TWENTY);
    const open_ = await partyListHeight(page);
    await page.click('#parties-collapse-all');
    const folded = await partyListHeight(page);
    assert(folded < open_ / 4, `party list ${open_} px open, ${folded} px folded`);
    assert((await page.locator('details.party-card[open]').count()) === 0, 'a card stayed open');
    const summary = await page.locator('ol.party-list > li').nth(3).locator('summary.party-summary').innerText();
    for (const text of ['#4', '10003', '10.0.0.4', 'NodePort 30004']) assert(summary.includes(text), `summary "${summary}" lacks ${text}`);
    await shot(page, 'party-cards-folded');
    // One card by its summary, then all again.
    await page.click('ol.party-list > li:nth-child(2) summary.party-summary');
    assert((await page.locator('details.party-card[open]').count()) === 1, 'a click on a summary did not unfold one card');
    await page.click('#parties-expand-all');
    assert((await page.locator('details.party-card[open]').count()) === 20, 'expand all left cards folded');
    assert(Math.abs((await partyListHeight(page)) - open_) < 2, 'expand all did not restore the form');
    await context.close();
  });

  await check('party cards: a folded card shows its problems, and the error summary unfolds it', async () => {
    const context = await newContext({ viewport: { width: 1400, height: 900 } });
    const doc = structuredClone(TWENTY);
    doc.parties[14].address = '300.1.1.1';
    const page = await open(env, context, doc, { valid: false });
    await page.click('#parties-collapse-all');
    const card = page.locator('ol.party-list > li').nth(14);
    assert(await card.evaluate((li) => li.classList.contains('has-problems')), 'card not marked');
    const badge = card.locator('summary .badge');
    assert((await badge.isVisible()) && /1 problem/.test(await badge.innerText()), 'folded card does not show its problem');
    await page.click('#error-summary a[href="#f-parties-14-address"]');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'f-parties-14-address');
    assert(await card.locator('details.party-card').evaluate((d) => d.open), 'the card stayed folded');
    // The card stays unfolded when the page draws again (the state followed the browser).
    await page.fill('#f-parties-14-address', '10.0.0.15');
    await page.waitForFunction(() => !document.querySelector('ol.party-list > li:nth-child(15)').classList.contains('has-problems'));
    assert(await card.locator('details.party-card').evaluate((d) => d.open), 'the card folded again after an edit');
    await context.close();
  });
}
