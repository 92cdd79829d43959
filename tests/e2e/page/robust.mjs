// Fast and robust on bad input, and import errors in the words on screen: a 200 KB document of
// nested brackets pasted into the import panel is refused within a second or two, naming the
// limit, and the form is unchanged (before the limits the page froze for minutes); a wrong key
// under storage is reported at its own line and as the form names the section; kube.cfg errors
// show no backticks.

import { SAMPLE_DOC, assert, shareLink } from '../lib.mjs';

const DOC = SAMPLE_DOC;

/** The values of every input of the form, to tell that an import changed nothing. */
const formValues = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.form-column input, .form-column select, .form-column textarea')]
      .filter((el) => !el.closest('#import-panel'))
      .map((el) => `${el.id}=${el.type === 'checkbox' ? el.checked : el.value}`)
      .join('\n'),
  );

async function importText(page, text) {
  if (!(await page.locator('#import-panel').count())) await page.click('#open-import');
  await page.fill('#import-text', text);
  const started = Date.now();
  await page.click('#import-submit');
  await page.waitForSelector('#import-error', { timeout: 20000 });
  const ms = Date.now() - started;
  return { ms, message: await page.locator('#import-error').innerText() };
}

export default async function robust(env) {
  const { check, newContext, ready, origin, shot, timings } = env;

  await check('robust: a 200 KB nested document is refused at once and the form is kept', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(shareLink(origin, DOC));
    await ready(page);
    const before = await formValues(page);
    const nested = `parties: ${'['.repeat(200000)}`;
    const { ms, message } = await importText(page, nested);
    timings.refuseNested200KbMs = ms;
    assert(ms < 2000, `refusal took ${ms} ms`);
    assert(/nests lists and mappings more than 32 levels deep at line 1/.test(message), `error: ${message}`);
    assert(/form is unchanged/.test(message), `error: ${message}`);
    // The page still answers, and nothing in the form moved.
    const answer = await page.evaluate(() => 6 * 7);
    assert(answer === 42, 'page does not answer');
    assert((await formValues(page)) === before, 'the form changed after a refused import');
    // A deep JSON document too.
    const json = await importText(page, '{"a": '.repeat(50000));
    assert(json.ms < 2000 && /levels deep/.test(json.message), `JSON: ${json.ms} ms, ${json.message}`);
    await shot(page, 'robust-nested-refused', false);
    await context.close();
  });

  await check('robust: a wrong key under storage is reported at its line, in the words of the form', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(shareLink(origin, DOC));
    await ready(page);
    const before = await formValues(page);
    const doc = [
      'version: 1',
      'parties:',
      '  - {id: "10000", address: 192.168.11.2, nodePort: 30010}',
      'storage:',
      '  type: nfs',
      '  server: 10.0.0.9',
      '  pth: /exports/fate',
      '',
    ].join('\n');
    const { message } = await importText(page, doc);
    assert(/line 7, column 3: Storage: pth is not a setting here; the settings are server, path, size/.test(message), `error: ${message}`);
    assert(!message.includes('`'), `backtick in: ${message}`);
    assert(!/line 1, column 1/.test(message), `reported at the document start: ${message}`);
    // A wrong type names the field as the form labels it and what it takes.
    const typed = await importText(page, 'version: 1\nparties:\n  - {id: "1", address: a, nodePort: many}\n');
    assert(/line 3, column \d+: .*› NodePort: expected a whole number/.test(typed.message), `error: ${typed.message}`);
    assert(!/u32|nodePort|`/.test(typed.message), `code words in: ${typed.message}`);
    // kube.cfg errors name their variable in quotes, not backticks.
    const cfg = await importText(page, 'partylist=(10000 9999)\npartyiplist=(10.0.0.1:30010)\n');
    assert(/partyiplist/.test(cfg.message) && !cfg.message.includes('`'), `kube.cfg error: ${cfg.message}`);
    assert((await formValues(page)) === before, 'the form changed after failed imports');
    await shot(page, 'robust-storage-key', false);
    await context.close();
  });
}
