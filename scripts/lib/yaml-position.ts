/**
 * Where a key stands in a YAML text: the one lookup used for the house config
 * and for front matter, so that a message points at the field's line.
 */
import YAML from 'yaml';
import type { Root, Yaml } from 'mdast';

/** The brief's front matter node, if it has one. */
export function frontMatterNode(tree: Root): Yaml | undefined {
  return tree.children.find((n): n is Yaml => n.type === 'yaml');
}

/** Where a front-matter key stands in the Markdown file (the front matter as a whole when not found). */
export function frontMatterPlace(tree: Root, key: string) {
  const yaml = frontMatterNode(tree);
  if (!yaml) return undefined;
  const line = keyLine(YAML.parseDocument(yaml.value), yaml.value, [key]);
  const start = yaml.position?.start.line;
  // The YAML text starts on the line after the opening `---`.
  return line !== undefined && start !== undefined ? { line: start + line, column: 1 } : yaml.position;
}

/**
 * 1-based line, within `source`, of the key at `path` (`['rules', 'unused-reference']`),
 * or of its deepest ancestor that exists; undefined when not even the first key is there.
 */
export function keyLine(doc: YAML.Document, source: string, path: ReadonlyArray<string | number>): number | undefined {
  let node: unknown = doc.contents;
  let line: number | undefined;
  for (const segment of path) {
    if (!YAML.isMap(node)) break;
    const pair = node.items.find((p) => YAML.isScalar(p.key) && String(p.key.value) === String(segment));
    if (!pair || !YAML.isScalar(pair.key) || !pair.key.range) break;
    line = source.slice(0, pair.key.range[0]).split('\n').length;
    node = pair.value;
  }
  return line;
}

/** The dot path of a valibot issue as segments (`rules.unused-reference` → two keys). */
export function issuePath(issue: { path?: ReadonlyArray<{ key: unknown }> }): Array<string | number> {
  return (issue.path ?? []).map((item) => (typeof item.key === 'number' ? item.key : String(item.key)));
}

/**
 * Line and column (1-based), within `source`, of the node at `path`: a map's
 * key, or a list's item (`['briefs', 2]`); of its deepest ancestor that exists.
 */
export function nodePlace(doc: YAML.Document, source: string, path: ReadonlyArray<string | number>): { line: number; column: number } | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const segment of path) {
    if (YAML.isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      const range = YAML.isNode(item) ? item.range : undefined;
      if (!range) break;
      offset = range[0];
      node = item;
      continue;
    }
    if (!YAML.isMap(node)) break;
    const pair = node.items.find((p) => YAML.isScalar(p.key) && String(p.key.value) === String(segment));
    if (!pair || !YAML.isScalar(pair.key) || !pair.key.range) break;
    offset = pair.key.range[0];
    node = pair.value;
  }
  if (offset === undefined) return undefined;
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}
