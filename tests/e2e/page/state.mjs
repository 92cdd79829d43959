// Nothing typed is lost: a party's DMZ switch keeps its NodePort and DMZ settings (and its
// section stays open), a reload of the page's own address restores the autosave instead of
// posing as a share link, and passwords typed in this tab (which are never stored) make
// leaving the page ask first, with a visible offer to save them as fate-credentials.yaml.

import fs from 'node:fs';
import path from 'node:path';
import { SAMPLE_DOC, assert, shareLink } from '../lib.mjs';

const DOC = SAMPLE_DOC;

export default async function state(env) {
  const { check, newContext, ready, origin, artifacts, shot } = env;

  const open = async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(shareLink(origin, DOC));
    await ready(page);
    return { context, page };
  };

  await check('state: the DMZ switch off and on keeps the NodePort, the DMZ host and port, and the section open', async () => {
    const { context, page } = await open();
    if (!(await page.isVisible('#f-parties-1-dmz'))) await page.click('#f-parties-1 .party-more > summary');
    await page.check('#f-parties-1-dmz');
    await page.fill('#f-parties-1-dmz-host', '203.0.113.9');
    await page.fill('#f-parties-1-dmz-port', '19370');
    await page.waitForSelector('.file-tree button.tree-folder:has-text("dmz-9999/")');
    await page.uncheck('#f-parties-1-dmz');
    await page.waitForSelector('#f-parties-1-nodePort');
    const port = await page.inputValue('#f-parties-1-nodePort');
    assert(port === '30009', `the party's NodePort became ${port} (was 30009)`);
    assert(await page.locator('#f-parties-1 .party-more').evaluate((d) => d.open), 'the DMZ section folded when switched off');
    await page.check('#f-parties-1-dmz');
    await page.waitForSelector('#f-parties-1-dmz-host');
    const host = await page.inputValue('#f-parties-1-dmz-host');
    const dmzPort = await page.inputValue('#f-parties-1-dmz-port');
    assert(host === '203.0.113.9' && dmzPort === '19370', `DMZ settings after off/on: ${host}:${dmzPort}`);
    await page.uncheck('#f-parties-1-dmz');
    assert((await page.inputValue('#f-parties-1-nodePort')) === '30009', 'NodePort lost on the second switch');
    await shot(page, 'state-dmz-toggle');
    await context.close();
  });

  await check('state: a reload of the own address restores the autosave, without the share link notice', async () => {
    const { context, page } = await open();
    const opened = await page.locator('#notice').innerText();
    assert(/share link/i.test(opened), `a share link opened without its notice: ${opened}`);
    await page.fill('#f-parties-0-address', '10.20.0.1');
    // The address bar follows the edit (after a short pause).
    await page.waitForFunction(() => window.location.hash.startsWith('#c=1.') && localStorage.getItem('fate-configurator.config.v1').includes('10.20.0.1'));
    await page.waitForTimeout(400);
    await page.reload();
    await ready(page);
    assert((await page.inputValue('#f-parties-0-address')) === '10.20.0.1', 'the edit did not survive the reload');
    const notice = await page.locator('#notice').innerText();
    assert(!/share link/i.test(notice), `a reload posed as a share link: ${notice}`);
    assert(/restored/i.test(notice), `no restore notice after the reload: ${notice}`);
    assert(!(await page.isVisible('#preset-picker')), 'the preset chooser opened on a reload');
    // The same address in a new tab is a link followed: a share link again.
    const other = await context.newPage();
    await other.goto(page.url());
    await ready(other);
    assert(/share link/i.test(await other.locator('#notice').innerText()), 'a link opened in a new tab is not a share link');
    await context.close();
  });

  await check('state: typed passwords warn before the page is left and offer fate-credentials.yaml; never stored', async () => {
    const { context, page } = await open();
    const dialogs = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      dialog.dismiss().catch(() => {});
    });
    assert(!(await page.isVisible('#secrets-notice')), 'the offer shows before anything was typed');
    const typed = 'My-own-mysql-password-42';
    await page.click('#f-credentials-10000-mysqlPassword');
    await page.keyboard.press('Control+a');
    await page.keyboard.type(typed);
    await page.waitForSelector('#secrets-notice');
    assert(/exist only in this tab/.test(await page.locator('#secrets-notice').innerText()), 'the offer does not say why');
    // Leaving (closing the tab, reloading) asks first; staying keeps the password.
    await page.close({ runBeforeUnload: true });
    await page.waitForTimeout(500);
    assert(dialogs.includes('beforeunload'), `no beforeunload question: ${JSON.stringify(dialogs)}`);
    assert(!page.isClosed(), 'the page closed despite the dismissed question');
    assert((await page.inputValue('#f-credentials-10000-mysqlPassword')) === typed, 'the typed password is gone');
    // The export: the credentials file the CLI reads, with the typed password.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-credentials')]);
    assert(download.suggestedFilename() === 'fate-credentials.yaml', `file ${download.suggestedFilename()}`);
    const file = path.join(artifacts, 'state-fate-credentials.yaml');
    await download.saveAs(file);
    const text = fs.readFileSync(file, 'utf8');
    assert(/^credentials:$/m.test(text) && text.includes(`mysqlPassword: ${typed}`), `credentials file:\n${text}`);
    await page.waitForSelector('#secrets-notice', { state: 'detached' });
    // Never in storage or the URL.
    const seen = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, url: window.location.href, share: document.querySelector('#share-link').value }));
    assert(!seen.includes(typed), 'the typed password is in storage, the URL or the share link');
    // Saved: leaving no longer asks.
    const before = dialogs.length;
    const closed = new Promise((resolve) => page.once('close', resolve));
    await page.close({ runBeforeUnload: true });
    await Promise.race([closed, page.waitForTimeout(3000).catch(() => {})]);
    assert(dialogs.length === before, 'leaving asked again after the credentials were saved');
    assert(page.isClosed(), 'the page did not close after the credentials were saved');
    await context.close();
  });

  await check('state: revealing the passwords also makes leaving ask first', async () => {
    const { context, page } = await open();
    const dialogs = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      dialog.dismiss().catch(() => {});
    });
    await page.click('button[aria-label="Reveal passwords of party 10000"]');
    await page.waitForSelector('#secrets-notice');
    await page.close({ runBeforeUnload: true });
    await page.waitForTimeout(500);
    assert(dialogs.includes('beforeunload'), `no beforeunload question after a reveal: ${JSON.stringify(dialogs)}`);
    assert(!page.isClosed(), 'the page closed despite the dismissed question');
    await context.close();
  });
}
