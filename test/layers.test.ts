/**
 * The import graph of scripts/: layers point down only (cli → build/watch →
 * stages → plugins → lib) and nothing imports itself back through a cycle.
 * Dynamic `import('…')` counts as much as a static import.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from './helpers.ts';

const SCRIPTS = join(ROOT, 'scripts');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Each file (relative to scripts/) → the files of scripts/ it imports (with `types`, type-only imports too). */
function importGraph(types = false): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(SCRIPTS)) {
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? '');
    // `import type` and `export type` carry no code at run time: they do not make a layer depend on another.
    const typeOnly = new Set(types ? [] : [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s+type\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => m[1]));
    const targets = specifiers.filter((s) => !typeOnly.has(s)).map((s) => relative(SCRIPTS, resolve(dirname(file), s)));
    graph.set(relative(SCRIPTS, file), [...new Set(targets)]);
  }
  return graph;
}

const LAYER_ORDER = ['lib', 'plugins', 'stages', 'top'] as const;
const layerOf = (path: string) => {
  const top = path.split('/')[0];
  return top === 'lib' || top === 'plugins' || top === 'stages' ? top : 'top';
};

test('layers point down: lib imports only lib, plugins only plugins and lib, stages never the command line', () => {
  const upward: string[] = [];
  for (const [from, targets] of importGraph()) {
    for (const to of targets) {
      if (LAYER_ORDER.indexOf(layerOf(to)) > LAYER_ORDER.indexOf(layerOf(from))) upward.push(`${from} → ${to}`);
    }
  }
  assert.deepEqual(upward, []);
});

test('no import cycles in scripts/, type imports included', () => {
  const graph = importGraph(true);
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const walk = (node: string, path: string[]) => {
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) walk(next, [...path, next]);
    }
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) walk(node, [node]);
  assert.deepEqual(cycles, []);
});

test('no file in scripts/ is over 300 lines', () => {
  const long = sources(SCRIPTS)
    .map((file) => [relative(SCRIPTS, file), readFileSync(file, 'utf8').split('\n').length] as const)
    .filter(([, lines]) => lines > 300)
    .map(([file, lines]) => `${file}: ${lines}`);
  assert.deepEqual(long, []);
});
