// End-to-end test of the release outputs of `bash scripts/release.sh` (run that first):
//
//   1. the single file release/fate-configurator-<version>.html opened from file:// with every
//      network request blocked and recorded: configure, download + check the bundle, copy the
//      share link and open it from file:// in a fresh browser context, find the autosave;
//   2. the static site release/dist/ served under a sub-path by tests/e2e/serve.py, which sends
//      the headers of release/nginx.conf (the strict CSP among them): configure, download + check
//      the bundle; any CSP violation, console error, page error or request outside the sub-path
//      fails the run;
//   3. under that CSP: download, share-link copy (Clipboard API and the execCommand fallback)
//      and import of the pasted seed kube.cfg.
//
//   source scripts/tools.sh && bash scripts/release.sh && node tests/e2e/distribution.mjs
//   DIST_BASE_URL=http://127.0.0.1:8080/tools/fate/ node tests/e2e/distribution.mjs   # a real server
//
// Debian's Chromium driven by playwright-core (never a downloaded browser). Prints one line per
// check and `N passed, M failed`; exits 1 on any failure. Screenshots, downloaded zips and
// timings go to tests/e2e/artifacts/distribution/.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';

import { assert, checks, chromium, LAUNCH, root, zipEntries, zipRead } from './lib.mjs';

if (!process.env.FATE_PYTHON) {
  console.error('FATE_PYTHON is not set: run `source scripts/tools.sh` first');
  process.exit(2);
}
const release = path.join(root, 'release');
const dist = path.join(release, 'dist');
const artifacts = path.join(root, 'tests/e2e/artifacts/distribution');
fs.rmSync(artifacts, { recursive: true, force: true });
fs.mkdirSync(artifacts, { recursive: true });

const cargoToml = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
const version = cargoToml.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/m)[1];
const singleFile = path.join(release, `fate-configurator-${version}.html`);
for (const file of [singleFile, path.join(dist, 'index.html'), path.join(release, 'nginx.conf'), path.join(release, 'SHA256SUMS')]) {
  if (!fs.existsSync(file)) {
    console.error(`${path.relative(root, file)} is missing: run \`bash scripts/release.sh\` first`);
    process.exit(2);
  }
}
const seedKubeCfg = fs.readFileSync(path.join(root, 'tests/fixtures/seed/kube.cfg'), 'utf8');


const { check, finish } = checks();
const timings = {};



const sha256 = (data) => createHash('sha256').update(data).digest();
const cspHash = (text) => `'sha256-${sha256(Buffer.from(text, 'utf8')).toString('base64')}'`;



function checkBundle(zip) {
  const run = spawnSync(process.env.FATE_PYTHON, [path.join(root, 'tests/helm/check_bundle.py'), zip], { cwd: root, encoding: 'utf8' });
  fs.writeFileSync(`${zip}.check.log`, run.stdout + run.stderr);
  assert(run.status === 0, `check_bundle.py failed on ${path.basename(zip)}:\n${(run.stdout + run.stderr).split('\n').slice(-25).join('\n')}`);
}

/** Records everything a context's pages report: CSP violations, console errors, page errors. */
async function instrument(context, log) {
  await context.exposeBinding('__reportViolation', (source, violation) => log.violations.push({ page: source.page.url().slice(0, 80), ...violation }));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__reportViolation({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, source: `${e.sourceFile}:${e.lineNumber}` });
    });
  });
  context.on('page', (page) => {
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(text)) log.console.push(`${message.type()}: ${text}`);
    });
    page.on('pageerror', (error) => log.pageErrors.push(String(error)));
  });
}

function newLog() {
  return { violations: [], console: [], pageErrors: [], requests: [], blocked: [] };
}

function assertClean(log, what) {
  assert(log.violations.length === 0, `${what}: CSP violations: ${JSON.stringify(log.violations)}`);
  assert(log.console.length === 0, `${what}: console errors: ${log.console.join(' | ')}`);
  assert(log.pageErrors.length === 0, `${what}: page errors: ${log.pageErrors.join(' | ')}`);
}

/** Waits until the form is usable: the generated bundle is ready and download is enabled. A
 *  first visit opens on the preset chooser: the sample (two parties + exchange) is chosen and
 *  its example addresses kept. */
async function ready(page) {
  await page.waitForSelector('#download-all', { timeout: 30000 });
  if (await page.locator('#preset-picker').count()) {
    await page.click('#preset-two-parties-exchange');
    await page.click('#accept-examples');
  }
  await page.waitForSelector('#download-all:not([disabled])', { timeout: 30000 });
  await page.waitForFunction(() => /regenerated in/.test(document.querySelector('#generation-status').innerText), null, { timeout: 30000 });
}

async function shot(page, name, fullPage = false) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage, timeout: 20000 });
}

const partyRows = (page) => page.locator('ol.party-list > li');

/** The same edits in every mode: a party NodePort changed and a third party added. */
async function configure(page) {
  await page.fill('#f-parties-0-nodePort', '30111');
  await page.click('#f-parties');
  await page.waitForSelector('#f-parties-2-id');
  await page.fill('#f-parties-2-address', '192.168.11.5'); // a new party's address is the operator's
  await page.waitForSelector('.file-tree button.tree-folder:has-text("fate-10001/")');
  await ready(page);
  assert((await partyRows(page).count()) === 3, 'expected 3 party rows after adding one');
}

async function downloadAndCheck(page, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-all')]);
  assert(download.suggestedFilename() === 'fate-federation.zip', `file name ${download.suggestedFilename()}`);
  const zip = path.join(artifacts, name);
  await download.saveAs(zip);
  const entries = zipEntries(zip);
  for (const entry of ['fate-10000/values.yaml', 'fate-9999/Chart.yaml', 'fate-10001/Chart.yaml', 'fate-exchange/Chart.yaml', 'provenance.json', 'SHA256SUMS']) {
    assert(entries.includes(entry), `zip lacks ${entry}`);
  }
  const provenance = JSON.parse(zipRead(zip, 'provenance.json'));
  assert(provenance.version === version, `provenance.json says ${provenance.version}, the page is ${version}`);
  const federation = zipRead(zip, 'federation.yaml');
  assert(/nodePort: 30111/.test(federation), 'the changed NodePort is not in federation.yaml');
  checkBundle(zip);
  return zip;
}

async function expectVersion(page) {
  const shown = await page.locator('#app-version').innerText();
  assert(shown.includes(version), `the page shows "${shown}", Cargo.toml says ${version}`);
}

async function sameConfig(a, b) {
  assert((await partyRows(b).count()) === (await partyRows(a).count()), 'party count differs');
  for (const field of ['f-parties-0-id', 'f-parties-0-nodePort', 'f-parties-2-id', 'f-parties-2-address', 'f-parties-2-nodePort', 'f-exchange-address']) {
    const [x, y] = [await a.inputValue(`#${field}`), await b.inputValue(`#${field}`)];
    assert(x === y, `${field}: ${x} vs ${y}`);
  }
  assert((await b.inputValue('#share-link')) === (await a.inputValue('#share-link')), 'share link differs after the round trip');
}

async function copyShareLink(page, prefix) {
  const link = await page.inputValue('#share-link');
  assert(link.startsWith(prefix), `share link ${link.slice(0, 120)} does not start with ${prefix}`);
  await page.waitForFunction((l) => window.location.href === l, link); // the address bar follows
  await page.click('#copy-share-link');
  await page.waitForSelector('.share-bar .copy-status:has-text("Copied")');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert(copied === link, `the clipboard holds ${copied.slice(0, 80)}, not the share link`);
  return link;
}

async function importSeed(page) {
  await page.click('#open-import');
  await page.fill('#import-text', seedKubeCfg);
  await page.click('#import-submit');
  await page.waitForSelector('#import-panel', { state: 'detached' });
  assert((await partyRows(page).count()) === 2, 'the seed has 2 parties');
  assert((await page.inputValue('#f-parties-1-nodePort')) === '30009', 'second NodePort of the seed');
  const notice = await page.locator('#notice').innerText();
  assert(/Imported kube\.cfg: 2 parties/.test(notice), `notice: ${notice}`);
  await ready(page);
}

function verifyChecksums() {
  const lines = fs.readFileSync(path.join(release, 'SHA256SUMS'), 'utf8').trim().split('\n');
  const listed = new Set();
  for (const line of lines) {
    const match = line.match(/^([0-9a-f]{64}) {2}(.+)$/);
    assert(match, `malformed SHA256SUMS line: ${line}`);
    const actual = sha256(fs.readFileSync(path.join(release, match[2]))).toString('hex');
    assert(actual === match[1], `${match[2]}: checksum mismatch`);
    listed.add(match[2]);
  }
  assert(listed.has(path.basename(singleFile)), 'SHA256SUMS lacks the single file');
  for (const file of fs.readdirSync(dist)) assert(listed.has(`dist/${file}`), `SHA256SUMS lacks dist/${file}`);
}

const browser = await chromium.launch(LAUNCH);
let server;
try {
  await check('SHA256SUMS covers the single file and every file of dist/, and matches', async () => {
    verifyChecksums();
  });

  // ---------------------------------------------------------------- 1. file://, no network
  const fileUrl = pathToFileURL(singleFile).href;
  const offline = newLog();
  async function offlineContext(log = offline) {
    const context = await browser.newContext({ acceptDownloads: true, offline: true, viewport: { width: 1440, height: 1000 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await instrument(context, log);
    // Every request that is not a local file is aborted and recorded (blob: and data: URLs are
    // in-memory objects of the page, not network; they are recorded too and must stay local).
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      log.blocked.push(url);
      return route.abort('internetdisconnected');
    });
    context.on('request', (request) => log.requests.push(request.url()));
    return context;
  }

  await check('offline guard: a network request from a file:// context is aborted and recorded', async () => {
    const control = newLog();
    const context = await offlineContext(control);
    const page = await context.newPage();
    await page.goto('http://192.0.2.1/').catch(() => {});
    assert(control.blocked.includes('http://192.0.2.1/'), `not recorded: ${JSON.stringify(control)}`);
    await context.close();
  });

  const fileContext = await offlineContext();
  const filePage = await fileContext.newPage();
  let fileShareLink = '';

  await check('single file: opens from file:// with no network and shows the version', async () => {
    const started = Date.now();
    await filePage.goto(fileUrl);
    // A first visit shows the preset chooser (the form behind it).
    await filePage.waitForSelector('#preset-picker, #f-parties-0-id', { timeout: 30000 });
    timings.fileFormShownMs = Date.now() - started;
    await ready(filePage);
    timings.fileUsableMs = Date.now() - started;
    timings.fileUsableInPageMs = Math.round(await filePage.evaluate(() => performance.now()));
    assert((await partyRows(filePage).count()) === 2, 'expected the 2 default parties');
    await expectVersion(filePage);
    const policy = await filePage.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert(/connect-src 'none'/.test(policy) && !/'unsafe-inline'|'unsafe-eval'/.test(policy), `single-file policy: ${policy}`);
    await shot(filePage, '01-file-default', true);
  });

  await check('single file: configure (NodePort, third party), download the zip, check_bundle.py passes', async () => {
    await configure(filePage);
    await downloadAndCheck(filePage, 'file-fate-federation.zip');
    await shot(filePage, '02-file-configured', true);
  });

  await check('single file: copy the share link, open it from file:// in a fresh context, same config', async () => {
    fileShareLink = await copyShareLink(filePage, `${fileUrl}#c=`);
    const fresh = await offlineContext();
    const other = await fresh.newPage();
    await other.goto(fileShareLink);
    await ready(other);
    await sameConfig(filePage, other);
    const notice = await other.locator('#notice').innerText();
    assert(/share link/i.test(notice), `notice: ${notice}`);
    await shot(other, '03-file-share-link-opened');
    await fresh.close();
  });

  await check('single file: reopening it (no fragment) restores the autosave', async () => {
    const stored = await filePage.evaluate(() => localStorage.getItem('fate-configurator.config.v1'));
    assert(stored && stored.includes('30111') && stored.includes('10001'), 'autosave lacks the edits');
    const again = await fileContext.newPage();
    await again.goto(fileUrl);
    await ready(again);
    assert((await partyRows(again).count()) === 3, 'autosaved parties not restored');
    assert((await again.inputValue('#f-parties-0-nodePort')) === '30111', 'autosaved NodePort not restored');
    const notice = await again.locator('#notice').innerText();
    assert(/restored/i.test(notice), `notice: ${notice}`);
    await again.reload();
    await ready(again);
    assert((await again.inputValue('#f-parties-0-nodePort')) === '30111', 'reload lost the NodePort');
    await again.close();
  });

  await check('single file: import of the pasted seed kube.cfg works offline', async () => {
    await importSeed(filePage);
    await shot(filePage, '04-file-imported-seed');
  });

  await check('single file: no request left file://, no CSP violation, no console or page error', async () => {
    fs.writeFileSync(path.join(artifacts, 'file-requests.txt'), offline.requests.join('\n') + '\n');
    const network = offline.requests.filter((url) => !/^(file|blob|data):/.test(url));
    assert(offline.blocked.length === 0, `network requests were attempted (and blocked): ${offline.blocked.join(', ')}`);
    assert(network.length === 0, `network requests: ${network.join(', ')}`);
    assert(offline.requests.some((url) => url.startsWith('file:')), 'no file:// request recorded (is the recorder working?)');
    assertClean(offline, 'file://');
  });
  await fileContext.close();

  // ---------------------------------------------------------------- 2. hosted under a sub-path
  // DIST_BASE_URL points the hosted checks at a real server instead (e.g. nginx with
  // release/nginx.conf and release/dist/ copied to its alias folder).
  let base = process.env.DIST_BASE_URL;
  if (!base) {
    server = spawn('python3', [path.join(root, 'tests/e2e/serve.py'), '--root', dist, '--nginx', path.join(release, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stderr.pipe(fs.createWriteStream(path.join(artifacts, 'serve.log')));
    base = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('serve.py did not start')), 10000);
      readline.createInterface({ input: server.stdout }).once('line', (line) => {
        clearTimeout(timer);
        resolve(line.trim());
      });
      server.once('exit', (code) => reject(new Error(`serve.py exited with ${code}`)));
    });
  }
  const origin = new URL(base).origin;
  assert(new URL(base).pathname !== '/', 'the site must be served under a sub-path');
  const nginx = fs.readFileSync(path.join(release, 'nginx.conf'), 'utf8');
  const nginxPolicy = nginx.match(/add_header Content-Security-Policy "([^"]*)" always;/)[1];

  await check(`hosted: ${base} sends the nginx.conf policy and application/wasm; index.html is strict and relative`, async () => {
    const index = await fetch(base);
    assert(index.ok, `GET ${base}: ${index.status}`);
    const header = index.headers.get('content-security-policy');
    assert(header === nginxPolicy, `CSP header differs from release/nginx.conf:\n${header}\n${nginxPolicy}`);
    const html = await index.text();
    const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)[1].replace(/&quot;/g, '"');
    const directives = (p) => p.split(';').map((d) => d.trim()).filter(Boolean);
    const expected = directives(nginxPolicy).filter((d) => !d.startsWith('frame-ancestors'));
    assert(JSON.stringify(directives(meta)) === JSON.stringify(expected), `meta policy differs from the header:\n${meta}`);
    for (const policy of [header, meta]) {
      assert(!/'unsafe-inline'|'unsafe-eval'/.test(policy), `weak policy: ${policy}`);
      assert(/'wasm-unsafe-eval'/.test(policy) && /default-src 'none'/.test(policy), `policy: ${policy}`);
      assert(/style-src 'self'(;|$)/.test(policy), `style-src: ${policy}`);
    }
    assert(/frame-ancestors 'none'/.test(header), 'the header lacks frame-ancestors');
    // The hash in the policy is the hash of the inline loader, recomputed here.
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    assert(inline.length === 1, `expected one inline script, found ${inline.length}`);
    assert(header.includes(cspHash(inline[0])), 'the policy does not allow the inline loader by its sha256');
    const urls = [...html.matchAll(/(?:\b(?:href|src)=|\bfrom\s+|module_or_path:\s*)["']([^"']+)["']/g)].map((m) => m[1]).filter((u) => !u.startsWith('data:'));
    assert(urls.length >= 3 && urls.every((u) => u.startsWith('./')), `asset URLs are not all relative: ${urls.join(', ')}`);
    const wasmName = fs.readdirSync(dist).find((f) => f.endsWith('.wasm'));
    const wasm = await fetch(new URL(wasmName, base));
    assert(wasm.headers.get('content-type') === 'application/wasm', `wasm served as ${wasm.headers.get('content-type')}`);
    assert(/immutable/.test(wasm.headers.get('cache-control')), `wasm cache-control: ${wasm.headers.get('cache-control')}`);
    assert(/no-cache/.test(index.headers.get('cache-control')), `index cache-control: ${index.headers.get('cache-control')}`);
    const redirect = await fetch(base.replace(/\/$/, ''), { redirect: 'manual' });
    assert(redirect.status === 301 && new URL(redirect.headers.get('location'), base).href === base, 'no redirect to the trailing slash');
  });

  const hosted = newLog();
  async function hostedContext(options = {}) {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1440, height: 1000 }, ...options });
    await instrument(context, hosted);
    context.on('request', (request) => hosted.requests.push(request.url()));
    return context;
  }
  const siteContext = await hostedContext();
  await siteContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const sitePage = await siteContext.newPage();
  let siteShareLink = '';

  await check('hosted: loads under the sub-path with the CSP, shows the version', async () => {
    const started = Date.now();
    const response = await sitePage.goto(base);
    assert(response.headers()['content-security-policy'] === nginxPolicy, 'the page was not served with the policy');
    await ready(sitePage);
    timings.hostedUsableMs = Date.now() - started;
    await expectVersion(sitePage);
    await shot(sitePage, '05-hosted-default', true);
  });

  await check('hosted: configure, download the zip, check_bundle.py passes (under CSP)', async () => {
    await configure(sitePage);
    await downloadAndCheck(sitePage, 'hosted-fate-federation.zip');
  });

  // ---------------------------------------------------------------- 3. features under the CSP
  await check('hosted: share link copies (Clipboard API) and reopens with the same config', async () => {
    siteShareLink = await copyShareLink(sitePage, `${base}#c=`);
    const fresh = await hostedContext();
    const other = await fresh.newPage();
    await other.goto(siteShareLink);
    await ready(other);
    await sameConfig(sitePage, other);
    await fresh.close();
  });

  await check('hosted: copy falls back to execCommand (no Clipboard API) without a CSP violation', async () => {
    const fallback = await hostedContext();
    await fallback.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
    const page = await fallback.newPage();
    await page.goto(siteShareLink);
    await ready(page);
    const copied = await page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('copy', () => resolve(true), { once: true });
      document.querySelector('#copy-share-link').click();
      setTimeout(() => resolve(false), 2000);
    }));
    assert(copied, 'no copy event: the fallback did not run');
    await page.waitForSelector('.share-bar .copy-status:has-text("Copied")');
    await fallback.close();
  });

  await check('hosted: import of the pasted seed kube.cfg, then download and check (under CSP)', async () => {
    await importSeed(sitePage);
    const [download] = await Promise.all([sitePage.waitForEvent('download'), sitePage.click('#download-all')]);
    const zip = path.join(artifacts, 'hosted-seed-fate-federation.zip');
    await download.saveAs(zip);
    assert(zipEntries(zip).includes('fate-9999/values.yaml'), 'seed bundle lacks fate-9999');
    checkBundle(zip);
    await shot(sitePage, '06-hosted-imported-seed', true);
  });

  await check('hosted: the CSP is enforced (an injected inline script and style attribute are refused)', async () => {
    const control = newLog();
    const context = await browser.newContext();
    await instrument(context, control);
    const page = await context.newPage();
    await page.goto(base);
    await ready(page);
    const outcome = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.head.appendChild(script);
      const box = document.createElement('div');
      box.setAttribute('style', 'color: rgb(1, 2, 3)');
      document.body.appendChild(box);
      return { script: window.__injected === true, style: getComputedStyle(box).color === 'rgb(1, 2, 3)' };
    });
    await page.waitForTimeout(200);
    assert(!outcome.script && !outcome.style, `not blocked: ${JSON.stringify(outcome)}`);
    const directives = control.violations.map((v) => v.directive);
    assert(directives.some((d) => d.startsWith('script-src')) && directives.some((d) => d.startsWith('style-src')), `violations seen: ${JSON.stringify(control.violations)}`);
    await context.close();
  });

  await check('hosted: no request outside the sub-path, no CSP violation, no console or page error', async () => {
    fs.writeFileSync(path.join(artifacts, 'hosted-requests.txt'), hosted.requests.join('\n') + '\n');
    const foreign = hosted.requests.filter((url) => !(url.startsWith(base) || url.startsWith('data:') || url.startsWith(`blob:${origin}/`)));
    assert(hosted.requests.length > 0, 'no request recorded');
    assert(foreign.length === 0, `requests outside ${base}: ${foreign.join(', ')}`);
    assertClean(hosted, 'hosted');
  });
} finally {
  fs.writeFileSync(path.join(artifacts, 'timings.json'), JSON.stringify(timings, null, 2) + '\n');
  console.log(`timings: ${JSON.stringify(timings)}`);
  await browser.close();
  if (server) server.kill();
}

finish();
