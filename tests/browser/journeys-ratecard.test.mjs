// The rate card journey, as a council finance officer uses it: every parameter with its
// meaning, value and source; what-if edits that recompute every journey at once and are marked
// as changed; errors with their paths (the card in force stays); loading and downloading a
// card; links that carry the changes into a fresh browser; keyboard only; axe.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { newPage, screenshot, shippedCard, tariffCell, useSiteAndBrowser } from './helpers.mjs';
import { assertNoAxeViolations, download, openJourney, senFunding, tabUntil } from './journeys-helpers.mjs';

const env = useSiteAndBrowser();

const param = (page, path) => page.locator(`tr[data-param="${path}"]`);

/** Types a value into a parameter's field and leaves it (the change applies on leaving). */
async function edit(page, path, value) {
  const field = param(page, path).locator('input[type="text"], select').first();
  if (await field.evaluate((e) => e.tagName) === 'SELECT') await field.selectOption(value);
  else {
    await field.fill(value);
    await field.press('Tab');
  }
}

const modifiedNotice = (page) => page.locator('.app-card-status [data-card-modified]');

describe('the rate card', () => {
  test('every parameter is listed with its meaning, value and source', async () => {
    const { context, page, log } = await newPage(env.browser, env.site);
    await openJourney(page, env.site, '#/rate-card', '#section-bands');
    const card = shippedCard();
    const rows = page.locator('tr[data-param]');
    // 8 bands × (route, rate), 3 + 3 per setting, 2 thresholds, 2 dates, 2 weights + 3 mix + 6 IDACI
    // + top-slice + 3 historic weights, 3 protection, 4 MGL.
    assert.equal(await rows.count(), 16 + 6 + 2 + 2 + 2 + 3 + 6 + 1 + 3 + 3 + 4);
    assert.equal(await param(page, 'bands[5].rate').locator('input').inputValue(), '10000');
    assert.equal(await param(page, 'community.historic_weight.2025/26').locator('input').inputValue(), '0.75');
    assert.equal(await param(page, 'protection.option').locator('select').inputValue(), 'B');
    assert.equal(await param(page, 'mgl.mfg_special').locator('input').inputValue(), '');
    for (const r of await rows.all()) {
      const [name, , source] = await r.locator('th, td').allInnerTexts();
      assert.ok(name.trim().length > 20, `a meaning for ${await r.getAttribute('data-param')}`);
      assert.ok(source.trim().length > 10, `a source or a note for ${await r.getAttribute('data-param')}`);
    }
    assert.match(await param(page, 'community.weights.population').locator('.app-param__source').innerText(), /24\/00120 §3\.20 — Special Educational Needs/);
    assert.match(await param(page, 'bands[3].rate').locator('.app-param__source').innerText(), /24\/00120 §3\.16[\s\S]*Illustrative/);
    assert.equal(await page.locator('#card-sources li').count(), card.sources.length);
    assert.equal(await modifiedNotice(page).count(), 0);
    await assertNoAxeViolations(page, 'the rate card');
    await screenshot(page, 'journey-ratecard');
    assert.deepEqual(log.pageErrors, []);
    await context.close();
  });

  test('a what-if edit applies at once in every journey, marked as changed; undo returns the published card', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openJourney(page, env.site, '#/rate-card', '#section-bands');
    await edit(page, 'bands[5].rate', '£12,500');
    await modifiedNotice(page).waitFor();
    assert.match(await modifiedNotice(page).innerText(), /Rate card modified/);
    assert.equal(await param(page, 'bands[5].rate').getAttribute('data-modified'), 'true');
    assert.ok(await param(page, 'bands[5].rate').locator('input.app-modified').isVisible());
    assert.match(await param(page, 'bands[5].rate').innerText(), /Changed\s+was 10000/);
    assert.match(await page.locator('#card-changes').innerText(), /bands\[5\]\.rate: 10000 → 12500/);
    await screenshot(page, 'journey-ratecard-modified');
    await assertNoAxeViolations(page, 'the rate card, modified');

    // Follow the child uses the card in force.
    await page.locator('nav[aria-label="Journeys"]').getByRole('link', { name: 'How funding follows the child' }).click();
    await page.locator('#follow-results').waitFor();
    assert.equal(await tariffCell(page, 'SA3', 'special'), '£12,500.00');
    await page.locator('#band-SA3').check();
    await page.locator('#ehcp-yes').check();
    const sa3 = page.locator('[data-setting="special"] [data-ay="2026/27"] [data-figure="e3"]');
    await page.waitForFunction(() => document.querySelector('[data-setting="special"] [data-ay="2026/27"] [data-figure="e3"]')?.textContent === '£12,500.00');
    assert.equal(await sa3.innerText(), '£12,500.00');
    assert.ok(await modifiedNotice(page).isVisible(), 'the notice says so on every page');

    // Community budgets use it too: a different top-slice changes every budget.
    await page.locator('nav[aria-label="Journeys"]').getByRole('link', { name: 'Rate card' }).click();
    await page.locator('#section-bands').waitFor();
    await edit(page, 'community.topslice_per_community', '20000');
    await page.locator('nav[aria-label="Journeys"]').getByRole('link', { name: 'Community budgets' }).click();
    await page.locator('#reconciliation').waitFor({ timeout: 60_000 });
    assert.match(await page.locator('#reconciliation tr[data-ay="2025/26"] [data-figure="topslice"]').innerText(), /£1,000,000\.00\s+50 × £20,000\.00/);

    // Undo.
    await page.locator('nav[aria-label="Journeys"]').getByRole('link', { name: 'Rate card' }).click();
    await page.locator('#card-reset').click();
    await page.locator('#card-changes-none').waitFor();
    assert.equal(await modifiedNotice(page).count(), 0);
    assert.equal(await param(page, 'bands[5].rate').locator('input').inputValue(), '10000');
    await context.close();
  });

  test('an invalid edit is reported with its path and the card in force stays until the card is valid', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openJourney(page, env.site, '#/rate-card', '#section-bands');
    await edit(page, 'community.weights.population', '0.6');
    const summary = page.locator('.govuk-error-summary').first();
    await summary.waitFor();
    assert.match(await summary.innerText(), /community\.weights: population and deprivation must sum to 1/);
    assert.equal(await modifiedNotice(page).count(), 0, 'the card in force has not changed');
    assert.equal(await param(page, 'community.weights.population').locator('input').inputValue(), '0.6', 'what was typed is kept');
    assert.match(await param(page, 'community.weights.population').locator('.govuk-error-message').innerText(), /must sum to 1/);
    await assertNoAxeViolations(page, 'the rate card with an error');
    await screenshot(page, 'journey-ratecard-error');
    // The summary's link goes to the field.
    await summary.getByRole('link').first().click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'param-community-weights-population');
    // Money with three decimals: its own error, with its path.
    await edit(page, 'bands[4].rate', '10.005');
    assert.match(await summary.innerText(), /bands\[4\]\.rate: must be an amount in pounds/);
    await edit(page, 'bands[4].rate', '6000');
    // The second weight makes the card valid: both changes apply together.
    await edit(page, 'community.weights.deprivation', '0.4');
    await modifiedNotice(page).waitFor();
    assert.equal(await page.locator('.govuk-error-summary').count(), 0);
    assert.match(await page.locator('#card-changes').innerText(), /community\.weights\.deprivation: 0\.5 → 0\.4[\s\S]*community\.weights\.population: 0\.5 → 0\.6/);
    await context.close();
  });

  test('download the changed card: a valid card, marked as modified and illustrative', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openJourney(page, env.site, '#/rate-card', '#section-bands');
    await edit(page, 'protection.rate', '0.75');
    await edit(page, 'mgl.mfg_special', '0.01');
    await modifiedNotice(page).waitFor();
    const file = await download(page, '#card-download');
    assert.equal(file.name, 'kent-illustrative-2025-modified.json');
    const card = JSON.parse(file.bytes.toString('utf8'));
    assert.equal(card.protection.rate, '0.75');
    assert.equal(card.mgl.mfg_special, '0.01');
    assert.equal(card.status, 'illustrative');
    assert.match(card.title, /\(modified\)$/);
    // The command-line tool accepts it.
    const dir = mkdtempSync(join(tmpdir(), 'card-'));
    writeFileSync(join(dir, 'scenario.json'), JSON.stringify({ rate_card: card, schools: [] }));
    assert.match(senFunding(['validate', join(dir, 'scenario.json')]).stdout, /ok/);
    await context.close();
  });

  test('load a card file: an invalid one is refused with every path (the card stays); a valid one replaces it', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openJourney(page, env.site, '#/rate-card', '#section-bands');
    const bad = shippedCard();
    bad.colour = 'red';
    bad.bands[4].rate = '10.005';
    bad.dates.tariff_start = '2026-04-01';
    await page.locator('#card-file').setInputFiles({ name: 'bad-card.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    const errors = page.locator('#card-file-errors');
    await errors.waitFor();
    const items = (await errors.locator('li').allInnerTexts()).map((t) => t.trim());
    assert.ok(items.some((t) => t.startsWith('bad-card.json: colour')), items.join('\n'));
    assert.ok(items.some((t) => t.startsWith('bad-card.json: bands[4].rate')), items.join('\n'));
    assert.ok(items.some((t) => t.startsWith('bad-card.json: dates.tariff_start')), items.join('\n'));
    assert.match(await page.locator('#card-identity').innerText(), /Kent — illustrative rates/);
    await assertNoAxeViolations(page, 'the rate card, an invalid file');
    await screenshot(page, 'journey-ratecard-bad-file');

    await page.locator('#card-file').setInputFiles({ name: 'not-json.json', mimeType: 'application/json', buffer: Buffer.from('{"id": ') });
    await page.locator('#card-file-errors li').filter({ hasText: 'not-json.json' }).first().waitFor();

    const good = { ...shippedCard(), id: 'kent-2026-27', title: 'Kent — rates for 2026-27', status: 'official' };
    good.bands[7].rate = 25000;
    await page.locator('#card-file').setInputFiles({ name: 'kent-2026-27.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
    await page.locator('.app-card-status [data-status="official"]').waitFor();
    assert.match(await page.locator('#card-identity').innerText(), /Kent — rates for 2026-27/);
    assert.equal(await page.locator('#card-file-errors').count(), 0);
    assert.equal(await modifiedNotice(page).count(), 0, 'a loaded card is the new base, not a modification');
    assert.equal(await param(page, 'bands[7].rate').locator('input').inputValue(), '25000');
    await page.locator('nav[aria-label="Journeys"]').getByRole('link', { name: 'How funding follows the child' }).click();
    assert.equal(await tariffCell(page, 'SA5', 'mainstream'), '£25,000.00');
    await context.close();
  });

  test('a link carries the changes into a fresh browser; a link with an invalid change is refused', async () => {
    const first = await newPage(env.browser, env.site);
    await openJourney(first.page, env.site, '#/rate-card', '#section-bands');
    await edit(first.page, 'bands[5].rate', '12000');
    await edit(first.page, 'protection.option', 'C');
    await first.page.locator('#param-mgl-applies-to-srp').uncheck();
    await first.page.waitForFunction(() => document.querySelector('tr[data-param="mgl.applies_to"]')?.dataset.modified === 'true');
    const link = await first.page.locator('#card-link').inputValue();
    assert.match(decodeURIComponent(link), /set=bands\[5\]\.rate=12000/);
    assert.match(decodeURIComponent(link), /set=mgl\.applies_to=special/);
    await first.context.close();

    const second = await newPage(env.browser, env.site);
    await openJourney(second.page, env.site, new URL(link).hash, '#section-bands');
    await modifiedNotice(second.page).waitFor();
    assert.equal(await param(second.page, 'bands[5].rate').locator('input').inputValue(), '12000');
    assert.equal(await param(second.page, 'protection.option').locator('select').inputValue(), 'C');
    assert.equal(await second.page.locator('#param-mgl-applies-to-srp').isChecked(), false);
    assert.equal(await second.page.locator('#param-mgl-applies-to-special').isChecked(), true);
    // The same changes on another journey's link too.
    await second.page.locator('nav[aria-label="Journeys"]').getByRole('link', { name: 'How funding follows the child' }).click();
    await second.page.locator('#follow-results').waitFor();
    assert.match(decodeURIComponent(await second.page.locator('#follow-link').inputValue()), /set=bands\[5\]\.rate=12000/);
    await second.context.close();

    const third = await newPage(env.browser, env.site);
    await openJourney(third.page, env.site, `#/follow-the-child?set=${encodeURIComponent('bands[5].rate=abc')}&set=${encodeURIComponent('nope.x=1')}`, '#follow-results');
    const problems = third.page.locator('[data-link-problems]');
    await problems.waitFor();
    const text = await problems.innerText();
    assert.match(text, /bands\[5\]\.rate/);
    assert.match(text, /nope\.x/);
    assert.equal(await modifiedNotice(third.page).count(), 0);
    assert.equal(await tariffCell(third.page, 'SA3', 'special'), '£10,000.00');
    await assertNoAxeViolations(third.page, 'a link with invalid rate card changes');
    await third.context.close();
  });

  test('keyboard only: change a rate, see it applied, undo it', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openJourney(page, env.site, '#/rate-card', '#section-bands');
    await tabUntil(page, () => document.activeElement?.id === 'param-setting-factors-special');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1.5');
    await page.keyboard.press('Tab');
    await modifiedNotice(page).waitFor();
    assert.equal(await param(page, 'setting_factors.special').getAttribute('data-modified'), 'true');
    // Back up to "Undo all changes" and press it.
    await tabUntil(page, () => document.activeElement?.id === 'card-reset', 400, 'Shift+Tab');
    await page.keyboard.press('Enter');
    await page.locator('#card-changes-none').waitFor();
    assert.equal(await modifiedNotice(page).count(), 0);
    await context.close();
  });
});
