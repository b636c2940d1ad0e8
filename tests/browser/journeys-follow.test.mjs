// "How funding follows the child", as a parent uses it: a band, an EHCP or not, the top-up
// today; the figures of a mainstream school, an SRP and a special school year by year, checked
// against `sen-funding calc` on the same one-pupil scenarios; explanations; the link in a fresh
// browser; keyboard only; axe.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SHIPPED_CARD_PATH, newPage, screenshot, useSiteAndBrowser } from './helpers.mjs';
import { assertNoAxeViolations, calc, gbp, openJourney, tabUntil } from './journeys-helpers.mjs';

const YEARS = ['2024/25', '2025/26', '2026/27', '2027/28'];
const SETTINGS = ['mainstream', 'srp', 'special'];

const env = useSiteAndBrowser();

/** The page's figures: setting → year → { e3, core, route }. */
async function figures(page) {
  return page.locator('.app-follow-setting').evaluateAll((sections) => Object.fromEntries(sections.map((s) => [
    s.dataset.setting,
    Object.fromEntries([...s.querySelectorAll('.app-follow-year')].map((y) => [y.dataset.ay, {
      e3: y.querySelector('[data-figure="e3"]').textContent.trim(),
      core: y.querySelector('[data-figure="core"]').textContent.trim(),
      route: y.dataset.route,
    }])),
  ])));
}

/** The same child in each setting, as `sen-funding calc` computes it. */
function expected(band, ehcp, current) {
  const schools = SETTINGS.map((setting) => ({
    urn: setting, name: setting, community: null,
    pupils: [{ id: 'child', setting, band, ehcp, current_e3: current }],
  }));
  const result = calc({ rate_card_path: SHIPPED_CARD_PATH, years: YEARS, schools });
  return Object.fromEntries(SETTINGS.map((s, i) => [s, result.schools[i].pupils[0].years]));
}

async function choose(page, band, ehcp, current) {
  await page.locator(`#band-${band}`).check();
  await page.locator(ehcp ? '#ehcp-yes' : '#ehcp-no').check();
  await page.locator('#current').fill(current);
  await page.locator('#current').press('Tab');
}

async function assertMatchesCalc(page, band, ehcp, current) {
  await page.locator('#follow-results-title').filter({ hasText: `(${band})` }).waitFor();
  await page.waitForFunction(([b, e]) => { const l = document.getElementById('follow-link')?.value ?? ''; return l.includes(`band=${b}`) && l.includes(`ehcp=${e}`); }, [band, ehcp ? 'yes' : 'no']);
  const shown = await figures(page);
  const want = expected(band, ehcp, (current || '0').replace(/[£,]/g, ''));
  const core = { mainstream: '£6,000.00', srp: '£6,000.00', special: '£10,000.00' };
  for (const s of SETTINGS) {
    for (const y of YEARS) {
      assert.equal(shown[s][y].e3, gbp(want[s][y].e3), `${band} ${ehcp ? 'EHCP' : 'no EHCP'} ${current}: ${s} ${y} E3`);
      assert.equal(shown[s][y].route, want[s][y].route, `${s} ${y} route`);
      assert.equal(shown[s][y].core, core[s], `${s} ${y} core (R1.1)`);
    }
  }
  return shown;
}

describe('how funding follows the child', () => {
  test('a parent chooses a band, EHCP and top-up: every figure is the engine\'s (sen-funding calc)', async () => {
    const { context, page, log } = await newPage(env.browser, env.site);
    await openJourney(page, env.site, '#/follow-the-child', '#follow-results');
    // Each band with its plain-English description.
    const bands = await page.locator('.app-band-radios .govuk-radios__item').count();
    assert.equal(bands, 8);
    assert.match(await page.locator('#band-SA3-hint').innerText(), /curriculum adaptation/);

    // Protected EHCP, then the tariff (R4.5, R4.8); SRP and special stay on the current system until the tariff.
    await choose(page, 'SA3', true, '12000');
    let shown = await assertMatchesCalc(page, 'SA3', true, '12000');
    assert.equal(shown.mainstream['2025/26'].route, 'protected_ehcp');
    assert.equal(shown.mainstream['2025/26'].e3, '£12,000.00');
    assert.equal(shown.special['2026/27'].e3, '£10,000.00');
    assert.equal(shown.srp['2025/26'].route, 'current');
    await screenshot(page, 'journey-follow-sa3-ehcp');

    // SEN Support without an EHCP: existing claim protected in part in the first Community year (R6.2).
    await choose(page, 'S', false, '4000');
    shown = await assertMatchesCalc(page, 'S', false, '4000');
    assert.equal(shown.mainstream['2025/26'].route, 'community_existing');
    assert.equal(shown.mainstream['2025/26'].e3, '£2,000.00');
    assert.equal(shown.special['2026/27'].route, 'tariff');
    assert.equal(shown.special['2026/27'].e3, '£0.00');
    assert.match(await page.locator('[data-setting="special"] [data-ay="2026/27"] .app-follow-year__route').innerText(), /no tariff/);

    // A tariff band without an EHCP in mainstream: the Community, moderated (R4.9).
    await choose(page, 'SA5', false, '');
    shown = await assertMatchesCalc(page, 'SA5', false, '');
    assert.equal(shown.mainstream['2027/28'].route, 'community');
    assert.match(await page.locator('[data-setting="mainstream"] [data-ay="2027/28"] .app-follow-year__route').innerText(), /moderated/);
    assert.equal(shown.special['2027/28'].e3, '£22,000.00');

    // Money as people write it.
    await choose(page, 'SA2', true, '£6,500.50');
    shown = await assertMatchesCalc(page, 'SA2', true, '£6,500.50');
    assert.equal(shown.mainstream['2025/26'].e3, '£6,500.50');

    // The chart's table has the same figures.
    const chart = await page.locator('#follow-chart table tbody tr').first().locator('td').allInnerTexts();
    assert.deepEqual(chart.map((t) => t.trim()), YEARS.map((y) => shown.mainstream[y].e3));
    assert.deepEqual(log.pageErrors, []);
    assert.deepEqual(log.console, []);
    await context.close();
  });

  test('every figure is explained, step by step, citing the rules', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openJourney(page, env.site, '#/follow-the-child?band=SA3&ehcp=yes&current=12000', '#follow-results');
    const year = page.locator('[data-setting="mainstream"] [data-ay="2025/26"]');
    const button = year.getByRole('button', { name: /How this is worked out/ });
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    await button.click();
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    const steps = await year.locator('.app-explain__steps li').allInnerTexts();
    assert.ok(steps.length >= 3, steps.join('\n'));
    assert.ok(steps.some((s) => s.startsWith('R4.5')), `the protected EHCP rule: ${steps.join('\n')}`);
    assert.ok(steps.some((s) => s.startsWith('R7.2')), steps.join('\n'));
    await assertNoAxeViolations(page, 'follow the child, an explanation open');
    await screenshot(page, 'journey-follow-explained');
    await context.close();
  });

  test('the link reproduces the view in a fresh browser, and carries no pupil data', async () => {
    const first = await newPage(env.browser, env.site);
    await openJourney(first.page, env.site, '#/follow-the-child', '#follow-results');
    await choose(first.page, 'SA4', false, '9000');
    await first.page.locator('#follow-results-title').filter({ hasText: '(SA4)' }).waitFor();
    const link = await first.page.locator('#follow-link').inputValue();
    assert.ok(link.startsWith(env.site.baseUrl), link);
    const url = new URL(link);
    assert.equal(url.hash, '#/follow-the-child?band=SA4&ehcp=no&current=9000.00');
    const before = await figures(first.page);
    // Nothing about the child is stored in the browser.
    assert.equal(await first.page.evaluate(() => localStorage.length + sessionStorage.length), 0);
    await first.context.close();

    const second = await newPage(env.browser, env.site);
    await openJourney(second.page, env.site, url.hash, '#follow-results');
    assert.ok(await second.page.locator('#band-SA4').isChecked());
    assert.ok(await second.page.locator('#ehcp-no').isChecked());
    assert.equal(await second.page.locator('#current').inputValue(), '9000.00');
    assert.deepEqual(await figures(second.page), before);
    await second.context.close();
  });

  test('a top-up that is not money is an error linked to its field, and no figures are shown', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openJourney(page, env.site, '#/follow-the-child', '#follow-results');
    await page.locator('#current').fill('lots');
    await page.locator('#current').press('Tab');
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /must be an amount in pounds/);
    assert.equal(await page.locator('#follow-results').count(), 0);
    assert.equal(await page.locator('#current').getAttribute('aria-describedby'), 'current-hint current-error');
    await assertNoAxeViolations(page, 'follow the child with an error');
    await screenshot(page, 'journey-follow-error');
    await summary.getByRole('link').first().click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'current');
    await page.locator('#current').fill('3000');
    await page.locator('#current').press('Tab');
    await page.locator('#follow-results').waitFor();
    await context.close();
  });

  test('keyboard only: choose a band, the EHCP and the top-up, open an explanation', async () => {
    const { context, page } = await newPage(env.browser, env.site);
    await openJourney(page, env.site, '#/follow-the-child', '#follow-results');
    // Into the band radios; arrow keys move the choice.
    await tabUntil(page, () => document.activeElement?.name === 'band');
    const start = await page.evaluate(() => document.activeElement.id);
    await page.keyboard.press('ArrowDown');
    const next = await page.evaluate(() => document.activeElement.id);
    assert.notEqual(next, start);
    assert.ok(await page.locator(`#${next}`).isChecked());
    // On to the EHCP question: "No".
    await tabUntil(page, () => document.activeElement?.name === 'ehcp');
    await page.keyboard.press('ArrowRight');
    assert.ok(await page.locator('#ehcp-no').isChecked());
    await tabUntil(page, () => document.activeElement?.id === 'current');
    await page.keyboard.type('7000');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => { const l = document.getElementById('follow-link').value; return l.includes('ehcp=no') && l.includes('current=7000.00'); });
    const band = next.replace('band-', '');
    await page.locator('#follow-results-title').filter({ hasText: `(${band})` }).waitFor();
    await assertMatchesCalc(page, band, false, '7000');
    // The first explanation, by keyboard.
    await tabUntil(page, () => document.activeElement?.classList.contains('app-explain__toggle'));
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-expanded')), 'true');
    await page.locator('.app-explain__steps').first().waitFor();
    // Focus is always visible (the yellow focus style).
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).backgroundColor);
    assert.equal(outline, 'rgb(255, 221, 0)');
    await context.close();
  });

  test('axe: no WCAG 2.2 A/AA violation in each state, desktop and phone', async () => {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 740 }]) {
      const { context, page } = await newPage(env.browser, env.site, { viewport });
      await openJourney(page, env.site, '#/follow-the-child', '#follow-results');
      await assertNoAxeViolations(page, `follow the child, first view (${viewport.width})`);
      await choose(page, 'W', false, '7500');
      await page.locator('#follow-results-title').filter({ hasText: '(W)' }).waitFor();
      await assertNoAxeViolations(page, `follow the child, W without EHCP (${viewport.width})`);
      await screenshot(page, `journey-follow-${viewport.width}`);
      await context.close();
    }
  });
});
