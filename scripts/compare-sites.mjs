#!/usr/bin/env node
// Whether two builds of the site are the same, byte for byte: every file of each, by its path.
//
//   node scripts/compare-sites.mjs A B
//
// `make dist-check` builds the site a second time, with no browser to be found, and compares it
// with dist/: the same commit gives the same site.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under `dir` (dot-folders such as Trunk's .stage left out), path → sha256. */
export function digest(dir) {
  const out = new Map();
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

/** The paths that differ between two digests: only in one, or with other bytes. */
export function differences(a, b) {
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.filter((p) => a.get(p) !== b.get(p)).map((p) => (a.has(p) && b.has(p) ? `${p}: other bytes` : `${p}: only in ${a.has(p) ? 'the first' : 'the second'}`));
}

if (process.argv[1]?.endsWith('compare-sites.mjs')) {
  const [a, b] = process.argv.slice(2);
  if (!a || !b) {
    console.error('usage: node scripts/compare-sites.mjs A B');
    process.exit(2);
  }
  const da = digest(a);
  const diff = differences(da, digest(b));
  if (diff.length) {
    console.error(`compare-sites: ${a} and ${b} differ in ${diff.length} of ${da.size} files:\n  ${diff.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`compare-sites: ${a} and ${b} are the same: ${da.size} files, byte for byte`);
}
