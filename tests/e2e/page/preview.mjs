// The preview and its file tree: after an edit the changed files are marked in the tree and the
// changed lines in the previewed file; YAML, JSON and shell are highlighted (readable in light
// and dark mode); a single file downloads with the zip entry's bytes; passwords are masked until
// Reveal (Copy gives the real file) and the reveal is not kept over a reload; file names fit the
// tree at 1400, 1024 and 390 px.

import fs from 'node:fs';
import path from 'node:path';
import { SAMPLE_DOC, assert, shareLink, zipEntries, zipRead } from '../lib.mjs';

const DOC = SAMPLE_DOC;

/** Opens the folders on the way to `file` and shows it in the preview. */
async function select(page, file) {
  const parts = file.split('/');
  for (let i = 1; i < parts.length; i += 1) {
    const folder = page.locator(`.tree-folder[data-folder="${parts.slice(0, i).join('/')}/"]`);
    if ((await folder.getAttribute('aria-expanded')) !== 'true') await folder.click();
  }
  await page.click(`button.tree-file[data-path="${file}"]`);
  await page.waitForFunction((f) => document.querySelector('#preview-path')?.textContent === f, file);
}

/** Opens every folder of the tree. */
async function openAll(page) {
  for (let round = 0; round < 10; round += 1) {
    const closed = page.locator('.tree-folder[aria-expanded="false"]');
    if ((await closed.count()) === 0) return;
    await closed.first().click();
  }
}

const previewText = (page) => page.locator('#preview-code').innerText();

/** The full zip, downloaded. */
async function downloadZip(page, artifacts, name) {
  await page.waitForSelector('#download-all:not([disabled])');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-all')]);
  const file = path.join(artifacts, name);
  await download.saveAs(file);
  return file;
}

/** WCAG contrast of two `rgb(…)` colours. */
function contrast(a, b) {
  const lum = (rgb) => {
    const [r, g, bl] = rgb.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Every token class in the preview with its colour's contrast against the code box. */
const tokenContrasts = (page) =>
  page.evaluate(() => {
    const box = getComputedStyle(document.querySelector('#preview-code')).backgroundColor;
    const seen = {};
    for (const el of document.querySelectorAll('#preview-code [class^="tok-"]')) {
      if (!seen[el.className]) seen[el.className] = { color: getComputedStyle(el).color, box };
    }
    return seen;
  });

export default async function preview(env) {
  const { check, origin, artifacts } = env;

  await check('preview: an edited NodePort marks the changed files and highlights the changed line in values.yaml', async () => {
    const context = await env.newContext();
    const page = await context.newPage();
    await page.goto(shareLink(origin, DOC));
    await env.ready(page);
    await select(page, 'fate-9999/values.yaml');
    assert((await page.locator('#preview-code .line.added').count()) === 0, 'lines marked before any edit');
    assert((await page.locator('.tree-file[data-change]').count()) === 0, 'files marked before any edit');

    await page.fill('#f-parties-1-nodePort', '30019');
    await page.waitForSelector('#preview-code .line.added', { timeout: 10000 });
    const added = await page.locator('#preview-code .line.added').allInnerTexts();
    assert(added.length >= 1 && added.length <= 3, `changed lines: ${JSON.stringify(added)}`);
    assert(added.some((line) => /nodePort: 30019/.test(line)), `the new NodePort is not among the marked lines: ${JSON.stringify(added)}`);
    assert(!added.some((line) => /30009/.test(line)), 'a marked line still shows the old NodePort');
    // The changed line (far down the file) is scrolled into view inside the code box.
    await page.waitForFunction(() => {
      const box = document.querySelector('#preview-code').getBoundingClientRect();
      const line = document.querySelector('#preview-code .line.added').getBoundingClientRect();
      return line.top >= box.top && line.bottom <= box.bottom;
    }, null, { timeout: 5000 });
    assert(/^last edit: \+\d+ −\d+ lines?$/.test(await page.locator('#file-change').innerText()), 'no change note for the file');

    await openAll(page);
    const marked = await page.locator('.tree-file[data-change]').evaluateAll((els) =>
      Object.fromEntries(els.map((el) => [el.dataset.path, el.dataset.change])),
    );
    assert(marked['fate-9999/values.yaml'] === 'changed', `values.yaml not marked: ${JSON.stringify(marked)}`);
    assert(marked['README.md'] === 'changed', `README.md (its route table) not marked: ${JSON.stringify(marked)}`);
    assert(!('fate-10000/Chart.yaml' in marked) && !('fate-9999/Chart.yaml' in marked), `unchanged charts marked: ${JSON.stringify(marked)}`);
    const count = Object.keys(marked).length;
    const summary = await page.locator('#change-summary').innerText();
    assert(summary.startsWith(`${count} files changed by the last edit`), `summary "${summary}" for ${count} marked files`);
    assert((await page.locator('.tree-folder .change-mark').count()) >= 1, 'no folder marked');

    // The marks stay while other files are looked at, until the next edit.
    await select(page, 'README.md');
    const readme = await page.locator('#preview-code .line.added').allInnerTexts();
    assert(readme.some((line) => line.includes('30019')), `README's changed lines: ${JSON.stringify(readme)}`);
    await select(page, 'fate-9999/values.yaml');
    assert((await page.locator('#preview-code .line.added').count()) === added.length, 'marks gone after looking at another file');
    await env.shot(page, 'preview-changed-line', false);

    // The next edit replaces the marks: party 10000's NodePort is not in fate-9999's values.
    await page.fill('#f-parties-0-nodePort', '30020');
    await page.waitForFunction(() => document.querySelector('.tree-file[data-path="fate-10000/values.yaml"]')?.dataset.change === 'changed', null, { timeout: 10000 });
    assert((await page.getAttribute('.tree-file[data-path="fate-9999/values.yaml"]', 'data-change')) === null, 'fate-9999/values.yaml still marked after the next edit');
    assert((await page.locator('#preview-code .line.added').count()) === 0, 'lines of fate-9999/values.yaml still marked after the next edit');
    assert(!(await page.isVisible('#file-change')) || /unchanged/.test(await page.locator('#file-change').innerText()), 'the file still says it changed');

    // Removing a party lists its files as removed (struck through, not selectable).
    page.on('dialog', (dialog) => dialog.accept());
    await env.partyRows(page).nth(1).locator('button.danger', { hasText: 'Remove' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.tree-folder[data-folder="fate-9999/"]').length === 1 && document.querySelector('#change-summary')?.textContent.includes('removed'), null, { timeout: 10000 });
    await openAll(page);
    const removed = page.locator('.tree-file.removed[data-path="fate-9999/values.yaml"]');
    assert((await removed.count()) === 1, 'fate-9999/values.yaml is not listed as removed');
    assert(/removed/.test(await removed.innerText()), 'the removed file carries no mark');
    assert((await page.locator('button.tree-file[data-path="fate-9999/values.yaml"]').count()) === 0, 'a removed file can still be chosen');
    await context.close();
  });

  for (const colorScheme of ['light', 'dark']) {
    await check(`preview: YAML, JSON and shell are highlighted with readable colours (${colorScheme})`, async () => {
      const context = await env.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(shareLink(origin, DOC));
      await env.ready(page);
      const want = {
        'fate-9999/values.yaml': ['tok-key', 'tok-num', 'tok-com', 'tok-str'],
        'fate-9999/values.schema.json': ['tok-key', 'tok-str', 'tok-punct'],
        'install.sh': ['tok-com', 'tok-kw', 'tok-var', 'tok-str'],
        'README.md': ['tok-head', 'tok-code'],
        'fate-9999/templates/deployment-proxy.yaml': ['tok-tpl', 'tok-key'],
      };
      for (const [file, classes] of Object.entries(want)) {
        await select(page, file);
        const seen = await tokenContrasts(page);
        for (const css of classes) assert(seen[css], `${file}: no ${css} span (${Object.keys(seen).join(', ')})`);
        for (const [css, { color, box }] of Object.entries(seen)) {
          const ratio = contrast(color, box);
          assert(ratio >= 4.5, `${file}: ${css} ${color} on ${box} has contrast ${ratio.toFixed(2)} < 4.5`);
        }
        // The highlighted text is the file's text.
        const text = await previewText(page);
        assert(text.split('\n').length >= 5, `${file}: ${text.length} characters shown`);
      }
      if (colorScheme === 'dark') {
        await select(page, 'install.sh');
        await env.shot(page, 'preview-highlight-dark', false);
      }
      await context.close();
    });
  }

  await check('preview: a single file downloads with the bytes of its zip entry; Copy gives the real values.yaml', async () => {
    const context = await env.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const page = await context.newPage();
    await page.goto(shareLink(origin, DOC));
    await env.ready(page);
    const zip = await downloadZip(page, artifacts, 'preview-federation.zip');
    const entries = zipEntries(zip);
    for (const file of ['install.sh', 'fate-9999/values.yaml', 'fate-9999/values.schema.json']) {
      assert(entries.includes(file), `${file} not in the zip`);
      await select(page, file);
      const name = await page.getAttribute('#download-file', 'aria-label');
      assert(name === `Download ${file}`, `download button named "${name}"`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-file')]);
      assert(download.suggestedFilename() === path.basename(file), `saved as ${download.suggestedFilename()}`);
      const saved = path.join(artifacts, `preview-single-${path.basename(file)}`);
      await download.saveAs(saved);
      const bytes = fs.readFileSync(saved, 'utf8');
      assert(bytes === zipRead(zip, file), `${file}: the download differs from the zip entry (${bytes.length} vs ${zipRead(zip, file).length} bytes)`);
    }
    // Copy gives the file as it is, passwords included, while the preview masks them.
    await select(page, 'fate-9999/values.yaml');
    await page.click('#copy-file');
    await page.waitForFunction(() => /Copied/.test(document.querySelector('.file-preview .copy-status')?.textContent ?? ''));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert(copied === zipRead(zip, 'fate-9999/values.yaml'), 'the copied values.yaml differs from the zip entry');
    await context.close();
  });

  await check('preview: passwords in values.yaml are hidden until Reveal, then shown; the reveal is not kept over a reload', async () => {
    const context = await env.newContext();
    const page = await context.newPage();
    await page.goto(shareLink(origin, DOC));
    await env.ready(page);
    const zip = await downloadZip(page, artifacts, 'preview-secrets.zip');
    for (const party of ['9999', '10000']) {
      const file = `fate-${party}/values.yaml`;
      const passwords = [...zipRead(zip, file).matchAll(/^\s+(mysqlRootPassword|mysqlPassword|redisPassword): (\S+)$/gm)].map((m) => m[2]);
      assert(passwords.length === 3, `${file}: ${passwords.length} passwords found in the zip`);
      await select(page, file);
      const masked = await previewText(page);
      for (const password of passwords) assert(!masked.includes(password), `${file}: a password is visible before Reveal`);
      assert((await page.locator('#preview-code .masked').count()) === 3, 'not three masked values');
      assert((await page.getAttribute('#reveal-secrets', 'aria-pressed')) === 'false', 'reveal pressed at start');
      assert(/Copy and Download give the whole file/.test(await page.locator('#secret-note').innerText()), 'no note that Copy and Download give the real file');
      assert((await page.getAttribute('#copy-file', 'aria-describedby')) === 'secret-note', 'Copy is not described by the note');
      await page.click('#reveal-secrets');
      await page.waitForFunction(() => document.querySelectorAll('#preview-code .masked').length === 0);
      const shown = await previewText(page);
      for (const password of passwords) assert(shown.includes(password), `${file}: a password is still hidden after Reveal`);
      assert((await page.getAttribute('#reveal-secrets', 'aria-pressed')) === 'true', 'reveal not pressed');
      await page.click('#reveal-secrets');
      await page.waitForSelector('#preview-code .masked');
    }
    // Files without secrets have no Reveal button.
    await select(page, 'install.sh');
    assert((await page.locator('#reveal-secrets').count()) === 0, 'a Reveal button on install.sh');
    // Revealed, then reloaded: masked again, and nothing of it in storage.
    await select(page, 'fate-9999/values.yaml');
    await page.click('#reveal-secrets');
    await page.waitForFunction(() => document.querySelectorAll('#preview-code .masked').length === 0);
    page.on('dialog', (dialog) => dialog.accept());
    await page.reload();
    await env.ready(page);
    await select(page, 'fate-9999/values.yaml');
    await page.waitForSelector('#preview-code .masked');
    assert((await page.getAttribute('#reveal-secrets', 'aria-pressed')) === 'false', 'reveal kept over a reload');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    assert(!/reveal/i.test(stored), 'the reveal state is in browser storage');
    await context.close();
  });

  for (const width of [1400, 1024, 390]) {
    await check(`preview: every file name fits the tree at ${width} px`, async () => {
      const context = await env.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(shareLink(origin, DOC));
      await env.ready(page);
      await openAll(page);
      const cut = await page.locator('.file-tree .file-name').evaluateAll((els) =>
        els.filter((el) => el.scrollWidth > el.clientWidth || el.getBoundingClientRect().right > el.closest('.file-tree').getBoundingClientRect().right + 0.5).map((el) => `${el.textContent} (${el.scrollWidth} > ${el.clientWidth})`),
      );
      const names = await page.locator('.file-tree .file-name').count();
      assert(names >= 99, `only ${names} names shown with every folder open`);
      if (width === 390) await env.shot(page, 'preview-tree-390', false);
      await context.close();
      assert(cut.length === 0, `${cut.length} names cut off: ${cut.slice(0, 5).join(', ')}`);
    });
  }
}
