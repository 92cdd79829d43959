// Shared pieces of the browser scripts (e2e.mjs, distribution.mjs, bench.mjs): Debian's Chromium
// through playwright-core from the tools folder (never a downloaded browser), a test-check
// recorder, ports and zip reading.

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const toolsDir = process.env.FATE_TOOLS_DIR;
if (!toolsDir) {
  console.error('FATE_TOOLS_DIR is not set: run `source scripts/tools.sh` first');
  process.exit(2);
}

/** playwright-core's Chromium driver. */
export const { chromium } = require(path.join(toolsDir, 'node/node_modules/playwright-core'));

/** The repository root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Launch options: Debian's Chromium, headless, with nothing phoning home. */
export const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** Throws `message` unless `condition` holds. */
export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Named checks that keep going after a failure; `finish()` prints `N passed, M failed` and exits. */
export function checks() {
  let passed = 0;
  let failed = 0;
  return {
    async check(name, fn) {
      const started = Date.now();
      try {
        await fn();
        passed += 1;
        console.log(`ok   ${name} (${Date.now() - started} ms)`);
      } catch (error) {
        failed += 1;
        console.log(`FAIL ${name}\n     ${String(error && error.stack ? error.stack : error).split('\n').slice(0, 6).join('\n     ')}`);
      }
    },
    finish() {
      console.log(`${passed} passed, ${failed} failed`);
      process.exit(failed === 0 ? 0 : 1);
    },
  };
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Waits until `url` answers (a server just started). */
export async function waitForServer(url) {
  for (let i = 0; i < 100; i += 1) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} did not start`);
}

/** Entry names of a zip file. */
export function zipEntries(file) {
  const out = spawnSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', file], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`not a zip: ${out.stderr}`);
  return out.stdout.trim().split('\n');
}

/** One text entry of a zip file. */
export function zipRead(file, entry) {
  const out = spawnSync('python3', ['-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())', file, entry], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`cannot read ${entry}: ${out.stderr}`);
  return out.stdout;
}

/** The old tool's sample federation (two parties and an exchange) as a config document. */
export const SAMPLE_DOC = {
  version: 1,
  parties: [
    { id: '10000', address: '192.168.11.2', nodePort: 30010 },
    { id: '9999', address: '192.168.11.3', nodePort: 30009 },
  ],
  exchange: { address: '192.168.11.4', nodePort: 30000 },
};

/** A share link of `doc` on `origin` (the plain JSON form, `#c=1.j…`). */
export const shareLink = (origin, doc) => `${origin}/#c=1.j${Buffer.from(JSON.stringify(doc)).toString('base64url')}`;
