// Start right: a first visit (no autosave, no share link) opens on the preset chooser,
// keyboard first; each preset gives its federation; the addresses, hosts, registry and NFS
// server it fills in are marked "example value" (on the field, in the problem list and the
// download bar's count) and hold the download back until edited or accepted; "Presets…" in
// the toolbar reaches the chooser later (undo brings the previous document back); a new party
// gets an empty, required address.

import path from 'node:path';
import { assert, zipEntries } from '../lib.mjs';

/** Each preset: its button, the parties and exchange it gives, and the example fields. */
const PRESETS = [
  { key: 'two-parties-exchange', parties: ['10000', '9999'], exchange: true,
    examples: ['f-parties-0-address', 'f-parties-1-address', 'f-exchange-address'] },
  { key: 'mesh', parties: ['10000', '9999', '8888'], exchange: false,
    examples: ['f-parties-0-address', 'f-parties-1-address', 'f-parties-2-address'] },
  { key: 'dmz', parties: ['10000', '9999'], exchange: true,
    examples: ['f-parties-0-address', 'f-parties-0-dmz-host', 'f-parties-1-address', 'f-exchange-address'] },
  { key: 'air-gapped', parties: ['10000', '9999'], exchange: true,
    examples: ['f-parties-0-address', 'f-parties-1-address', 'f-exchange-address', 'f-images-registry', 'f-storage-server', 'f-storage-path'] },
  { key: 'fate22', parties: ['10000', '9999'], exchange: true, version: '2.2.0',
    examples: ['f-parties-0-address', 'f-parties-1-address', 'f-exchange-address'] },
  { key: 'fate22-tls', parties: ['10000', '9999'], exchange: true, version: '2.2.0', tls: true,
    examples: ['f-parties-0-address', 'f-parties-1-address', 'f-exchange-address'] },
  { key: 'empty', parties: [], exchange: false, examples: [] },
];

const partyIds = (page) => page.locator('ol.party-list > li input[id$="-id"]').evaluateAll((inputs) => inputs.map((i) => i.value));

export default async function presets(env) {
  const { check, newContext, origin, artifacts, shot } = env;

  const firstVisit = async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.waitForSelector('#preset-picker');
    return { context, page };
  };

  await check('presets: a first visit opens on the chooser, keyboard first, each choice named and described', async () => {
    const { context, page } = await firstVisit();
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'preset-two-parties-exchange');
    for (const { key } of PRESETS) {
      const button = page.locator(`#preset-${key}`);
      const name = await button.getAttribute('aria-label');
      const described = await button.getAttribute('aria-describedby');
      assert(name && name.length > 3, `preset ${key} has no accessible name`);
      assert(described && (await page.locator(`#${described}`).innerText()).length > 20, `preset ${key} has no description`);
    }
    await shot(page, 'presets-chooser', false);
    // Tab to the mesh, Enter chooses it.
    await page.keyboard.press('Tab');
    assert((await page.evaluate(() => document.activeElement.id)) === 'preset-mesh', 'Tab does not reach the next preset');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#preset-picker', { state: 'detached' });
    assert(JSON.stringify(await partyIds(page)) === JSON.stringify(['10000', '9999', '8888']), 'the mesh preset was not applied');
    // Escape closes the chooser opened from the toolbar, keeping the document.
    await page.click('#open-presets');
    await page.waitForSelector('#preset-picker');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#preset-picker', { state: 'detached' });
    assert((await partyIds(page)).length === 3, 'closing the chooser changed the document');
    await context.close();
  });

  for (const preset of PRESETS) {
    await check(`presets: "${preset.key}" gives its federation, its example values marked and the download held back`, async () => {
      const { context, page } = await firstVisit();
      await page.click(`#preset-${preset.key}`);
      await page.waitForSelector('#preset-picker', { state: 'detached' });
      assert(JSON.stringify(await partyIds(page)) === JSON.stringify(preset.parties), `parties ${await partyIds(page)}`);
      assert((await page.isChecked('#f-exchange')) === preset.exchange, 'exchange switch');
      if (preset.version) assert((await page.inputValue('#f-fateVersion')) === preset.version, 'FATE version');
      if (preset.tls) assert(await page.isChecked('#f-tls-enabled'), 'mutual TLS is off');
      const marked = await page.locator('.field.is-example input').evaluateAll((inputs) => inputs.map((i) => i.id));
      assert(JSON.stringify(marked.sort()) === JSON.stringify([...preset.examples].sort()), `marked: ${marked}`);
      for (const id of preset.examples) {
        const describedBy = await page.getAttribute(`#${id}`, 'aria-describedby');
        assert(describedBy && describedBy.split(' ').includes(`${id}-example`), `${id} is not described as an example`);
        assert((await page.locator(`#${id}-example`).innerText()) === 'example value', `${id} has no visible marker`);
      }
      if (preset.examples.length) {
        assert(await page.isDisabled('#download-all'), 'download enabled with example values');
        const listed = await page.locator('#error-summary li').allInnerTexts();
        assert(listed.filter((t) => /example value/.test(t)).length === preset.examples.length, `problem list: ${listed.join(' | ')}`);
        if (await page.locator('#problems-link').count()) {
          const count = await page.locator('#problems-link').innerText();
          assert(count.includes(String(preset.examples.length)), `the download bar counts ${count}`);
        }
      }
      if (preset.key === 'empty') {
        // Nothing valid was ever made: the status says why there is no zip, not "generating…".
        const status = await page.locator('#generation-status').innerText();
        assert(status === 'no bundle until the problems are fixed', `download status: ${status}`);
      }
      if (preset.key === 'air-gapped') {
        // Every example edited: the download is there without accepting anything.
        const own = { 'f-images-registry': 'registry.corp.internal/fate', 'f-storage-path': '/srv/nfs/fate' };
        for (const [n, id] of preset.examples.entries()) await page.fill(`#${id}`, own[id] || `10.77.0.${n + 1}`);
        await page.waitForSelector('#examples-notice', { state: 'detached' });
        assert((await page.locator('.example-marker').count()) === 0, 'markers left after every example was edited');
        await page.waitForSelector('#download-all:not([disabled])');
        // Undo brings the last example back, with its marker.
        await page.keyboard.press('Control+z');
        await page.waitForSelector('#f-storage-path-example');
        await page.keyboard.press('Control+Shift+Z');
        await page.waitForSelector('#f-storage-path-example', { state: 'detached' });
      } else if (preset.examples.length) {
        await page.click('#accept-examples');
        await page.waitForSelector('#examples-notice', { state: 'detached' });
        assert((await page.locator('.example-marker').count()) === 0, 'markers left after accepting');
      }
      if (preset.parties.length) {
        await page.waitForSelector('#download-all:not([disabled])');
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-all')]);
        const zip = path.join(artifacts, `preset-${preset.key}.zip`);
        await download.saveAs(zip);
        const entries = zipEntries(zip);
        for (const id of preset.parties) assert(entries.some((e) => e.startsWith(`fate-${id}/`)), `zip lacks fate-${id}/`);
        assert(entries.some((e) => e.startsWith('fate-exchange/')) === preset.exchange, 'exchange chart in the zip');
        if (preset.key === 'dmz') assert(entries.some((e) => e.startsWith('dmz-10000/')), 'zip lacks dmz-10000/');
        if (preset.tls) assert(entries.includes('tls/ca.key'), 'zip lacks the authority');
      } else {
        assert(await page.isDisabled('#download-all'), 'an empty document downloads');
      }
      await shot(page, `presets-${preset.key}`, false);
      await context.close();
    });
  }

  await check('presets: "Presets…" replaces the document, undo brings it back; a new party has an empty, required address', async () => {
    const { context, page } = await firstVisit();
    await page.click('#preset-fate22');
    await page.click('#accept-examples');
    await page.fill('#f-parties-0-address', '10.1.1.1');
    await page.click('#open-presets');
    await page.click('#preset-mesh');
    await page.waitForSelector('#f-parties-2-id');
    assert((await page.inputValue('#f-fateVersion')) !== '2.2.0', 'the mesh preset kept FATE 2.2');
    await page.click('#undo');
    await page.waitForFunction(() => document.querySelectorAll('ol.party-list > li').length === 2);
    assert((await page.inputValue('#f-parties-0-address')) === '10.1.1.1', 'undo did not bring the edited document back');
    assert((await page.inputValue('#f-fateVersion')) === '2.2.0', 'undo did not bring FATE 2.2 back');
    // Add party: no invented address; the empty one is a problem at its field.
    await page.click('#f-parties');
    await page.waitForSelector('#f-parties-2-id');
    assert((await page.inputValue('#f-parties-2-address')) === '', 'the new party got an invented address');
    await page.waitForSelector('#f-parties-2-address-error');
    assert((await page.getAttribute('#f-parties-2-address', 'aria-invalid')) === 'true', 'the empty address is not invalid');
    assert(await page.isDisabled('#download-all'), 'download enabled without the new party address');
    await page.fill('#f-parties-2-address', '10.1.1.3');
    await page.waitForSelector('#download-all:not([disabled])');
    await context.close();
  });
}
