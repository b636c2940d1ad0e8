// Shared set-up of the journey tests (follow the child, Community budgets, rate card, offline,
// county scale): opening a journey, the command-line tool, axe, downloads and keyboard walks.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync } from 'node:fs';
import assert from 'node:assert/strict';
import { ARTIFACTS, REPO, SHIPPED_CARD_PATH, axe, formatViolations, openApp } from './helpers.mjs';

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
