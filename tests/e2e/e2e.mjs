// End-to-end test of the web configurator: the release build in dist/ served on 127.0.0.1 and
// driven in Debian's headless Chromium with playwright-core (never a downloaded browser).
//
//   source scripts/tools.sh && trunk build --release && node tests/e2e/e2e.mjs
//
// Prints one line per check and `N passed, M failed`; exits 1 on any failure. Screenshots,
// the downloaded zips and timings go to tests/e2e/artifacts/.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { assert, checks, chromium, freePort, LAUNCH, root, waitForServer, zipEntries, zipRead } from './lib.mjs';

// E2E_DIST: another build folder than dist/; E2E_SUITES=a,b: only those topic suites of page/
// (without the main checks), for a quick run while working on one topic.
const dist = process.env.E2E_DIST ? path.resolve(process.env.E2E_DIST) : path.join(root, 'dist');
const onlySuites = process.env.E2E_SUITES ? process.env.E2E_SUITES.split(',').map((name) => name.trim()) : null;
const artifacts = path.join(root, 'tests/e2e/artifacts');
fs.mkdirSync(artifacts, { recursive: true });
if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error('dist/index.html is missing: run `trunk build --release` first');
  process.exit(2);
}

// The old tool's sample kube.cfg.
const SEED_KUBE_CFG_PATH = path.join(root, 'tests/fixtures/seed/kube.cfg');


const { check, finish } = checks();
const timings = {};





function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}




// The PEM texts of a chart's values.yaml (`osx.tls.ca`, `.cert`, `.key`: literal blocks,
// `key: |` and then the text's lines indented under it).
function osxTls(zip, chart) {
  const values = zipRead(zip, `${chart}/values.yaml`);
  const pem = (key) => {
    const match = values.match(new RegExp(`\\n    ${key}: \\|\\n((?:      [^\\n]*\\n)+)`));
    assert(match, `${chart}/values.yaml has no osx.tls.${key} literal block`);
    return match[1].split('\n').map((line) => line.slice(6)).join('\n');
  };
  return { ca: pem('ca'), cert: pem('cert'), key: pem('key') };
}

// The base64 lines of a PEM text's body (what must never reach storage or the URL).
function pemLines(pem) {
  return pem.split('\n').filter((line) => line && !line.startsWith('-----') && line.length >= 16);
}

// The document a share link or the address bar carries (`#c=1.j…` plain or `#c=1.z…`
// raw-deflated JSON, base64url), decoded.
function decodeFragment(url) {
  const at = url.indexOf('#c=1.');
  assert(at >= 0, `no share fragment in ${url}`);
  const mode = url[at + 5];
  const bytes = Buffer.from(url.slice(at + 6), 'base64url');
  return (mode === 'z' ? zlib.inflateRawSync(bytes) : bytes).toString('utf8');
}

// Every key body of a zip made with mutual TLS: the authority's (tls/ca.key) and each OSX's.
function keyLines(zip, charts) {
  const lines = pemLines(zipRead(zip, 'tls/ca.key'));
  for (const chart of charts) lines.push(...pemLines(osxTls(zip, chart).key));
  assert(lines.length >= 4 * 3, `only ${lines.length} key lines`);
  return lines;
}

/** The date `days` from `ms` (UTC), as the page writes expiry dates. */
const utcDate = (ms, days) => new Date(ms + days * 86400000).toISOString().slice(0, 10);

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const server = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', String(port), '-d', dist], { stdio: 'ignore' });
const browser = await chromium.launch(LAUNCH);

// Every request any page makes, to prove nothing leaves the origin.
const requests = [];
const consoleErrors = [];
function watch(context) {
  context.on('request', (request) => requests.push(request.url()));
  context.on('page', (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
  });
}

async function newContext(options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1440, height: 1000 }, ...options });
  watch(context);
  return context;
}

/** The page is drawn (its download button exists), whatever it opened on. */
async function drawn(page) {
  await page.waitForSelector('#download-all', { timeout: 20000 });
}

/** The page is drawn and edits a federation. A first visit (no autosave, no share link) opens
 *  on the preset chooser: then the old sample federation (two parties + exchange) is chosen and
 *  its example addresses kept, which is what the page used to open on. */
async function ready(page) {
  await drawn(page);
  if (await page.locator('#preset-picker').count()) {
    await page.click('#preset-two-parties-exchange');
    await page.click('#accept-examples');
    await page.waitForSelector('#examples-notice', { state: 'detached' });
  }
}

async function shot(page, name, fullPage = true) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage, timeout: 20000 });
}

const partyRows = (page) => page.locator('ol.party-list > li');

async function generationMs(page) {
  await page.waitForFunction(() => /regenerated in/.test(document.querySelector('#generation-status').innerText));
  const text = await page.locator('#generation-status').innerText();
  const match = text.match(/(\d+) files · regenerated in ([\d.]+) ms/);
  assert(match, `unexpected status text: ${text}`);
  return { files: Number(match[1]), ms: Number(match[2]) };
}

try {
  await waitForServer(`${origin}/index.html`);
  const context = await newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  let shareLink = '';

  if (!onlySuites) {
  await check('a first visit offers the presets; two parties + exchange renders with its examples marked until accepted', async () => {
    const started = Date.now();
    await page.goto(`${origin}/`);
    await drawn(page);
    timings.firstRenderMs = Date.now() - started;
    await page.waitForSelector('#preset-picker');
    assert((await partyRows(page).count()) === 0, 'a first visit starts with parties');
    await page.click('#preset-two-parties-exchange');
    await page.waitForSelector('#preset-picker', { state: 'detached' });
    // The sample's addresses are examples: marked, and the download waits for them.
    await page.waitForSelector('#examples-notice');
    assert(await page.isDisabled('#download-all'), 'download enabled with example addresses');
    assert((await page.locator('.example-marker').count()) === 3, 'three addresses should be marked as examples');
    await page.click('#accept-examples');
    await page.waitForSelector('#examples-notice', { state: 'detached' });
    assert((await partyRows(page).count()) === 2, 'expected 2 party rows');
    assert((await page.inputValue('#f-parties-0-id')) === '10000', 'first party is not 10000');
    assert((await page.inputValue('#f-parties-1-id')) === '9999', 'second party is not 9999');
    assert(await page.isChecked('#f-exchange'), 'exchange is not on');
    assert((await page.inputValue('#f-exchange-address')) === '192.168.11.4', 'exchange address');
    const svg = await page.locator('.topology-canvas svg').innerHTML();
    for (const text of ['party 10000', 'party 9999', '>exchange<', '192.168.11.4:30000']) {
      assert(svg.includes(text), `diagram lacks ${text}`);
    }
    assert(!(await page.isDisabled('#download-all')), 'download is disabled');
    assert((await page.locator('.error-summary li').count()) === 0, 'unexpected problems listed');
    for (const field of ['mysqlRootPassword', 'mysqlPassword', 'redisPassword']) {
      const value = await page.inputValue(`#f-credentials-10000-${field}`);
      assert(/^[A-Za-z0-9]{24}$/.test(value), `generated ${field} looks wrong: ${value}`);
      assert((await page.getAttribute(`#f-credentials-10000-${field}`, 'type')) === 'password', 'password not masked');
    }
    const { files, ms } = await generationMs(page);
    timings.regenerate2PartiesMs = ms;
    timings.files2Parties = files;
    await shot(page, '01-default');
  });

  await check('fills the seed federation through the forms; the zip equals the CLI on tests/matrix/seed-default.yaml', async () => {
    // Start from something else: one party, no exchange.
    await page.click('#open-import');
    await page.fill('#import-text', 'version: 1\nparties:\n  - {id: "1", address: 10.0.0.1, nodePort: 30001}\n');
    await page.click('#import-submit');
    await page.waitForSelector('#f-parties-0-id');
    assert((await partyRows(page).count()) === 1, 'expected one party after the import');
    // Type the old sample kube.cfg's federation field by field.
    await page.fill('#f-parties-0-id', '10000');
    await page.fill('#f-parties-0-address', '192.168.11.2');
    await page.fill('#f-parties-0-nodePort', '30010');
    await page.click('#f-parties');
    await page.waitForSelector('#f-parties-1-id');
    await page.fill('#f-parties-1-id', '9999');
    await page.fill('#f-parties-1-address', '192.168.11.3');
    await page.fill('#f-parties-1-nodePort', '30009');
    await page.check('#f-exchange');
    await page.waitForSelector('#f-exchange-address');
    await page.fill('#f-exchange-address', '192.168.11.4');
    await page.fill('#f-exchange-nodePort', '30000');
    await page.waitForSelector('#download-all:not([disabled])');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-all')]);
    const zip = path.join(artifacts, 'typed-seed-federation.zip');
    await download.saveAs(zip);
    // The same federation from the matrix file, with the passwords of the browser's zip.
    const cli = path.join(artifacts, 'typed-seed-federation-cli.zip');
    const run = spawnSync('cargo', ['run', '--release', '--quiet', '--bin', 'fate-chartgen', '--', 'generate',
      path.join(root, 'tests/matrix/seed-default.yaml'), '--credentials', zip, '-o', cli], { cwd: root, encoding: 'utf8' });
    assert(run.status === 0, `CLI failed: ${run.stderr}`);
    assert(Buffer.compare(fs.readFileSync(zip), fs.readFileSync(cli)) === 0,
      'the federation typed into the form differs from tests/matrix/seed-default.yaml');
    if (process.env.FATE_PYTHON) {
      const check = spawnSync(process.env.FATE_PYTHON, [path.join(root, 'tests/helm/check_bundle.py'), zip], { cwd: root, encoding: 'utf8' });
      assert(check.status === 0, `check_bundle.py failed:\n${(check.stdout + check.stderr).split('\n').slice(-25).join('\n')}`);
    }
  });

  await check('every input has a visible label', async () => {
    const unlabeled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => el.type !== 'hidden')
        .filter((el) => {
          const label = el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
          return !label || label.getBoundingClientRect().width === 0;
        })
        .map((el) => el.id || el.outerHTML.slice(0, 60)),
    );
    assert(unlabeled.length === 0, `inputs without a visible <label for>: ${unlabeled.join(', ')}`);
  });

  await check('downloads fate-federation.zip with the same bytes as the CLI', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-all')]);
    assert(download.suggestedFilename() === 'fate-federation.zip', `file name ${download.suggestedFilename()}`);
    const zip = path.join(artifacts, 'fate-federation.zip');
    await download.saveAs(zip);
    const entries = zipEntries(zip);
    for (const entry of ['federation.yaml', 'install.sh', 'fate-10000/Chart.yaml', 'fate-9999/values.yaml', 'fate-exchange/Chart.yaml', 'SHA256SUMS']) {
      assert(entries.includes(entry), `zip lacks ${entry}`);
    }
    const values = zipRead(zip, 'fate-10000/values.yaml');
    const shown = await page.inputValue('#f-credentials-10000-redisPassword');
    assert(values.includes(shown), 'the zip does not carry the passwords shown in the form');
    // Same document + same passwords through the CLI must give the same bytes.
    const doc = path.join(artifacts, 'federation.yaml');
    fs.writeFileSync(doc, zipRead(zip, 'federation.yaml'));
    const cli = path.join(artifacts, 'cli-fate-federation.zip');
    const run = spawnSync('cargo', ['run', '--release', '--quiet', '--bin', 'fate-chartgen', '--', 'generate', doc, '--credentials', zip, '-o', cli], { cwd: root, encoding: 'utf8' });
    assert(run.status === 0, `CLI failed: ${run.stderr}`);
    if (Buffer.compare(fs.readFileSync(zip), fs.readFileSync(cli)) !== 0) {
      const newest = Math.max(newestMtime(path.join(root, 'src/generator')), newestMtime(path.join(root, 'charts')));
      const built = fs.statSync(path.join(dist, 'index.html')).mtimeMs;
      const hint = newest > built ? ' (src/generator or charts/ changed after dist/ was built: run `trunk build --release` again)' : '';
      throw new Error(`browser zip and CLI zip differ${hint}`);
    }
  });

  await check('the bundle passes tests/helm/check_bundle.py (when FATE_PYTHON is set)', async () => {
    const checker = path.join(root, 'tests/helm/check_bundle.py');
    if (!process.env.FATE_PYTHON || !fs.existsSync(checker)) {
      console.log('     skipped: FATE_PYTHON unset or tests/helm/check_bundle.py missing');
      return;
    }
    const run = spawnSync(process.env.FATE_PYTHON, [checker, path.join(artifacts, 'fate-federation.zip')], { cwd: root, encoding: 'utf8' });
    fs.writeFileSync(path.join(artifacts, 'check_bundle.log'), run.stdout + run.stderr);
    assert(run.status === 0, `check_bundle.py failed:\n${(run.stdout + run.stderr).split('\n').slice(-25).join('\n')}`);
  });

  await check('per-party and exchange zips download', async () => {
    await page.click('.per-party > summary');
    for (const [id, name] of [['#download-party-9999', 'fate-9999.zip'], ['#download-exchange', 'fate-exchange.zip']]) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
      assert(download.suggestedFilename() === name, `file name ${download.suggestedFilename()}`);
      const file = path.join(artifacts, name);
      await download.saveAs(file);
      const entries = zipEntries(file);
      if (name === 'fate-9999.zip') {
        assert(entries.includes('fate-9999/Chart.yaml') && !entries.some((e) => e.startsWith('fate-10000/')), 'party zip holds other charts');
      } else {
        assert(entries.includes('fate-exchange/Chart.yaml') && !entries.some((e) => e.startsWith('fate-9999/')), 'exchange zip holds party charts');
      }
    }
  });

  await check('adding a third party shows it in preview, diagram and exchange route table', async () => {
    await page.click('#f-parties');
    await page.waitForSelector('#f-parties-2-id');
    assert((await partyRows(page).count()) === 3, 'expected 3 party rows');
    const id = await page.inputValue('#f-parties-2-id');
    assert(id === '10001', `new party id ${id}`);
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    assert(focused === 'f-parties-2-id', `focus is on ${focused}, not the new party's id`);
    // No invented address: the new party's is empty and required.
    assert((await page.inputValue('#f-parties-2-address')) === '', 'the new party got an address');
    await page.waitForSelector('#f-parties-2-address-error');
    assert(await page.isDisabled('#download-all'), 'download enabled without the new address');
    await page.fill('#f-parties-2-address', '192.168.11.5');
    await page.waitForSelector('.file-tree button.tree-folder:has-text("fate-10001/")');
    const svg = await page.locator('.topology-canvas svg').innerHTML();
    assert(svg.includes('party 10001'), 'diagram lacks party 10001');
    const routes = await page.locator('#route-table').innerText();
    assert(routes.includes('10001'), 'exchange route table lacks 10001');
    const port = await page.inputValue('#f-parties-2-nodePort');
    assert(routes.includes(`192.168.11.5:${port}`), `route table lacks 192.168.11.5:${port}`);
    // The exchange's route_table.json in the preview lists the new party too.
    await page.click('.file-tree button.tree-folder:has-text("fate-exchange/")');
    const valuesButton = page.locator('.file-tree button.tree-file[data-path="fate-exchange/values.yaml"]');
    await valuesButton.click();
    const preview = await page.locator('.file-preview pre').innerText();
    assert(preview.includes('10001'), 'exchange values.yaml preview lacks 10001');
    // Keyboard reordering keeps focus on the moved party's button.
    await page.focus('#f-parties-2-up');
    await page.keyboard.press('Enter');
    assert((await page.inputValue('#f-parties-1-id')) === '10001', 'move up did not move the party');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'f-parties-1-up');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'f-parties-0-down');
    assert((await page.inputValue('#f-parties-0-id')) === '10001', 'second move up');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'f-parties-1-down');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'f-parties-2-up');
    assert((await page.inputValue('#f-parties-2-id')) === '10001', 'moving back down');
    await page.fill('#f-parties-2-id', '20000');
    await page.waitForSelector('.file-tree button.tree-folder:has-text("fate-20000/")');
    assert((await page.locator('.topology-canvas svg').innerHTML()).includes('party 20000'), 'diagram did not follow the id edit');
    timings.regenerate3PartiesMs = (await generationMs(page)).ms;
    await shot(page, '02-three-parties');
  });

  await check('the share link is in the URL, copies, and carries no password', async () => {
    shareLink = await page.inputValue('#share-link');
    assert(shareLink.startsWith(`${origin}/#c=1.`), `share link ${shareLink}`);
    await page.waitForFunction((link) => window.location.href === link, shareLink);
    await page.click('#copy-share-link');
    await page.waitForSelector('.share-bar .copy-status:has-text("Copied")');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert(copied === shareLink, 'clipboard does not hold the share link');
    const password = await page.inputValue('#f-credentials-10000-mysqlPassword');
    const decoded = await page.evaluate((link) => link, shareLink);
    assert(!decoded.includes(password), 'share link contains a password');
  });

  await check('opening the share link in a fresh context restores the same config', async () => {
    const fresh = await newContext();
    const other = await fresh.newPage();
    await other.goto(shareLink);
    await ready(other);
    assert((await partyRows(other).count()) === 3, 'expected 3 parties from the share link');
    for (const field of ['f-parties-0-id', 'f-parties-2-id', 'f-parties-2-address', 'f-parties-2-nodePort', 'f-exchange-address']) {
      assert((await other.inputValue(`#${field}`)) === (await page.inputValue(`#${field}`)), `${field} differs`);
    }
    assert((await other.inputValue('#share-link')) === shareLink, 'share link differs after a round trip');
    const notice = await other.locator('#notice').innerText();
    assert(/share link/i.test(notice) && /new passwords have been generated/i.test(notice), `notice: ${notice}`);
    const theirs = await other.inputValue('#f-credentials-10000-mysqlPassword');
    const ours = await page.inputValue('#f-credentials-10000-mysqlPassword');
    assert(theirs !== ours && theirs.length === 24, 'passwords were not generated anew');
    await shot(other, '03-opened-share-link', false);
    await fresh.close();
  });

  await check('reload restores the autosaved state (without passwords in storage)', async () => {
    const stored = await page.evaluate(() => localStorage.getItem('fate-configurator.config.v1'));
    const password = await page.inputValue('#f-credentials-10000-mysqlPassword');
    assert(stored && stored.includes('20000'), 'autosave lacks the edited party');
    assert(!stored.includes(password) && !stored.includes('credentials'), 'autosave holds passwords');
    const session = await page.evaluate(() => JSON.stringify(sessionStorage));
    assert(!session.includes(password), 'sessionStorage holds a password');
    await page.goto(`${origin}/`); // no fragment: the autosave is used
    await ready(page);
    assert((await partyRows(page).count()) === 3, 'autosaved parties not restored');
    assert((await page.inputValue('#f-parties-2-id')) === '20000', 'autosaved id not restored');
    const notice = await page.locator('#notice').innerText();
    assert(/restored/i.test(notice), `notice: ${notice}`);
  });

  await check('a failed import shows its error and keeps the form', async () => {
    await page.click('#open-import');
    await page.fill('#import-text', 'partylist=(10000 9999\nexchangeip=$(curl evil)\n');
    await page.click('#import-submit');
    await page.waitForSelector('#import-error');
    const message = await page.locator('#import-error').innerText();
    assert(/kube\.cfg/.test(message), `error message: ${message}`);
    assert((await partyRows(page).count()) === 3, 'form changed by a failed import');
    await shot(page, '04-import-error', false);
  });

  await check('imports the seed kube.cfg from a file', async () => {
    await page.setInputFiles('#import-file', SEED_KUBE_CFG_PATH);
    await page.waitForSelector('#import-panel', { state: 'detached' });
    assert((await partyRows(page).count()) === 2, 'seed has 2 parties');
    assert((await page.inputValue('#f-parties-0-id')) === '10000', 'first id');
    assert((await page.inputValue('#f-parties-1-nodePort')) === '30009', 'second NodePort');
    const notice = await page.locator('#notice').innerText();
    assert(/Imported kube\.cfg: 2 parties/.test(notice), `notice: ${notice}`);
    await shot(page, '05-imported-kube-cfg');
    // Undo brings the three-party form back, redo the import.
    await page.click('#undo');
    assert((await partyRows(page).count()) === 3, 'undo did not restore the form before the import');
    await page.click('#redo');
    assert((await partyRows(page).count()) === 2, 'redo did not re-apply the import');
  });

  await check('re-importing the downloaded zip keeps its passwords', async () => {
    await page.click('#open-import');
    await page.setInputFiles('#import-file', path.join(artifacts, 'fate-federation.zip'));
    await page.waitForSelector('#import-panel', { state: 'detached' });
    const values = zipRead(path.join(artifacts, 'fate-federation.zip'), 'fate-10000/values.yaml');
    const password = await page.inputValue('#f-credentials-10000-mysqlRootPassword');
    assert(values.includes(password), 'bundle passwords were not restored');
    const notice = await page.locator('#notice').innerText();
    assert(/Imported fate-federation\.zip/.test(notice), `notice: ${notice}`);
  });

  await check('an invalid NodePort shows the error and disables the download', async () => {
    await page.fill('#f-parties-0-nodePort', '99999');
    await page.waitForSelector('#f-parties-0-nodePort-error');
    const inline = await page.locator('#f-parties-0-nodePort-error').innerText();
    assert(inline.includes('is 99999, outside the NodePort range'), `inline error: ${inline}`);
    assert((await page.getAttribute('#f-parties-0-nodePort', 'aria-invalid')) === 'true', 'aria-invalid not set');
    assert(await page.isDisabled('#download-all'), 'download still enabled');
    const reason = await page.locator('#download-blocked').innerText();
    assert(/problem/.test(reason), `reason: ${reason}`);
    const summary = await page.locator('.error-summary').innerText();
    assert(summary.includes('Party #1 (10000) › NodePort: is 99999'), `summary: ${summary}`);
    assert(await page.locator('.stale').first().isVisible(), 'stale preview notice missing');
    await shot(page, '06-invalid-nodeport');
    await page.focus('#f-exchange-address');
    await page.click('.error-summary a');
    const focused = await page.evaluate(() => document.activeElement.id);
    assert(focused === 'f-parties-0-nodePort', `summary link focused ${focused}`);
    await page.fill('#f-parties-0-nodePort', 'abc');
    await page.waitForSelector('#f-parties-0-nodePort-error:has-text("is not a number")');
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelector('#f-parties-0-nodePort').value === '30010');
    assert(!(await page.isDisabled('#download-all')), 'download still disabled after undo');
    await page.keyboard.press('Control+Shift+Z');
    await page.waitForFunction(() => document.querySelector('#f-parties-0-nodePort').value === 'abc');
    await page.keyboard.press('Control+z');
  });

  await check('reset asks first, then restores the example', async () => {
    await page.click('#reset');
    await page.click('#reset-cancel');
    assert((await partyRows(page).count()) === 2, 'cancel changed something');
    await page.click('#f-parties');
    assert((await partyRows(page).count()) === 3, 'add party');
    await page.click('#reset');
    await page.click('#reset-confirm');
    assert((await partyRows(page).count()) === 2, 'reset did not restore 2 parties');
    await page.click('#undo');
    assert((await partyRows(page).count()) === 3, 'undo after reset');
  });

  await check('DMZ, mesh and storage edits reach the preview', async () => {
    await page.click('#reset');
    await page.click('#reset-confirm');
    // Reset brings the sample back with its addresses marked as examples: kept here.
    await page.click('#accept-examples');
    await page.click('#f-parties-1 .party-more > summary');
    await page.check('#f-parties-1-dmz');
    await page.fill('#f-parties-1-dmz-host', '203.0.113.9');
    await page.waitForSelector('.file-tree button.tree-folder:has-text("dmz-9999/")');
    assert((await page.locator('.topology-canvas svg').innerHTML()).includes('DMZ proxy of 9999'), 'no DMZ box');
    await page.selectOption('#f-storage-type', 'nfs');
    assert(await page.isDisabled('#download-all'), 'NFS without server should block');
    await page.fill('#f-storage-server', 'nfs.example.org');
    assert(!(await page.isDisabled('#download-all')), 'NFS with server should be valid');
    await page.uncheck('#f-exchange');
    await page.waitForFunction(() => document.querySelector('#route-table caption').innerText.startsWith('Mesh'));
    assert((await page.locator('.topology-canvas svg').innerHTML()).includes('topo-peer'), 'mesh without peer link');
    await shot(page, '07-dmz-mesh-nfs');
    await page.check('#f-exchange');
    assert((await page.inputValue('#f-exchange-address')) === '192.168.11.4', 'exchange settings not restored');
  });

  await check('copies a file and the install commands', async () => {
    await page.click('.file-tree button.tree-file[data-path="README.md"]');
    await page.click('#copy-file');
    await page.waitForSelector('.file-preview .copy-status:has-text("Copied")');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert(copied.startsWith('# FATE federation'), 'README not copied');
    await page.click('details.install > summary');
    await page.click('#copy-install');
    const commands = await page.evaluate(() => navigator.clipboard.readText());
    assert(commands.includes('./install.sh') && commands.includes('helm install fate-10000'), `install commands: ${commands}`);
  });

  await check('export downloads federation.yaml without passwords', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    assert(download.suggestedFilename() === 'federation.yaml', download.suggestedFilename());
    const file = path.join(artifacts, 'exported-federation.yaml');
    await download.saveAs(file);
    const text = fs.readFileSync(file, 'utf8');
    const password = await page.inputValue('#f-credentials-10000-mysqlPassword');
    assert(text.includes('parties:') && !text.includes(password) && !text.includes('credentials'), 'export holds passwords');
  });

  await check('regeneration stays fast for 50 and 200 parties', async () => {
    const lines = ['version: 1', 'parties:'];
    for (let i = 0; i < 200; i += 1) {
      lines.push(`  - id: "${10000 + i}"`, `    address: 10.0.${Math.floor(i / 200)}.${(i % 200) + 1}`, `    nodePort: ${30001 + i}`);
    }
    lines.push('exchange:', '  address: 10.1.0.1', '  nodePort: 30000');
    for (const n of [50, 200]) {
      const doc = lines.slice(0, 2 + 3 * n).concat(lines.slice(-3)).join('\n');
      await page.click('#open-import');
      await page.fill('#import-text', doc);
      const started = Date.now();
      await page.click('#import-submit');
      await page.waitForSelector(`#f-parties-${n - 1}-id`);
      timings[`import${n}PartiesMs`] = Date.now() - started;
      const { files, ms } = await generationMs(page);
      timings[`regenerate${n}PartiesMs`] = ms;
      timings[`files${n}Parties`] = files;
      // One keystroke: the form (validation, rows) is redrawn at once …
      timings[`keystrokeToFormDrawn${n}PartiesMs`] = await page.evaluate(async () => {
        const input = document.querySelector('#f-parties-0-address');
        const started = performance.now();
        input.value = '10.0.0.98';
        input.dispatchEvent(new InputEvent('input', { bubbles: true }));
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        return Math.round((performance.now() - started) * 10) / 10;
      });
      // … and the preview (bundle, diagram, routes) follows; slow sizes wait for a typing pause.
      const typed = Date.now();
      await page.fill('#f-parties-0-address', '10.9.9.9');
      await page.waitForFunction(() => document.querySelector('#route-table').innerText.includes('10.9.9.9'));
      timings[`keystrokeToPreview${n}PartiesMs`] = Date.now() - typed;
      timings[`regenerateAfterEdit${n}PartiesMs`] = (await generationMs(page)).ms;
    }
    await shot(page, '08-200-parties', false);
    assert(timings.regenerate50PartiesMs < 1000, 'regenerating 50 parties takes over a second');
  });

  await check('dark mode and a 700px wide window', async () => {
    await page.click('#reset');
    await page.click('#reset-confirm');
    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert(background === 'rgb(13, 17, 23)', `dark background is ${background}`);
    await shot(page, '09-dark', false);
    await page.setViewportSize({ width: 700, height: 1000 });
    await page.emulateMedia({ colorScheme: 'light' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 0, `page scrolls sideways by ${overflow}px at 700px`);
    await shot(page, '10-narrow-700px');
    await shot(page, '10-narrow-700px-top', false);
  });

  await check('keyboard: the toolbar and the form are reachable with Tab, focus is visible', async () => {
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(`${origin}/`);
    await ready(page);
    await page.keyboard.press('Tab'); // skip link
    const first = await page.evaluate(() => document.activeElement.className);
    assert(first.includes('skip-link'), `first tab stop: ${first}`);
    await page.keyboard.press('Enter');
    // The party cards' "Collapse all" and the first card's summary (it folds the card) come
    // before the card's first field.
    const stops = [];
    while (stops.length < 4 && !stops.includes('f-parties-0-id')) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => document.activeElement.id));
    }
    const expected = 'parties-collapse-all f-parties-0-summary f-parties-0-id';
    assert(stops.join(' ') === expected, `after the skip link focus goes to ${stops.join(', ')}`);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert(outline === 'solid', `focus outline: ${outline}`);
  });

  await check('builds a FATE 2.2 federation through the forms; the zip equals the CLI on the same federation.yaml', async () => {
    // A fresh context: its own localStorage, and the other checks' page is left as it is.
    const fresh = await newContext();
    const p22 = await fresh.newPage();
    await p22.goto(`${origin}/`);
    await ready(p22);
    // Start from one FATE 1.x party, with a python placement and a DMZ the 2.2 line rejects.
    await p22.click('#open-import');
    await p22.fill('#import-text', 'version: 1\nparties:\n  - {id: "1", address: 10.0.0.1, nodePort: 30001}\n');
    await p22.click('#import-submit');
    await p22.waitForSelector('#f-parties-0-id');
    await p22.fill('#f-parties-0-id', '10000');
    await p22.fill('#f-parties-0-address', '192.168.11.2');
    await p22.fill('#f-parties-0-nodePort', '30010');
    await p22.click('#f-parties');
    await p22.waitForSelector('#f-parties-1-id');
    await p22.fill('#f-parties-1-id', '9999');
    await p22.fill('#f-parties-1-address', '192.168.11.3');
    await p22.click('#f-parties-1 .party-more > summary');
    await p22.check('#f-parties-1-dmz');
    await p22.fill('#f-parties-1-dmz-host', '203.0.113.9');
    await p22.fill('#f-placement-python', 'node-ff');
    await p22.waitForSelector('#download-all:not([disabled])');
    assert((await p22.locator('#f-placement-clustermanager').count()) === 0, 'FATE 1.x form shows clustermanager');

    // Choose 2.2.0: nothing typed is lost; what the line rejects is marked next to its field.
    await p22.selectOption('#f-fateVersion', '2.2.0');
    await p22.waitForSelector('#f-placement-python-error');
    assert((await p22.inputValue('#f-placement-python')) === 'node-ff', 'python placement lost on the switch');
    assert(/use fateflow/.test(await p22.locator('#f-placement-python-error').innerText()), 'python error lacks the hint');
    const dmzError = await p22.locator('#f-parties-1-dmz-error').innerText();
    assert(/DMZ/.test(dmzError), `DMZ error: ${dmzError}`);
    assert(await p22.isDisabled('#download-all'), 'download enabled with rejected fields');
    const summary = await p22.locator('.error-summary').innerText();
    assert(summary.includes('Placement › python: is set, but FATE 2.2.0 has no python component') && summary.includes('Party #2 (9999) › DMZ proxy: is on'), `summary: ${summary}`);
    await p22.click('.error-summary a:has-text("Placement › python")');
    assert((await p22.evaluate(() => document.activeElement.id)) === 'f-placement-python', 'summary link does not focus the field');
    await shot(p22, '11-fate22-switch-errors');
    // The 2.2 line's fields: OSX, clustermanager, fateflow, mysql, nodemanagers; no redis.
    for (const id of ['f-placement-proxy', 'f-placement-clustermanager', 'f-placement-fateflow', 'f-placement-mysql', 'f-credentials-10000-fateboardPassword']) {
      assert((await p22.locator(`#${id}`).count()) === 1, `#${id} missing for FATE 2.2`);
    }
    for (const id of ['f-placement-roll', 'f-placement-redis', 'f-credentials-10000-redisPassword', 'f-images-redisTag']) {
      assert((await p22.locator(`#${id}`).count()) === 0, `#${id} shown for FATE 2.2`);
    }
    assert(/nodemanager-0/.test(await p22.locator('label[for="f-placement-eggs-0"]').innerText()), 'eggs not labelled nodemanagers');
    assert(await p22.isDisabled('#f-target-helm2'), 'Helm 2 offered for FATE 2.2');
    // Fix what is listed: the python value moves to fateflow, the DMZ goes, the NodePort comes.
    await p22.fill('#f-placement-python', '');
    await p22.waitForSelector('#f-placement-python', { state: 'detached' });
    await p22.uncheck('#f-parties-1-dmz');
    assert(await p22.isDisabled('#f-parties-1-dmz'), 'DMZ switch stays enabled for FATE 2.2');
    await p22.fill('#f-parties-1-nodePort', '30009');
    await p22.check('#f-exchange');
    await p22.waitForSelector('#f-exchange-address');
    await p22.fill('#f-exchange-address', '192.168.11.4');
    await p22.fill('#f-exchange-nodePort', '30000');
    await p22.fill('#f-placement-clustermanager', 'node-cm');
    await p22.fill('#f-placement-fateflow', 'node-ff');
    await p22.fill('#f-placement-eggs-0', 'node-nm0');
    await p22.click('#f-placement-eggs');
    await p22.waitForSelector('#f-placement-eggs-1');
    await p22.fill('#f-placement-eggs-1', 'node-nm1');
    await p22.waitForSelector('#download-all:not([disabled])');
    assert((await p22.locator('.error-summary li').count()) === 0, 'problems left after the fixes');
    // The example this page opened with has the same addresses: wait for the 2.2 preview (a
    // slow first regeneration makes the next ones wait for a pause in typing).
    await p22.waitForFunction(() => {
      const table = document.querySelector('#route-table').innerText;
      return table.includes('192.168.11.3:30009') && table.includes('OSX');
    });
    const routes = await p22.locator('#route-table').innerText();
    assert(/OSX/.test(routes) && routes.includes('192.168.11.2:30010'), `route table: ${routes}`);
    const svg = await p22.locator('.topology-canvas svg').innerHTML();
    for (const text of ['FATE 2.2.0', 'party 10000', 'party 9999', '>exchange<']) {
      assert(svg.includes(text), `diagram lacks ${text}`);
    }
    await shot(p22, '12-fate22-federation');

    const [download] = await Promise.all([p22.waitForEvent('download'), p22.click('#download-all')]);
    const zip = path.join(artifacts, 'fate22-federation.zip');
    await download.saveAs(zip);
    const values = zipRead(zip, 'fate-10000/values.yaml');
    for (const text of ['osx:', 'clustermanager:', 'nodemanager-1', 'node-nm1', 'node-cm', 'node-ff']) {
      assert(values.includes(text), `fate-10000/values.yaml lacks ${text}`);
    }
    // Every password of the form is in the zip, and none in storage, the URL or the share link.
    const passwords = [];
    for (const id of ['10000', '9999']) {
      for (const field of ['mysqlRootPassword', 'mysqlPassword', 'fateboardPassword']) {
        const value = await p22.inputValue(`#f-credentials-${id}-${field}`);
        assert(/^[A-Za-z0-9]{24}$/.test(value), `generated ${field} of ${id} looks wrong: ${value}`);
        assert(zipRead(zip, `fate-${id}/values.yaml`).includes(value), `the zip lacks the ${field} of ${id} shown in the form`);
        passwords.push(value);
      }
    }
    const shareLink = await p22.inputValue('#share-link');
    await p22.waitForFunction((link) => window.location.href === link, shareLink);
    const stored = await p22.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, url: window.location.href }));
    assert(stored.includes('2.2.0') && stored.includes('node-nm1'), 'autosave or URL lacks the 2.2 federation');
    for (const value of passwords) {
      assert(!stored.includes(value) && !shareLink.includes(value), 'a password is in localStorage, sessionStorage, the URL or the share link');
    }

    // The same federation written by hand, with the passwords of the browser's zip.
    const doc = path.join(artifacts, 'fate22-federation.yaml');
    fs.writeFileSync(doc, [
      'version: 1',
      'fateVersion: 2.2.0',
      'parties:',
      '  - {id: "10000", address: 192.168.11.2, nodePort: 30010}',
      '  - {id: "9999", address: 192.168.11.3, nodePort: 30009}',
      'exchange: {address: 192.168.11.4, nodePort: 30000}',
      'placement:',
      '  clustermanager: node-cm',
      '  fateflow: node-ff',
      '  eggs: [node-nm0, node-nm1]',
      '',
    ].join('\n'));
    const cli = path.join(artifacts, 'fate22-federation-cli.zip');
    const run = spawnSync('cargo', ['run', '--release', '--quiet', '--bin', 'fate-chartgen', '--', 'generate', doc, '--credentials', zip, '-o', cli], { cwd: root, encoding: 'utf8' });
    assert(run.status === 0, `CLI failed: ${run.stderr}`);
    if (Buffer.compare(fs.readFileSync(zip), fs.readFileSync(cli)) !== 0) {
      const newest = Math.max(newestMtime(path.join(root, 'src/generator')), newestMtime(path.join(root, 'charts')));
      const built = fs.statSync(path.join(dist, 'index.html')).mtimeMs;
      const hint = newest > built ? ' (src/generator or charts/ changed after dist/ was built: run `trunk build --release` again)' : '';
      throw new Error(`the FATE 2.2 federation typed into the form differs from ${doc} through the CLI${hint}`);
    }
    if (process.env.FATE_PYTHON) {
      const checked = spawnSync(process.env.FATE_PYTHON, [path.join(root, 'tests/helm/check_bundle.py'), zip], { cwd: root, encoding: 'utf8' });
      fs.writeFileSync(path.join(artifacts, 'check_bundle-fate22.log'), checked.stdout + checked.stderr);
      assert(checked.status === 0, `check_bundle.py failed:\n${(checked.stdout + checked.stderr).split('\n').slice(-25).join('\n')}`);
    }

    // Back to 1.2.0: the 2.2 fields are kept and marked, redis passwords come (back), fateboard's go aside.
    await p22.selectOption('#f-fateVersion', '1.2.0');
    await p22.waitForSelector('#f-placement-clustermanager-error');
    assert((await p22.locator('#f-credentials-10000-fateboardPassword').count()) === 0, 'fateboard password shown for FATE 1.x');
    assert(/^[A-Za-z0-9]{24}$/.test(await p22.inputValue('#f-credentials-10000-redisPassword')), 'no redis password for FATE 1.x');
    assert(!(await p22.isDisabled('#f-target-helm2')), 'Helm 2 not offered for FATE 1.x');
    await p22.selectOption('#f-fateVersion', '2.2.0');
    await p22.waitForSelector('#download-all:not([disabled])');
    assert((await p22.inputValue('#f-credentials-10000-fateboardPassword')) === passwords[2], 'the fateboard password did not come back');
    await fresh.close();
  });


  await check('mutual TLS (FATE 2.2) through the forms: certificates in the preview, the zip equals the CLI, no key in storage or the URL, rotation, an own CA', async () => {
    const fresh = await newContext();
    const tp = await fresh.newPage();
    await tp.goto(`${origin}/`);
    await ready(tp);
    await tp.click('#open-import');
    await tp.fill('#import-text', 'version: 1\nparties:\n  - {id: "1", address: 10.0.0.1, nodePort: 30001}\n');
    await tp.click('#import-submit');
    await tp.waitForSelector('#f-parties-0-id');
    await tp.fill('#f-parties-0-id', '10000');
    await tp.fill('#f-parties-0-address', '192.168.21.2');
    await tp.fill('#f-parties-0-nodePort', '30010');
    await tp.click('#f-parties');
    await tp.waitForSelector('#f-parties-1-id');
    await tp.fill('#f-parties-1-id', '9999');
    await tp.fill('#f-parties-1-address', 'fate.party-b.example');
    await tp.fill('#f-parties-1-nodePort', '30009');
    await tp.check('#f-exchange');
    await tp.waitForSelector('#f-exchange-address');
    await tp.fill('#f-exchange-address', '192.168.21.4');
    await tp.fill('#f-exchange-nodePort', '30000');
    // Offered only for FATE 2.2: off with the reason for 1.x.
    assert(await tp.isDisabled('#f-tls-enabled'), 'TLS offered for FATE 1.x');
    assert(/Only for FATE 2\.2/.test(await tp.locator('#f-tls-enabled-hint').innerText()), 'no reason given for 1.x');
    await tp.selectOption('#f-fateVersion', '2.2.0');
    await tp.waitForSelector('#f-tls-enabled:not([disabled])');
    await tp.check('#f-tls-enabled');
    await tp.waitForSelector('#f-tls-validityDays');
    await tp.fill('#f-tls-validityDays', '90');
    const issuedAt = Date.now();
    await tp.waitForSelector('#download-all:not([disabled])');
    assert((await tp.locator('.error-summary li').count()) === 0, 'problems listed with TLS on');

    // The preview: each certificate's subject, names and expiry.
    await tp.waitForFunction(() => {
      const table = document.querySelector('#certificate-table');
      return table && table.innerText.includes('192.168.21.4') && table.querySelectorAll('tbody tr').length === 4;
    });
    const rows = await tp.$$eval('#certificate-table tbody tr', (trs) => trs.map((tr) => ({
      id: tr.dataset.id,
      subject: tr.querySelector('td.subject code').innerText,
      sans: tr.querySelector('td.sans').innerText,
      expiry: tr.querySelector('.expiry').innerText,
    })));
    assert(rows.map((r) => r.id).join(' ') === 'authority 10000 9999 exchange', `certificate rows: ${JSON.stringify(rows)}`);
    const expected = {
      authority: ['CN=FATE federation authority,O=FATE federation', '—'],
      10000: ['CN=party 10000,O=FATE federation', '192.168.21.2'],
      9999: ['CN=party 9999,O=FATE federation', 'fate.party-b.example'],
      exchange: ['CN=the exchange,O=FATE federation', '192.168.21.4'],
    };
    for (const row of rows) {
      const [subject, sans] = expected[row.id];
      assert(row.subject === subject, `${row.id}: subject ${row.subject}`);
      assert(row.sans === sans, `${row.id}: names ${row.sans}`);
      // 90 days from now; the authority, generated when TLS was switched on (365 days), is kept
      // since it outlives them.
      const days = row.id === 'authority' ? 365 : 90;
      const expiries = [utcDate(issuedAt - 60000, days), utcDate(Date.now(), days)];
      assert(expiries.includes(row.expiry), `${row.id}: expiry ${row.expiry}, expected ${expiries[1]}`);
    }
    const svg = await tp.locator('.topology-canvas svg').innerHTML();
    for (const text of ['topo-tls', 'topo-lock', 'mutual TLS']) assert(svg.includes(text), `diagram lacks ${text}`);
    await shot(tp, '13-fate22-tls');

    const download = async (name) => {
      await tp.waitForSelector('#download-all:not([disabled])');
      const [file] = await Promise.all([tp.waitForEvent('download'), tp.click('#download-all')]);
      const zip = path.join(artifacts, name);
      await file.saveAs(zip);
      return zip;
    };
    const charts = ['fate-10000', 'fate-9999', 'fate-exchange'];
    const zip = await download('fate22-tls-federation.zip');
    const entries = zipEntries(zip);
    for (const entry of ['tls/ca.crt', 'tls/ca.key', 'topology.svg']) assert(entries.includes(entry), `zip lacks ${entry}`);
    const authority = zipRead(zip, 'tls/ca.crt');
    for (const chart of charts) {
      assert(osxTls(zip, chart).ca === authority, `${chart} carries another authority`);
    }
    // The same federation written by hand; the CLI takes passwords and certificates from the zip.
    const doc = path.join(artifacts, 'fate22-tls-federation.yaml');
    fs.writeFileSync(doc, [
      'version: 1',
      'fateVersion: 2.2.0',
      'parties:',
      '  - {id: "10000", address: 192.168.21.2, nodePort: 30010}',
      '  - {id: "9999", address: fate.party-b.example, nodePort: 30009}',
      'exchange: {address: 192.168.21.4, nodePort: 30000}',
      'tls: {enabled: true, validityDays: 90}',
      '',
    ].join('\n'));
    const cli = path.join(artifacts, 'fate22-tls-federation-cli.zip');
    const run = spawnSync('cargo', ['run', '--release', '--quiet', '--bin', 'fate-chartgen', '--', 'generate', doc, '--credentials', zip, '-o', cli], { cwd: root, encoding: 'utf8' });
    assert(run.status === 0, `CLI failed: ${run.stderr}`);
    if (Buffer.compare(fs.readFileSync(zip), fs.readFileSync(cli)) !== 0) {
      const newest = Math.max(newestMtime(path.join(root, 'src/generator')), newestMtime(path.join(root, 'charts')));
      const built = fs.statSync(path.join(dist, 'index.html')).mtimeMs;
      const hint = newest > built ? ' (src/generator or charts/ changed after dist/ was built: run `trunk build --release` again)' : '';
      throw new Error(`the TLS federation typed into the form differs from ${doc} through the CLI${hint}`);
    }
    if (process.env.FATE_PYTHON) {
      const checked = spawnSync(process.env.FATE_PYTHON, [path.join(root, 'tests/helm/check_bundle.py'), zip], { cwd: root, encoding: 'utf8' });
      fs.writeFileSync(path.join(artifacts, 'check_bundle-fate22-tls.log'), checked.stdout + checked.stderr);
      assert(checked.status === 0, `check_bundle.py failed:\n${(checked.stdout + checked.stderr).split('\n').slice(-25).join('\n')}`);
    }

    // No key body (and no certificate) in localStorage, sessionStorage, the URL or the share
    // link, each read decoded.
    const assertNoKeys = async (lines, when) => {
      const shareLink = await tp.inputValue('#share-link');
      await tp.waitForFunction((link) => window.location.href === link, shareLink);
      const seen = await tp.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage }, url: window.location.href }));
      const texts = {
        localStorage: JSON.stringify(seen.local),
        sessionStorage: JSON.stringify(seen.session),
        url: seen.url,
        'the URL decoded': decodeFragment(seen.url),
        'the share link decoded': decodeFragment(shareLink),
      };
      assert(texts.localStorage.includes('validityDays') && texts['the URL decoded'].includes('validityDays'), `${when}: autosave or URL lacks the TLS settings`);
      for (const [where, text] of Object.entries(texts)) {
        assert(!text.includes('BEGIN') && !text.includes('certificates'), `${when}: a PEM text is in ${where}`);
        for (const line of lines) assert(!text.includes(line), `${when}: a key is in ${where}`);
      }
    };
    await assertNoKeys(keyLines(zip, charts), 'generated');

    // Rotate: asks first (every release must be installed again), then a new authority.
    await tp.click('#tls-rotate');
    const warning = await tp.locator('#tls-rotate-warning').innerText();
    assert(/installed again/.test(warning), `rotate warning: ${warning}`);
    await tp.click('#tls-rotate-confirm');
    await tp.waitForSelector('#notice:has-text("New federation authority")');
    const rotated = await download('fate22-tls-rotated.zip');
    const newAuthority = zipRead(rotated, 'tls/ca.crt');
    assert(newAuthority !== authority, 'rotation kept the authority');
    for (const chart of charts) {
      const before = osxTls(zip, chart);
      const after = osxTls(rotated, chart);
      assert(after.ca === newAuthority && after.cert !== before.cert && after.key !== before.key, `${chart} kept its certificate`);
    }
    await assertNoKeys(keyLines(rotated, charts), 'rotated');

    // An own CA from openssl, read from files: every certificate is issued from it.
    const own = path.join(artifacts, 'own-ca');
    fs.rmSync(own, { recursive: true, force: true });
    fs.mkdirSync(own);
    const caKey = path.join(own, 'ca.key');
    const caCrt = path.join(own, 'ca.crt');
    const sh = (command) => {
      const out = spawnSync('sh', ['-c', command], { cwd: own, encoding: 'utf8' });
      assert(out.status === 0, `${command}: ${out.stderr}`);
      return out.stdout;
    };
    sh('openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out ca.key');
    sh('openssl req -x509 -new -key ca.key -subj /CN=test-ca -days 30 -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign -out ca.crt');
    await tp.click('#tls-own > summary');
    await tp.check('#f-certificates-authority');
    await tp.waitForSelector('#f-certificates-authority-cert-file');
    await tp.setInputFiles('#f-certificates-authority-cert-file', caCrt);
    await tp.waitForSelector('#f-certificates-authority-key-error');
    await tp.setInputFiles('#f-certificates-authority-key-file', caKey);
    await tp.waitForFunction(() => document.querySelector('#certificate-table tr[data-id="authority"] td.subject code').innerText === 'CN=test-ca');
    assert((await tp.locator('.error-summary li').count()) === 0, 'problems listed with the own CA');
    const ownZip = await download('fate22-tls-own-ca.zip');
    assert(zipRead(ownZip, 'tls/ca.crt').trim() === fs.readFileSync(caCrt, 'utf8').trim(), 'the zip does not carry the own CA');
    for (const chart of charts) {
      const { ca, cert } = osxTls(ownZip, chart);
      assert(ca.trim() === fs.readFileSync(caCrt, 'utf8').trim(), `${chart} carries another authority`);
      const file = path.join(own, `${chart}.crt`);
      fs.writeFileSync(file, cert);
      const verified = sh(`openssl verify -CAfile ca.crt ${chart}.crt`);
      assert(verified.trim() === `${chart}.crt: OK`, `openssl verify ${chart}: ${verified}`);
    }
    await shot(tp, '14-fate22-tls-own-ca');
    const ownLines = pemLines(fs.readFileSync(caKey, 'utf8'));
    for (const chart of charts) ownLines.push(...pemLines(osxTls(ownZip, chart).key));
    await assertNoKeys(ownLines, 'own CA');
    await fresh.close();
  });

  }

  // The page's behaviour by topic (tests/e2e/page/<topic>.mjs, each `export default async (env) => …`
  // running its own checks in contexts of its own), in name order.
  const pageSuites = path.join(root, 'tests/e2e/page');
  const env = { browser, origin, artifacts, check, newContext, ready, shot, partyRows, generationMs, timings, decodeFragment };
  const wanted = (file) => !onlySuites || onlySuites.includes(file.replace(/\.mjs$/, ''));
  for (const file of fs.readdirSync(pageSuites).filter((name) => name.endsWith('.mjs') && wanted(name)).sort()) {
    const suite = await import(pathToFileURL(path.join(pageSuites, file)).href);
    await suite.default(env);
  }

  await check('no request left the origin and no script error happened', async () => {
    const foreign = requests.filter((url) => !(url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith(`blob:${origin}/`)));
    fs.writeFileSync(path.join(artifacts, 'requests.txt'), requests.join('\n') + '\n');
    assert(requests.length > 0 || onlySuites, 'no request recorded');
    assert(foreign.length === 0, `requests outside ${origin}: ${foreign.join(', ')}`);
    const errors = consoleErrors.filter((e) => !/favicon/.test(e));
    assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  });
} finally {
  fs.writeFileSync(path.join(artifacts, 'timings.json'), JSON.stringify(timings, null, 2) + '\n');
  console.log(`timings: ${JSON.stringify(timings)}`);
  await browser.close();
  server.kill();
}

finish();
