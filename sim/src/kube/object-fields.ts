import { isDeepStrictEqual } from 'node:util';
import { FieldSet, describePath, fieldElement, keyElement, valueElement, type PathElement } from './field-sets.js';
import type { ListType, MergeSchema } from './merge-schema.js';

/**
 * The field-level operations server-side apply is made of, over JSON objects and a
 * {@link MergeSchema}: which fields an object sets, how two versions differ, how an applied
 * configuration merges into a live object, and how fields are taken out again.
 */

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

/** Thrown for an applied list that cannot be merged as its schema says (missing or duplicate keys). */
export class ListMergeError extends Error {}

/** Where a walk is: the FieldsV1 path and the schema path (field names only). */
interface Position {
  path: PathElement[];
  names: string[];
}

const ROOT: Position = { path: [], names: [] };

function intoField(at: Position, name: string): Position {
  return { path: [...at.path, fieldElement(name)], names: [...at.names, name] };
}

function intoItem(at: Position, element: PathElement): Position {
  return { path: [...at.path, element], names: at.names };
}

/**
 * The path elements of a list's items, by the list's type; undefined when the items do not fit it
 * (then the list is treated as atomic, unless `strict`, when that is an error).
 */
function itemElements(items: readonly unknown[], list: ListType, at: Position, strict: boolean): PathElement[] | undefined {
  if (list.type === 'atomic') return undefined;
  const fail = (problem: string): undefined => {
    if (strict) throw new ListMergeError(`${describePath(at.path)}: ${problem}`);
    return undefined;
  };
  const elements: PathElement[] = [];
  for (const [index, item] of items.entries()) {
    let element: PathElement;
    if (list.type === 'set') {
      if (!isScalar(item)) return fail(`element ${index}: associative list without keys has an element that's a map type`);
      element = valueElement(item);
    } else {
      if (!isRecord(item)) return fail(`element ${index}: associative list with keys has an element that is not a map`);
      const key: JsonRecord = {};
      for (const name of list.keys) {
        const value = item[name] ?? list.defaults?.[name];
        if (value === undefined) return fail(`element ${index}: associative list with keys has an element that omits key field "${name}" (and doesn't have default value)`);
        key[name] = value;
      }
      element = keyElement(key);
    }
    if (elements.includes(element)) return fail(`duplicate entries for key ${describePath([element])}`);
    elements.push(element);
  }
  return elements;
}

function isAtomicObject(schema: MergeSchema, at: Position): boolean {
  return at.path.length > 0 && schema.isAtomicObject(at.names);
}

/**
 * The fields an object sets, as an apply configuration owns them: every leaf value, every item of
 * an associative or set list, and every atomic list or object as one field. Objects are not
 * members themselves unless they are empty (or null). `strict`: malformed keyed lists throw.
 */
export function fieldSetOf(object: JsonRecord, schema: MergeSchema, strict = false): FieldSet {
  const set = new FieldSet();
  collectFields(object, ROOT, schema, strict, set);
  return set;
}

function collectFields(value: unknown, at: Position, schema: MergeSchema, strict: boolean, set: FieldSet): void {
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (at.path.length > 0 && (entries.length === 0 || isAtomicObject(schema, at))) {
      set.add(at.path);
      return;
    }
    for (const [name, child] of entries) collectFields(child, intoField(at, name), schema, strict, set);
    return;
  }
  if (Array.isArray(value)) {
    const elements = itemElements(value, schema.listType(at.names), at, strict);
    if (!elements) {
      set.add(at.path);
      return;
    }
    for (const [index, item] of value.entries()) {
      const itemAt = intoItem(at, elements[index]!);
      set.add(itemAt.path);
      if (isRecord(item)) for (const [name, child] of Object.entries(item)) collectFields(child, intoField(itemAt, name), schema, strict, set);
    }
    return;
  }
  set.add(at.path);
}

/** What changed between two versions of an object, field by field. */
export interface FieldChanges {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/**
 * Compares two versions of an object. A field or list item present only in `after` is added
 * (with everything below it; a new object is itself added too), one only in `before` removed,
 * and a leaf, atomic list or atomic object with a different value modified.
 */
export function compareFields(before: JsonRecord, after: JsonRecord, schema: MergeSchema): FieldChanges {
  const changes: FieldChanges = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareValues(before, after, ROOT, schema, changes);
  return changes;
}

/**
 * Adds `value`'s fields at and below `at` to `set` (what is new or gone as a whole). Every
 * (non-atomic) object counts itself as well, a non-empty list only through its items, as the
 * apiserver records a new map but not a new list.
 */
function addSubtree(value: unknown, at: Position, schema: MergeSchema, set: FieldSet): void {
  if (isRecord(value) && !isAtomicObject(schema, at)) {
    set.add(at.path);
    for (const [name, child] of Object.entries(value)) addSubtree(child, intoField(at, name), schema, set);
    return;
  }
  if (Array.isArray(value) && value.length > 0) {
    const elements = itemElements(value, schema.listType(at.names), at, false);
    if (elements) {
      for (const [index, item] of value.entries()) addSubtree(item, intoItem(at, elements[index]!), schema, set);
      return;
    }
  }
  set.add(at.path);
}

function compareValues(before: unknown, after: unknown, at: Position, schema: MergeSchema, changes: FieldChanges): void {
  if (isRecord(before) && isRecord(after) && !isAtomicObject(schema, at)) {
    for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const childAt = intoField(at, name);
      if (!(name in after)) addSubtree(before[name], childAt, schema, changes.removed);
      else if (!(name in before)) addSubtree(after[name], childAt, schema, changes.added);
      else compareValues(before[name], after[name], childAt, schema, changes);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const list = schema.listType(at.names);
    const beforeElements = itemElements(before, list, at, false);
    const afterElements = itemElements(after, list, at, false);
    if (beforeElements && afterElements) {
      const beforeItems = new Map(beforeElements.map((element, index) => [element, before[index]]));
      const afterItems = new Map(afterElements.map((element, index) => [element, after[index]]));
      for (const [element, item] of afterItems) {
        const itemAt = intoItem(at, element);
        if (!beforeItems.has(element)) addSubtree(item, itemAt, schema, changes.added);
        else compareValues(beforeItems.get(element), item, itemAt, schema, changes);
      }
      for (const [element, item] of beforeItems) if (!afterItems.has(element)) addSubtree(item, intoItem(at, element), schema, changes.removed);
      return;
    }
  }
  if (!isDeepStrictEqual(before, after)) changes.modified.add(at.path);
}

/**
 * Merges an applied configuration into a live object (neither is changed). Objects merge field
 * by field, a `null` removes the field, associative and set lists merge item by item (items keep
 * the configuration's order, live-only items stay where they were), everything else is replaced.
 */
export function mergeApplied(live: JsonRecord, config: JsonRecord, schema: MergeSchema): JsonRecord {
  return mergeValue(live, config, ROOT, schema) as JsonRecord;
}

function mergeValue(live: unknown, config: unknown, at: Position, schema: MergeSchema): unknown {
  if (isRecord(config)) {
    if (!isRecord(live) || isAtomicObject(schema, at)) return withoutNulls(config);
    const merged: JsonRecord = { ...live };
    for (const [name, value] of Object.entries(config)) {
      if (value === null) delete merged[name];
      else merged[name] = mergeValue(live[name], value, intoField(at, name), schema);
    }
    return merged;
  }
  if (Array.isArray(config) && Array.isArray(live)) {
    const list = schema.listType(at.names);
    const configElements = itemElements(config, list, at, true);
    const liveElements = itemElements(live, list, at, false);
    if (configElements && liveElements) return mergeItems(live, liveElements, config, configElements, at, schema);
  }
  return withoutNulls(config);
}

/**
 * Merged list items: walking the live list, live-only items keep their place; at the first live
 * item the configuration names, the configuration's items up to it are placed in the
 * configuration's order; configuration items after the last shared one go at the end.
 */
function mergeItems(live: unknown[], liveElements: PathElement[], config: unknown[], configElements: PathElement[], at: Position, schema: MergeSchema): unknown[] {
  const liveByElement = new Map(liveElements.map((element, index) => [element, live[index]]));
  const configIndex = new Map(configElements.map((element, index) => [element, index]));
  const merged: unknown[] = [];
  let placed = 0;
  const placeConfigUpTo = (end: number): void => {
    for (; placed <= end; placed += 1) {
      const element = configElements[placed]!;
      const liveItem = liveByElement.get(element);
      merged.push(liveItem === undefined ? withoutNulls(config[placed]) : mergeValue(liveItem, config[placed], intoItem(at, element), schema));
    }
  };
  for (const [index, element] of liveElements.entries()) {
    const position = configIndex.get(element);
    if (position === undefined) merged.push(live[index]);
    else if (position >= placed) placeConfigUpTo(position);
  }
  placeConfigUpTo(configElements.length - 1);
  return merged;
}

/** A configuration value as stored: nulls inside objects mean "not set". */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isRecord(value)) return value;
  const out: JsonRecord = {};
  for (const [name, child] of Object.entries(value)) if (child !== null) out[name] = withoutNulls(child);
  return out;
}

interface RemovalTree {
  remove: boolean;
  children: Map<PathElement, RemovalTree>;
}

/**
 * The object without the given fields and list items (`object` is not changed). An object that
 * becomes empty because fields below it were removed goes too, unless `keep` holds its path.
 */
export function removeFields(object: JsonRecord, fields: FieldSet, schema: MergeSchema, keep: FieldSet = new FieldSet()): JsonRecord {
  if (fields.isEmpty()) return object;
  const root: RemovalTree = { remove: false, children: new Map() };
  for (const path of fields.paths()) {
    let node = root;
    for (const element of path) {
      let child = node.children.get(element);
      if (!child) {
        child = { remove: false, children: new Map() };
        node.children.set(element, child);
      }
      node = child;
    }
    node.remove = true;
  }
  return pruneValue(object, root, ROOT, schema, keep) as JsonRecord;
}

function pruneValue(value: unknown, tree: RemovalTree, at: Position, schema: MergeSchema, keep: FieldSet): unknown {
  if (isRecord(value)) {
    const out: JsonRecord = {};
    for (const [name, child] of Object.entries(value)) {
      const node = tree.children.get(fieldElement(name));
      if (!node) {
        out[name] = child;
        continue;
      }
      if (node.remove) continue;
      const childAt = intoField(at, name);
      const pruned = pruneValue(child, node, childAt, schema, keep);
      const emptied = isRecord(pruned) && Object.keys(pruned).length === 0 && isRecord(child) && Object.keys(child).length > 0;
      if (!emptied || keep.has(childAt.path)) out[name] = pruned;
    }
    return out;
  }
  if (Array.isArray(value)) {
    const elements = itemElements(value, schema.listType(at.names), at, false);
    if (!elements) return value;
    const out: unknown[] = [];
    for (const [index, item] of value.entries()) {
      const node = tree.children.get(elements[index]!);
      if (!node) out.push(item);
      else if (!node.remove) out.push(pruneValue(item, node, intoItem(at, elements[index]!), schema, keep));
    }
    return out;
  }
  return value;
}

