// The main action is always at hand: the Download button stays in the viewport after scrolling
// at 1400, 1024 and 390 px (the page and, on wide screens, the output column), "Skip to
// download" focuses it, Ctrl+Enter downloads the zip, the button's accessible name says what
// it downloads, and the problem count is a link that focuses the first problem's field.

import path from 'node:path';
import { SAMPLE_DOC, assert, shareLink, zipEntries } from '../lib.mjs';

const DOC = SAMPLE_DOC;

/** Whether the element `selector` is wholly inside the viewport and is what a click at its
 *  centre reaches (not covered by anything). */
const inView = (page, selector) =>
  page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const inside = r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { inside, reachable: !!hit && el.contains(hit), box: `${r.left},${r.top} ${r.width}x${r.height} in ${window.innerWidth}x${window.innerHeight}` };
  });

export default async function actionBar(env) {
  const { check, newContext, ready, origin, artifacts, shot } = env;

  const open = async (width, height) => {
    const context = await newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await page.goto(shareLink(origin, DOC));
    await ready(page);
    // The first regeneration has been drawn.
    await page.waitForFunction(() => /regenerated in/.test(document.querySelector('#generation-status')?.innerText ?? ''));
    return { context, page };
  };

  for (const [width, height] of [[1400, 900], [1024, 768], [390, 844]]) {
    await check(`action bar: Download stays in view after scrolling at ${width} px`, async () => {
      const { context, page } = await open(width, height);
      const scrollHeight = await page.evaluate(() => document.documentElement.scrollHeight);
      assert(scrollHeight > 1.5 * height, `the page is only ${scrollHeight} px tall: nothing to scroll`);
      const positions = [
        ['top', () => window.scrollTo(0, 0)],
        ['middle', () => window.scrollTo(0, document.documentElement.scrollHeight / 2)],
        ['bottom', () => window.scrollTo(0, document.documentElement.scrollHeight)],
        // Wide screens: the output column scrolls on its own (the file preview is long).
        ['output column scrolled', () => {
          const column = document.querySelector('.preview-column');
          column.scrollTop = column.scrollHeight;
          column.scrollIntoView({ block: 'end' });
        }],
      ];
      for (const [where, scroll] of positions) {
        await page.evaluate(scroll);
        await page.waitForTimeout(50);
        const seen = await inView(page, '#download-all');
        assert(seen.inside && seen.reachable, `at ${where}: the Download button is not in view (${seen.box}, reachable: ${seen.reachable})`);
      }
      for (const [where, scroll] of positions) {
        await page.evaluate(scroll);
        const summary = await inView(page, '#bundle-summary');
        assert(summary.inside, `at ${where}: the bundle summary is not in view (${summary.box})`);
      }
      // Nothing of the page is hidden for good under a bar fixed at the bottom: the footer
      // can be scrolled above it.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const covered = await page.evaluate(() => {
        const footer = document.querySelector('#app-version').getBoundingClientRect();
        const bar = document.querySelector('#action-bar').getBoundingClientRect();
        return footer.bottom > bar.top && footer.top < bar.bottom;
      });
      assert(!covered, 'the action bar covers the end of the page');
      await shot(page, `action-bar-${width}px`, false);
      await context.close();
    });
  }

  await check('action bar: the Download button is named by what it downloads, and Ctrl+Enter downloads it', async () => {
    const { context, page } = await open(1024, 768);
    const summary = await page.locator('#bundle-summary').innerText();
    const match = summary.match(/^2 parties \+ exchange, (\d+) files$/);
    assert(match, `bundle summary: ${summary}`);
    const name = `Download fate-federation.zip \u2014 ${summary}`;
    assert((await page.getByRole('button', { name, exact: true }).count()) === 1, `no button named "${name}"`);
    assert((await page.getByRole('button', { name, exact: true }).getAttribute('id')) === 'download-all', 'the named button is not #download-all');
    const title = await page.getAttribute('#download-all', 'title');
    assert(/Ctrl\+Enter/.test(title), `title: ${title}`);
    assert((await page.getAttribute('#download-all', 'aria-keyshortcuts')).includes('Control+Enter'), 'aria-keyshortcuts');
    // From inside a text field, as an operator would after the last edit.
    await page.focus('#f-parties-0-address');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.keyboard.press('Control+Enter')]);
    assert(download.suggestedFilename() === 'fate-federation.zip', `file name ${download.suggestedFilename()}`);
    const zip = path.join(artifacts, 'action-bar-ctrl-enter.zip');
    await download.saveAs(zip);
    const files = zipEntries(zip).filter((entry) => !entry.endsWith('/'));
    assert(files.length === Number(match[1]), `the zip has ${files.length} files, the name says ${match[1]}`);
    // Cmd+Enter (macOS) too.
    const [again] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.keyboard.press('Meta+Enter')]);
    assert(again.suggestedFilename() === 'fate-federation.zip', `Meta+Enter: ${again.suggestedFilename()}`);
    await context.close();
  });

  await check('action bar: "Skip to download" is the second tab stop and focuses the Download button', async () => {
    const { context, page } = await open(1024, 768);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const link = await page.evaluate(() => ({ id: document.activeElement.id, text: document.activeElement.innerText }));
    assert(link.id === 'skip-to-download' && /Skip to download/.test(link.text), `second tab stop: ${JSON.stringify(link)}`);
    await page.keyboard.press('Enter');
    const focused = await page.evaluate(() => document.activeElement.id);
    assert(focused === 'download-all', `the skip link focused ${focused}`);
    const seen = await inView(page, '#download-all');
    assert(seen.inside, `focused but not in view: ${seen.box}`);
    await context.close();
  });

  await check('action bar: the problem count is a link that focuses the first problem, and Download is off', async () => {
    const { context, page } = await open(390, 844);
    assert((await page.locator('#problems-none').innerText()) === 'No problems', 'no "No problems" while valid');
    await page.fill('#f-parties-1-address', '192.168.11.2');
    await page.fill('#f-parties-1-nodePort', '30010');
    await page.waitForSelector('#problems-link');
    assert((await page.locator('#problems-link').innerText()).trim() === '1 problem', 'problem count');
    assert(await page.isDisabled('#download-all'), 'download still enabled');
    // The button names no zip it would not make: no summary of the last valid bundle.
    assert((await page.locator('#bundle-summary').count()) === 0, 'a bundle summary while Download is off');
    assert((await page.getAttribute('#download-all', 'aria-label')) === 'Download fate-federation.zip', 'the name of the disabled button');
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const seen = await inView(page, '#problems-link');
    assert(seen.inside && seen.reachable, `the problem link is not in view: ${seen.box}`);
    await page.click('#problems-link');
    const focused = await page.evaluate(() => document.activeElement.id);
    assert(focused === 'f-parties-1-nodePort', `the problem link focused ${focused}`);
    const field = await inView(page, '#f-parties-1-nodePort');
    assert(field.inside && field.reachable, `the focused field is out of view or under the bar: ${field.box}`);
    // Ctrl+Enter with a problem goes to it instead of downloading.
    await page.focus('#f-exchange-address');
    await page.keyboard.press('Control+Enter');
    const after = await page.evaluate(() => document.activeElement.id);
    assert(after === 'f-parties-1-nodePort', `Ctrl+Enter with a problem focused ${after}`);
    // "Skip to download" goes to the problem link while Download is off.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.focus('#skip-to-download');
    await page.keyboard.press('Enter');
    const skipped = await page.evaluate(() => document.activeElement.id);
    assert(skipped === 'problems-link', `the skip link focused ${skipped} while Download is off`);
    await context.close();
  });
}
