// Errors in the words on screen: a duplicate NodePort reads "Party #2 (9999) › NodePort: is
// already used by Party #1 (10000)'s proxy …" in the summary and beside the field; other
// mistakes name their field the same way; no backtick and no document path (`parties[0]`,
// `nodePort`) anywhere in the form, the summary or the action bar.

import { SAMPLE_DOC, assert, shareLink } from '../lib.mjs';

const DOC = SAMPLE_DOC;

/** What the reader sees of the form, its problem summary and the action bar. */
const shownText = (page) =>
  page.evaluate(() =>
    ['.form-column', '#action-bar'].map((selector) => document.querySelector(selector)?.innerText ?? '').join('\n'),
  );

/** Document paths and code names in a text, if any. */
function pathsIn(text) {
  const found = [];
  if (text.includes('`')) found.push('a backtick');
  for (const m of text.matchAll(/\b(parties|placement|credentials|certificates|images|storage|exchange|dmz|tls|ingress)(\[\d+\])?\.[A-Za-z]/g)) found.push(m[0]);
  if (text.includes('parties[')) found.push('parties[');
  for (const m of text.matchAll(/\b(nodePort|fateboardHost|federationNodePort|fateflowNodePort|metaService|mysqlTag|redisTag|pullSecrets|nodeLabel|className|tlsSecret|validityDays)\b/g)) found.push(m[0]);
  return found;
}

export default async function errors(env) {
  const { check, newContext, ready, origin, shot } = env;

  await check('errors: a duplicate NodePort reads in the words of the form', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(shareLink(origin, DOC));
    await ready(page);
    await page.fill('#f-parties-1-address', '192.168.11.2');
    await page.fill('#f-parties-1-nodePort', '30010');
    await page.waitForSelector('.error-summary li');
    const summary = await page.locator('.error-summary li').allInnerTexts();
    assert(summary.length === 1, `problems: ${JSON.stringify(summary)}`);
    const expected = /^Party #2 \(9999\) › NodePort: is already used by Party #1 \(10000\)'s proxy: port 30010 on 192\.168\.11\.2$/;
    assert(expected.test(summary[0].trim()), `summary: ${summary[0]}`);
    const link = await page.locator('.error-summary li a').innerText();
    assert(link.trim() === 'Party #2 (9999) › NodePort', `summary link: ${link}`);
    const inline = await page.locator('#f-parties-1-nodePort-error').innerText();
    assert(/is already used by Party #1 \(10000\)'s proxy/.test(inline), `inline error: ${inline}`);
    const bad = pathsIn(await shownText(page));
    assert(bad.length === 0, `paths or backticks on the page: ${bad.join(', ')}`);
    const body = await page.evaluate(() => document.body.innerText);
    assert(!body.includes('parties['), 'parties[ on the page');
    await shot(page, 'errors-duplicate-nodeport', false);
    await context.close();
  });

  await check('errors: values are quoted, not in backticks, and every problem names its field in words', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(shareLink(origin, DOC));
    await ready(page);
    await page.fill('#f-parties-0-id', 'abc');
    await page.fill('#f-parties-1-address', 'http://x.example');
    await page.fill('#f-exchange-nodePort', '80');
    await page.fill('#f-images-registry', 'harbor.example/');
    await page.waitForFunction(() => document.querySelectorAll('.error-summary li').length >= 4);
    const summary = (await page.locator('.error-summary li').allInnerTexts()).map((line) => line.trim());
    const want = [
      /^Party #1 \(abc\) › Party id: is “abc”, not a party id/,
      /^Party #2 \(9999\) › Node address: “http:\/\/x\.example” is a URL/,
      /^Exchange › Proxy NodePort: is 80, outside the NodePort range 30000-32767$/,
      /^Images › Registry: “harbor\.example\/” ends with “\/”/,
    ];
    for (const pattern of want) {
      assert(summary.some((line) => pattern.test(line)), `no ${pattern} in ${JSON.stringify(summary)}`);
    }
    for (const line of summary) {
      assert(/^[^:]+: [a-z“]/.test(line), `"${line}" does not read "<field>: <what is wrong>"`);
    }
    const bad = pathsIn(await shownText(page));
    assert(bad.length === 0, `paths or backticks on the page: ${bad.join(', ')}`);
    await context.close();
  });
}
