#!/usr/bin/env node
// A fuzz corpus cut to a byte budget, for targets whose inputs are large (the
// workbook target: every input is a whole zip or OLE2 file of a few KB, so the corpus libFuzzer's
// merge keeps is megabytes).
//
//   node scripts/fuzz-budget.mjs CONTROL_FILE BUDGET_BYTES OUT_DIR
//
// CONTROL_FILE is the control file of a libFuzzer merge (`-merge=1 -merge_control_file=…` from
// an empty directory over the corpus): it lists every input and the coverage edges each reaches
// (its COV lines). The seeds (`seed-*`) and the inputs of fixed crashes (`crash-*`) are always
// kept; then the other inputs are chosen greedily by the edges they add per byte (lazy greedy:
// an input's gain only falls as others are chosen) while they fit in the budget (the seeds and
// crashes not counted), and copied into OUT_DIR. Whatever else the run found is dropped; the
// edges kept are printed.
import { readFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const [control, budgetArg, out] = process.argv.slice(2);
if (!control || !budgetArg || !out) {
  console.error('usage: node scripts/fuzz-budget.mjs CONTROL_FILE BUDGET_BYTES OUT_DIR');
  process.exit(2);
}
const budget = Number(budgetArg);
const lines = readFileSync(control, 'utf8').split('\n');
const n = Number(lines[0]);
const files = lines.slice(2, 2 + n);
const size = new Map();
const cov = new Map();
for (const line of lines.slice(2 + n)) {
  const p = line.trim().split(/\s+/);
  if (p[0] === 'STARTED') size.set(Number(p[1]), Number(p[2]));
  if (p[0] === 'COV') cov.set(Number(p[1]), p.slice(2).map(Number));
}
const all = new Set([...cov.values()].flat());
const got = new Set();
const kept = (i) => /^(seed|crash)-/.test(basename(files[i]));
const always = files.map((_, i) => i).filter(kept);
for (const i of always) for (const e of cov.get(i) ?? []) got.add(e);
const gain = (i) => (cov.get(i) ?? []).filter((e) => !got.has(e)).length;
// A small cost per file besides its bytes, so that many tiny files are not preferred blindly.
const value = (i, g) => g / ((size.get(i) ?? 0) + 200);
let heap = [...cov.keys()].filter((i) => !kept(i)).map((i) => ({ i, v: value(i, gain(i)) })).filter((x) => x.v > 0);
heap.sort((a, b) => b.v - a.v);
let used = 0;
const chosen = [];
while (heap.length > 0) {
  const top = heap.shift();
  const v = value(top.i, gain(top.i));
  if (v <= 0) continue;
  if (heap.length > 0 && v < heap[0].v) {
    // Stale: put it back in its place.
    top.v = v;
    const at = heap.findIndex((x) => x.v < v);
    heap.splice(at < 0 ? heap.length : at, 0, top);
    continue;
  }
  const s = size.get(top.i) ?? 0;
  if (used + s > budget) continue;
  used += s;
  chosen.push(top.i);
  for (const e of cov.get(top.i)) got.add(e);
}
mkdirSync(out, { recursive: true });
for (const i of [...always, ...chosen]) copyFileSync(files[i], join(out, basename(files[i])));
console.log(`fuzz-budget: ${always.length} seeds and crashes, ${chosen.length} of ${n - always.length} other inputs (${used} bytes), ${got.size} of ${all.size} edges`);
