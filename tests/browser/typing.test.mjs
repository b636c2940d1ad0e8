// Typing as a person does: key by key at about 12 keys a second, on a CPU slowed 4x, into every
// visible text field of every journey (found from the page, so a new field is covered). Each
// field must hold exactly what was typed, with focus still in it: no key lost, no render that
// takes focus away or writes an older value back. Also typing over a selection, Backspace and
// pasting, and the Community pots that used to lose keys (an error summary took focus as the
// number of problems changed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, openApp, restHere, useSiteAndBrowser } from './helpers.mjs';

const env = useSiteAndBrowser();

/** About 12 keys a second. */
const KEY_DELAY_MS = 80;

/** A page as on a slow machine: the CPU slowed 4x. */
async function slowPage(hash) {
  const { context, page, log } = await newPage(env.browser, env.site);
  await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await openApp(page, env.site, hash);
  await restHere(page);
  return { context, page, log };
}

/** The ids of the visible text fields in `scope` (inputs that take text, and text areas). */
async function textFields(page, scope = 'main') {
  return page.evaluate((scope) => {
    const root = document.querySelector(scope);
    const fields = [...root.querySelectorAll('input, textarea')].filter((e) => {
      const t = (e.getAttribute('type') ?? 'text').toLowerCase();
      if (e.tagName === 'INPUT' && !['text', 'search', 'tel', 'number', 'email', 'url', ''].includes(t)) return false;
      if (e.disabled || e.readOnly) return false;
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
    });
    return fields.map((e, i) => {
      if (!e.id) e.id = `typing-test-${i}`;
      return { id: e.id, numeric: ['decimal', 'numeric'].includes(e.getAttribute('inputmode') ?? '') || e.type === 'number' };
    });
  }, scope);
}

/** What focus is in: the element's id, or its tag. */
const focused = (page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

/** Types `text` key by key into the field `id` after clearing it; returns what it holds then. */
async function typeInto(page, id, text) {
  const field = page.locator(`[id="${id}"]`);
  await field.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: KEY_DELAY_MS });
  // A moment for any render the last key set off.
  await page.waitForTimeout(150);
  return { value: await field.inputValue(), focus: await focused(page) };
}

/** Types key by key into each visible text field (up to `limit`); the fields that lost a key or focus. */
async function typeEveryField(page, label, limit) {
  const fields = (await textFields(page)).slice(0, limit);
  assert.ok(fields.length > 0, `${label} has text fields`);
  const lost = [];
  let typed = 0;
  for (const { id, numeric } of fields) {
    // A field an earlier one's text took off the page (a table of figures replaced by "no
    // figures while the data has problems") is not typed into.
    if (!(await page.locator(`[id="${id}"]`).isVisible())) continue;
    typed += 1;
    const text = numeric ? '1234' : 'Ab 12';
    const got = await typeInto(page, id, text);
    if (got.value !== text || got.focus !== id) lost.push(`${id}: holds ${JSON.stringify(got.value)}, focus in ${got.focus}`);
  }
  assert.ok(typed >= Math.min(fields.length, 4), `${label}: typed into ${typed} of ${fields.length} fields`);
  assert.deepEqual(lost, [], `${label}: ${lost.length} of ${typed} fields lost keys or focus`);
}

for (const [hash, limit] of [['#/school', 40], ['#/follow-the-child', 20], ['#/communities', 40], ['#/rate-card', 60]]) {
  test(`${hash}: every visible text field keeps every key typed, with focus in it (CPU 4x slower)`, async () => {
    const { context, page, log } = await slowPage(hash);
    await typeEveryField(page, hash, limit);
    assert.deepEqual(log.pageErrors, []);
    await context.close();
  });
}

test('the school workspace, your own empty school: every field keeps every key', async () => {
  const { context, page, log } = await slowPage('#/school');
  await page.locator('#start-own').click();
  await page.locator('#school-name').waitFor();
  await typeEveryField(page, 'own school', 40);
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

test('the school workspace with its errors shown: every field keeps every key, and no error summary takes focus', async () => {
  const { context, page, log } = await slowPage('#/school');
  // A pupil's current top-up that is not an amount: its error shown.
  const money = page.locator('main table input[inputmode="decimal"]').first();
  await typeInto(page, await money.getAttribute('id'), 'lots');
  await page.keyboard.press('Tab');
  await page.locator('main .govuk-error-summary, main [aria-invalid="true"]').first().waitFor({ timeout: 30_000 });
  await typeEveryField(page, 'with errors', 40);
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

test('with a baseline pinned: every field of the school workspace and Community budgets keeps every key', async () => {
  const { context, page, log } = await slowPage('#/rate-card');
  await page.locator('[data-pin-card]').first().click();
  await page.locator('#baseline-status [data-baseline]:not([data-baseline=""])').waitFor();
  // A what-if change, so that the comparison has something to show.
  await typeInto(page, (await page.locator('tr[data-param="bands[5].rate"] input[type="text"]').getAttribute('id')) ?? 'param-bands-5-rate', '12000');
  await page.keyboard.press('Tab');
  await page.locator('.app-card-status [data-card-modified]').waitFor();
  for (const [name, hash, ready] of [['School workspace', '#/school', '#school-name'], ['Community budgets', '#/communities', '#pot-2026']]) {
    await page.locator('nav[aria-label="Journeys"]').getByRole('link', { name }).click();
    await page.locator(ready).first().waitFor({ timeout: 60_000 });
    await page.locator('#baseline-banner').waitFor();
    await typeEveryField(page, `${hash} with a baseline`, 40);
  }
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

test('follow the child: a top-up typed with a mistake in it keeps every key and focus as the error shows and goes', async () => {
  const { context, page, log } = await slowPage('#/follow-the-child');
  const got = await typeInto(page, 'current', '12a3');
  assert.deepEqual(got, { value: '12a3', focus: 'current' });
  await page.locator('.govuk-error-summary').waitFor();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Backspace');
  await page.waitForTimeout(150);
  assert.equal(await page.locator('#current').inputValue(), '123');
  assert.equal(await focused(page), 'current');
  await page.locator('#follow-results').waitFor();
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

test('Ctrl+Z in a field takes back what was typed, as in any text field', async () => {
  const { context, page, log } = await slowPage('#/school');
  const field = page.locator('#school-name');
  const before = await field.inputValue();
  await field.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' more', { delay: KEY_DELAY_MS });
  await page.waitForTimeout(150);
  assert.equal(await field.inputValue(), `${before} more`);
  await page.keyboard.press('ControlOrMeta+Z');
  await page.waitForTimeout(150);
  assert.equal(await field.inputValue(), before, 'the typing is undone');
  assert.equal(await focused(page), 'school-name');
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

test('Community budgets: each pot typed key by key at its end (End, then 123) and cleared and typed again', async () => {
  const { context, page, log } = await slowPage('#/communities');
  const pots = await page.locator('.app-pots input').evaluateAll((es) => es.map((e) => e.id));
  assert.equal(pots.length, 4, 'four pots');
  for (const id of pots) {
    const field = page.locator(`[id="${id}"]`);
    const before = await field.inputValue();
    await field.click();
    await page.keyboard.press('End');
    await page.keyboard.type('123', { delay: KEY_DELAY_MS });
    await page.waitForTimeout(150);
    assert.equal(await field.inputValue(), `${before}123`, `${id}: every key at the end`);
    assert.equal(await focused(page), id, `${id}: focus stays in the pot`);
    const again = await typeInto(page, id, '42');
    assert.deepEqual(again, { value: '42', focus: id }, `${id}: cleared and typed again`);
    // Backspace, and typing over a selection.
    await page.keyboard.press('Backspace');
    assert.equal(await field.inputValue(), '4');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('9', { delay: KEY_DELAY_MS });
    await page.waitForTimeout(150);
    assert.equal(await field.inputValue(), '9', `${id}: typing over a selection`);
  }
  // Pasting into a pot (text inserted at once, as a paste does): the whole value, focus kept.
  const first = page.locator(`[id="${pots[0]}"]`);
  await first.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText('5000000');
  await page.waitForTimeout(150);
  assert.equal(await first.inputValue(), '5000000');
  assert.equal(await focused(page), pots[0]);
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});
