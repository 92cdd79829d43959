// Page weight (issue 11, "Fast and robust on bad input"): what the browser downloads to run the
// page stays within the budget of scripts/page_weight.sh (the one home of the number), and the
// certificate code that was rewritten to make the page lighter (src/generator/tls/der.rs) reads
// a foreign authority in the browser as before.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import { assert, root } from '../lib.mjs';

function budgetBytes() {
  const script = fs.readFileSync(path.join(root, 'scripts/page_weight.sh'), 'utf8');
  const match = script.match(/^BUDGET_BYTES=(\d+)$/m);
  assert(match, 'scripts/page_weight.sh has no BUDGET_BYTES=<n> line');
  return Number(match[1]);
}

export default async function weight({ origin, check, newContext, ready }) {
  await check('page weight: the wasm and JS the browser fetches to run the page fit the budget (gzip -9)', async () => {
    const budget = budgetBytes();
    const context = await newContext();
    const page = await context.newPage();
    const fetched = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.origin === origin && /\.(wasm|js)$/.test(url.pathname)) fetched.push(response);
    });
    await page.goto(`${origin}/`);
    await ready(page);
    const sizes = [];
    for (const response of fetched) {
      const body = await response.body();
      sizes.push({ file: new URL(response.url()).pathname, raw: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length });
    }
    await context.close();
    assert(sizes.some((s) => s.file.endsWith('.wasm')) && sizes.some((s) => s.file.endsWith('.js')), `the page fetched no wasm or no JS: ${JSON.stringify(sizes)}`);
    // Node's zlib at level 9 packs about 0.7% larger than GNU gzip -9 (scripts/page_weight.sh), so
    // this check is the stricter of the two.
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
    const list = sizes.map((s) => `${s.file} ${s.gzip} B`).join(', ');
    assert(total <= budget, `wasm + JS is ${total} B gzip -9 (${list}), over the budget of ${budget} B`);
    console.log(`    page weight: ${total} B gzip -9 (${(total / 1024).toFixed(1)} KiB; ${list}), budget ${budget} B`);
  });

  await check('page weight: the lighter certificate reader names an RSA authority key as one it cannot sign with', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weight-rsa-'));
    const sh = (command) => {
      const out = spawnSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8' });
      assert(out.status === 0, `${command}: ${out.stderr}`);
    };
    sh('openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -subj "/CN=rsa-ca/O=Example Org" -days 30 -out ca.crt 2>/dev/null');
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await ready(page);
    await page.click('#open-import');
    await page.fill('#import-text', 'version: 1\nfateVersion: 2.2.0\ntls: {enabled: true}\nparties:\n  - {id: "10000", address: 10.0.0.1, nodePort: 30001}\n  - {id: "9999", address: 10.0.0.2, nodePort: 30002}\n');
    await page.click('#import-submit');
    await page.waitForSelector('#f-tls-enabled:checked');
    await page.click('#tls-own > summary');
    await page.check('#f-certificates-authority');
    await page.waitForSelector('#f-certificates-authority-cert-file');
    await page.setInputFiles('#f-certificates-authority-cert-file', path.join(dir, 'ca.crt'));
    await page.setInputFiles('#f-certificates-authority-key-file', path.join(dir, 'ca.key'));
    const keyError = () => page.locator('#f-certificates-authority-key-error').innerText().catch(() => '');
    await page.waitForFunction(() => /PKCS#8 ECDSA P-256/.test(document.querySelector('#f-certificates-authority-key-error')?.innerText ?? ''), null, { timeout: 10000 })
      .catch(async () => { throw new Error(`no key error naming PKCS#8 ECDSA P-256; shown: "${await keyError()}"; form: ${await page.locator('#tls-own').innerText()}`); });
    assert(await page.isDisabled('#download-all'), 'Download enabled with an RSA authority key');
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
