/**
 * Sets of field paths, the unit of ownership in server-side apply, and their `FieldsV1` form as
 * kube-apiserver writes it in `metadata.managedFields`.
 *
 * A path is a list of elements, each in the FieldsV1 spelling:
 * - `f:name`   a field of an object (`f:spec`, `f:interval`, a label key)
 * - `k:{...}`  an item of an associative list, by its key fields (`k:{"name":"manager"}`)
 * - `v:value`  an item of a set-like list, by its JSON value (`v:"finalizer.fluxcd.io"`)
 * - `i:3`      an item of a list by position (never produced here; accepted when decoding)
 */

export type PathElement = string;
export type FieldPath = readonly PathElement[];

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function fieldElement(name: string): PathElement {
  return `f:${name}`;
}

/** `k:` element of an associative list item; key fields in name order, as the apiserver writes them. */
export function keyElement(key: Readonly<Record<string, unknown>>): PathElement {
  const ordered: JsonRecord = {};
  for (const name of Object.keys(key).sort()) ordered[name] = key[name];
  return `k:${JSON.stringify(ordered)}`;
}

export function valueElement(value: unknown): PathElement {
  return `v:${JSON.stringify(value)}`;
}

// Paths are stored as their JSON text: unique, reversible, and one path's text followed by `,`
// is a prefix of exactly its descendants' texts.
function encodePath(path: FieldPath): string {
  return JSON.stringify(path);
}

function decodePath(key: string): FieldPath {
  return JSON.parse(key) as FieldPath;
}

/** An immutable-by-convention set of field paths. */
export class FieldSet {
  private readonly keys: Set<string>;

  constructor(paths: Iterable<FieldPath> = []) {
    this.keys = new Set();
    for (const path of paths) this.keys.add(encodePath(path));
  }

  private static ofKeys(keys: Iterable<string>): FieldSet {
    const set = new FieldSet();
    for (const key of keys) set.keys.add(key);
    return set;
  }

  get size(): number {
    return this.keys.size;
  }

  isEmpty(): boolean {
    return this.keys.size === 0;
  }

  /** Adds in place (for builders that own the set). */
  add(path: FieldPath): void {
    this.keys.add(encodePath(path));
  }

  has(path: FieldPath): boolean {
    return this.keys.has(encodePath(path));
  }

  /** Whether the set holds `path` itself or any path below it. */
  hasWithin(path: FieldPath): boolean {
    const key = encodePath(path);
    if (this.keys.has(key)) return true;
    const prefix = `${key.slice(0, -1)},`;
    for (const member of this.keys) if (member.startsWith(prefix)) return true;
    return false;
  }

  paths(): FieldPath[] {
    return [...this.keys].sort().map(decodePath);
  }

  union(other: FieldSet): FieldSet {
    return FieldSet.ofKeys([...this.keys, ...other.keys]);
  }

  difference(other: FieldSet): FieldSet {
    return FieldSet.ofKeys([...this.keys].filter((key) => !other.keys.has(key)));
  }

  intersection(other: FieldSet): FieldSet {
    return FieldSet.ofKeys([...this.keys].filter((key) => other.keys.has(key)));
  }

  /** Paths that `keep` returns true for. */
  filter(keep: (path: FieldPath) => boolean): FieldSet {
    return FieldSet.ofKeys([...this.keys].filter((key) => keep(decodePath(key))));
  }

  equals(other: FieldSet): boolean {
    if (this.keys.size !== other.keys.size) return false;
    for (const key of this.keys) if (!other.keys.has(key)) return false;
    return true;
  }
}

/** Thrown when a `fieldsV1` document is not in the set format. */
export class FieldsV1Error extends Error {}

interface PathTree {
  member: boolean;
  children: Map<PathElement, PathTree>;
}

function newTree(): PathTree {
  return { member: false, children: new Map() };
}

function elementRank(element: PathElement): number {
  return ['f:', 'k:', 'v:', 'i:'].indexOf(element.slice(0, 2));
}

/** Field names first, then keys, values and indices (numerically), each in order. */
function compareElements(a: PathElement, b: PathElement): number {
  const rank = elementRank(a) - elementRank(b);
  if (rank !== 0) return rank;
  if (a.startsWith('i:')) return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The FieldsV1 document of a set: one nested object per element; `{}` for a leaf member; a
 * member that also has members below it carries `".": {}`.
 */
export function toFieldsV1(set: FieldSet): JsonRecord {
  const root = newTree();
  for (const path of set.paths()) {
    let node = root;
    for (const element of path) {
      let child = node.children.get(element);
      if (!child) {
        child = newTree();
        node.children.set(element, child);
      }
      node = child;
    }
    node.member = true;
  }
  const write = (node: PathTree): JsonRecord => {
    const out: JsonRecord = {};
    if (node.member && node.children.size > 0) out['.'] = {};
    for (const element of [...node.children.keys()].sort(compareElements)) out[element] = write(node.children.get(element)!);
    return out;
  };
  return write(root);
}

function checkElement(element: string): void {
  const body = element.slice(2);
  switch (element.slice(0, 2)) {
    case 'f:':
      return;
    case 'k:':
      if (!isRecord(parseJson(body))) throw new FieldsV1Error(`key element is not a JSON object: ${element}`);
      return;
    case 'v:':
      parseJson(body);
      return;
    case 'i:':
      if (!/^\d+$/.test(body)) throw new FieldsV1Error(`index element is not a number: ${element}`);
      return;
    default:
      throw new FieldsV1Error(`unknown path element: ${element}`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FieldsV1Error(`not JSON: ${text}`);
  }
}

/** Reads a FieldsV1 document; throws {@link FieldsV1Error} when it is not one. */
export function fromFieldsV1(document: unknown): FieldSet {
  const set = new FieldSet();
  const read = (node: unknown, path: PathElement[]): void => {
    if (!isRecord(node)) throw new FieldsV1Error(`expected an object at ${describePath(path) || 'the root'}`);
    const entries = Object.entries(node);
    if (path.length > 0 && entries.length === 0) set.add(path);
    for (const [element, child] of entries) {
      if (element === '.') {
        if (path.length > 0) set.add(path);
        continue;
      }
      checkElement(element);
      read(child, [...path, element]);
    }
  };
  read(document, []);
  return set;
}

/** A path the way the apiserver prints it in conflicts: `.spec.containers[name="app"].image`. */
export function describePath(path: FieldPath): string {
  return path
    .map((element) => {
      const body = element.slice(2);
      switch (element.slice(0, 2)) {
        case 'f:':
          return `.${body}`;
        case 'k:': {
          const key = JSON.parse(body) as JsonRecord;
          return `[${Object.entries(key)
            .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
            .join(',')}]`;
        }
        case 'v:':
          return `[=${body}]`;
        default:
          return `[${body}]`;
      }
    })
    .join('');
}
