// Helpers of the school workspace's browser tests (school*.test.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, openApp } from './helpers.mjs';

export { download } from './helpers.mjs';

export const FIXTURES = join(REPO, 'tests/browser/fixtures/school');
export const YEARS = ['2024/25', '2025/26', '2026/27', '2027/28', '2028/29'];

/** Opens the workspace and waits until it is ready. */
export async function openWorkspace(page, site) {
  await openApp(page, site, '#/school');
  await page.locator('.app-ws-workspace').waitFor({ timeout: 30000 });
}

/** The workspace's revision: it changes with every edit. */
export async function rev(page) {
  return Number(await page.locator('.app-ws-workspace').getAttribute('data-rev'));
}

/** Waits until the workspace has taken a change made after `before` was read. */
export async function changed(page, before) {
  await page.waitForFunction((b) => Number(document.querySelector('.app-ws-workspace')?.dataset.rev) > b, before);
}

/** `£12,345.67` → `12345.67`; `-£5.00` → `-5.00`; `—` → null. */
export function plain(text) {
  const t = text.trim();
  if (t === '—' || t === '') return null;
  return t.replace('£', '').replaceAll(',', '');
}

/** The school totals on the page: by AY (`2025/26`) and FY (`2025-26`), as plain decimals. */
export async function pageTotals(page) {
  return page.evaluate(() => {
    const read = (td) => {
      const t = td?.textContent.trim() ?? '';
      return t === '—' ? null : t.replace('£', '').replaceAll(',', '');
    };
    const years = {};
    for (const tr of document.querySelectorAll('#totals-ay tbody tr')) {
      years[tr.dataset.ay] = {
        direct: read(tr.querySelector('[data-figure=direct]')),
        mgl_adjustment: read(tr.querySelector('[data-figure=mgl]')),
        community_indicative: read(tr.querySelector('[data-figure=community]')),
        current: read(tr.querySelector('[data-figure=current]')),
      };
    }
    const fys = {};
    for (const tr of document.querySelectorAll('#totals-fy tbody tr')) {
      fys[tr.dataset.fy] = { direct: read(tr.querySelector('[data-figure=direct]')), current: read(tr.querySelector('[data-figure=current]')) };
    }
    return { years, fys };
  });
}

/** The command-line tool of the engine (built by `cargo test`; built here if it is missing). */
export function senFunding() {
  const bin = join(REPO, 'target/debug/sen-funding');
  if (!existsSync(bin)) execFileSync('cargo', ['build', '--quiet', '--bin', 'sen-funding'], { cwd: REPO, stdio: 'inherit' });
  return bin;
}

/** `sen-funding calc FILE`: the totals of the first school, as on the page. */
export function cliTotals(file) {
  const out = JSON.parse(execFileSync(senFunding(), ['calc', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
  const school = out.schools[0];
  const years = {};
  for (const [ay, y] of Object.entries(school.years)) {
    years[ay] = { direct: y.direct, mgl_adjustment: y.mgl_adjustment, community_indicative: y.community_indicative, current: y.current };
  }
  const fys = {};
  for (const [fy, f] of Object.entries(school.financial_years)) fys[fy] = { direct: f.direct, current: f.current };
  return { years, fys, result: out };
}

/** Imports a file through the import panel and waits for its preview (or failure). */
export async function importFile(page, file) {
  await page.setInputFiles('#import-file', file);
  await page.locator('#import-preview, #import-failed, #import-step').first().waitFor({ timeout: 60000 });
}

/** Starts an empty workspace ("Start with my own school") with a name and URN. */
export async function startOwnSchool(page, { name = 'Test Primary School', urn = '123456' } = {}) {
  await page.click('#start-own');
  await page.locator('#school-name').waitFor();
  await page.fill('#school-name', name);
  await page.press('#school-name', 'Tab');
  await page.fill('#school-urn', urn);
  await page.press('#school-urn', 'Tab');
}

/** The ids in the pupils table, in order (the page shown). */
export async function tableIds(page) {
  return page.locator('.app-ws-pupils__row input[id$="-id"]').evaluateAll((els) => els.map((e) => e.value));
}

/** The key of the table row whose id cell holds `id`. */
export async function rowKey(page, id) {
  return page.evaluate((id) => {
    const input = [...document.querySelectorAll('.app-ws-pupils__row input[id$="-id"]')].find((e) => e.value === id);
    return input?.closest('tr').dataset.key ?? null;
  }, id);
}

export function read(path) {
  return readFileSync(path);
}

const BANDS = ['U', 'S', 'W', 'SA1', 'SA2', 'SA3', 'SA4', 'SA5'];

/**
 * A made-up pupil CSV of `n` rows (P00001 …), as a spreadsheet would write it: amounts in
 * pounds (`"£1,131.00"`, or bare numbers without `pounds`), some start and leaving dates with
 * `dates` (UK and ISO), lines ending in `eol`.
 */
export function pupilCsv(n, { pounds = true, dates = false, eol = '\r\n' } = {}) {
  const lines = ['id,setting,band,ehcp,current_e3,year_group,start,end'];
  for (let i = 1; i <= n; i++) {
    const setting = i % 10 === 0 ? 'srp' : 'mainstream';
    const band = BANDS[(i * 7) % BANDS.length];
    const ehcp = i % 3 === 0 || setting === 'srp' ? 'yes' : 'no';
    const pennyless = (i * 37) % 4 === 0 ? 0 : 1000 + ((i * 131) % 20000);
    const amount = !pounds ? String(pennyless) : pennyless === 0 ? '£0.00' : `"£${pennyless.toLocaleString('en-GB')}.00"`;
    const year = ['R', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'][i % 12];
    const start = dates && i % 25 === 0 ? '05/01/2026' : '';
    const end = dates && i % 40 === 0 ? '2027-07-22' : '';
    lines.push(`P${String(i).padStart(5, '0')},${setting},${band},${ehcp},${amount},${year},${start},${end}`);
  }
  return Buffer.from(`${lines.join(eol)}${eol}`, 'utf8');
}

/** Imports `buffer` as the CSV file `name` and accepts its rows; resolves once the workspace has them. */
export async function importAccepted(page, name, buffer) {
  await page.setInputFiles('#import-file', { name, mimeType: 'text/csv', buffer });
  await page.locator('#import-preview').waitFor({ timeout: 60000 });
  const b = await rev(page);
  await page.click('#import-accepted-button');
  await changed(page, b);
}
