// Shared set-up of the journey tests (follow the child, Community budgets, rate card, offline,
// county scale): opening a journey, the command-line tool, axe, downloads and keyboard walks.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync } from 'node:fs';
import assert from 'node:assert/strict';
import { ARTIFACTS, REPO, SHIPPED_CARD_PATH, axe, download, formatViolations, openApp } from './helpers.mjs';

export { download } from './helpers.mjs';

export const FIXTURES = join(REPO, 'tests/browser/fixtures/journeys');

/** Opens the app at `hash` and waits until the journey shows `ready`. */
export async function openJourney(page, site, hash, ready) {
  await openApp(page, site, hash);
  if (ready) await page.locator(ready).first().waitFor({ timeout: 60_000 });
}

/** Runs the command-line tool (`cargo run --bin sen-funding -- …`) from the repository. */
export function senFunding(args, { allowFailure = false } = {}) {
  const r = spawnSync('cargo', ['run', '--quiet', '--bin', 'sen-funding', '--', ...args], {
    cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 30,
  });
  if (r.error) throw r.error;
  if (!allowFailure) assert.equal(r.status, 0, `sen-funding ${args.join(' ')}:\n${r.stderr}`);
  return r;
}

/** `sen-funding calc` on a scenario (an object), returning the result JSON. */
export function calc(scenario) {
  const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(file, typeof scenario === 'string' ? scenario : JSON.stringify(scenario));
  return JSON.parse(senFunding(['calc', file]).stdout);
}

export function shippedCardText() {
  return readFileSync(SHIPPED_CARD_PATH, 'utf8');
}

/** `1234.5` or `"1234.50"` → `£1,234.50` (as the page writes money). */
export function gbp(amount) {
  const s = typeof amount === 'string' ? amount : amount.toFixed(2);
  const neg = s.startsWith('-');
  const [int, frac = '00'] = (neg ? s.slice(1) : s).split('.');
  return `${neg ? '-' : ''}£${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac.padEnd(2, '0')}`;
}

export async function assertNoAxeViolations(page, state) {
  const { violations } = await axe(page);
  assert.deepEqual(violations, [], `axe on ${state}:\n${formatViolations(violations)}`);
}

/** Presses Tab until `predicate(activeElement)` holds (evaluated in the page); fails after `max`. */
export async function tabUntil(page, predicate, max = 200, key = 'Tab') {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if (await page.evaluate(predicate)) return;
  }
  throw new Error(`${key} never reached the element (${predicate})`);
}

export function saveArtifact(name, data) {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, name), typeof data === 'string' ? data : JSON.stringify(data, null, 2));
}

/** A CSV's rows as arrays of cells (quotes handled). */
export function parseCsv(text) {
  // A spreadsheet program drops the byte order mark the calculator writes.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

// --- Community budgets: the table of every Community, and its figures against `sen-funding calc`.

/** The rows of the table of every Community, as shown. */
export async function tableRows(page) {
  return page.locator('#community-table tbody tr').evaluateAll((rows) => rows.map((r) => {
    const f = (k) => r.querySelector(`[data-figure="${k}"]`)?.firstChild?.textContent.trim();
    return {
      id: r.dataset.community,
      name: r.querySelector('th').firstChild.textContent.trim(),
      formula: f('formula'), historic: f('historic'), blended: f('blended'), topslice: f('topslice'),
      net: f('net'), gross: f('gross'), committed: f('committed'), discretionary: f('discretionary'),
      over: r.classList.contains('app-row--over'),
    };
  }));
}

export async function showYear(page, ay) {
  await page.locator('#year').selectOption(ay);
  await page.locator(`#community-table[data-ay="${ay}"]`).waitFor();
}

/** Exports the whole scenario from the page and runs `sen-funding calc` on it. */
export async function calcOfPage(page) {
  const file = await download(page, '#download-scenario');
  assert.equal(file.name, 'community-scenario.json');
  const scenario = JSON.parse(file.bytes.toString('utf8'));
  return { scenario, result: calc(file.bytes.toString('utf8')) };
}

export const share = (s) => Number(s).toFixed(6);

/** Every figure of every Community in every year equals the command-line tool's. */
export async function assertTableMatchesCalc(page, result, years) {
  const byId = new Map(result.communities.map((c) => [c.id, c]));
  for (const ay of years) {
    await showYear(page, ay);
    const rows = await tableRows(page);
    assert.equal(rows.length, result.communities.length, `${ay}: every Community`);
    for (const r of rows) {
      const want = byId.get(r.id).years[ay];
      assert.ok(want, `${r.id} ${ay} in the result`);
      for (const k of ['topslice', 'net', 'gross', 'committed', 'discretionary']) {
        assert.equal(r[k], gbp(want[k]), `${r.id} ${ay} ${k}`);
      }
      assert.equal(r.formula, share(want.formula_share), `${r.id} ${ay} formula share`);
      assert.equal(r.historic, share(want.historic_share), `${r.id} ${ay} historic share`);
      assert.equal(r.blended, share(want.blended_share), `${r.id} ${ay} blended share`);
      assert.equal(r.over, want.over_committed, `${r.id} ${ay} over-committed`);
    }
  }
}
