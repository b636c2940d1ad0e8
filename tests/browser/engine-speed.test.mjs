// The engine's speed in WebAssembly against its native speed: the same generated
// Kent-scale county (50 Communities, 600 schools, 50,000 pupils), the same calculation
// (R1–R10, every figure), timed natively by `sen-funding bench --json` (the bench-cli
// profile, built for speed) and in Chromium by the app's own module
// (`window.wasmBindings.bench_county`), one after the other in one run. The goal is ≤ 1.5×;
// it is measured and reported, and only a 5× regression fails. Both must agree on the total.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { REPO, newPage, openApp, shippedCard, useSiteAndBrowser } from './helpers.mjs';
import { saveArtifact } from './journeys-helpers.mjs';

const SIZE = { communities: 50, schools: 600, pupils: 50000, seed: 1, runs: 15 };
const GOAL = 1.5;
const CEILING = 5;

const env = useSiteAndBrowser();

test('the engine in WebAssembly against native, on the county benchmark', async () => {
  const r = spawnSync('cargo', ['run', '--quiet', '--profile', 'bench-cli', '--bin', 'sen-funding', '--', 'bench', '--json',
    '--communities', String(SIZE.communities), '--schools', String(SIZE.schools), '--pupils', String(SIZE.pupils),
    '--seed', String(SIZE.seed), '--runs', String(SIZE.runs)], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  const native = JSON.parse(r.stdout);

  const { context, page, log } = await newPage(env.browser, env.site);
  await openApp(page, env.site, '#/');
  await page.waitForFunction(() => typeof window.wasmBindings?.bench_county === 'function');
  const card = JSON.stringify(shippedCard());
  const wasm = JSON.parse(await page.evaluate(([card, s]) => window.wasmBindings.bench_county(card, s.communities, s.schools, s.pupils, s.seed, s.runs), [card, SIZE]));
  assert.equal(wasm.error, undefined, JSON.stringify(wasm.error));
  // The same county and the same figures on both sides.
  assert.equal(wasm.total_direct_pennies, native.total_direct_pennies);
  const ratio = wasm.median_ms / native.median_ms;
  const summary = { size: SIZE, native_ms: native.median_ms, wasm_ms: wasm.median_ms, ratio, goal: GOAL, chromium: await page.evaluate(() => navigator.userAgent) };
  saveArtifact('engine-speed.json', summary);
  console.log(`# engine: native median ${native.median_ms.toFixed(1)} ms, wasm median ${wasm.median_ms.toFixed(1)} ms: ${ratio.toFixed(2)}× (goal ≤ ${GOAL}×, ${ratio <= GOAL ? 'met' : 'NOT met on this run'})`);
  assert.ok(ratio <= CEILING, `wasm ${ratio.toFixed(2)}× native: more than ${CEILING}×`);
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});
