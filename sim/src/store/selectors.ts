/**
 * Kubernetes label and field selectors, parsed once and matched many times.
 *
 * Label selector grammar (apimachinery `labels.Parse`): comma-joined requirements, each one of
 * `key=value`, `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key`, `!key`.
 * Field selector grammar (`fields.ParseSelector`): comma-joined `path=value`, `path==value`,
 * `path!=value`, where path is a dotted field path such as `metadata.name` or `involvedObject.uid`.
 */
import type { KubeObject } from './types.js';

/**
 * Thrown for a selector that does not parse. The API server answers it with 400 BadRequest,
 * as kube-apiserver does (`unable to parse requirement: ...`).
 */
export class SelectorParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorParseError';
  }
}

export type LabelOperator = 'equals' | 'notEquals' | 'in' | 'notIn' | 'exists' | 'doesNotExist';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  /** Empty for `exists`/`doesNotExist`; one value for `equals`/`notEquals`. */
  values: string[];
}

export interface FieldRequirement {
  /** Dotted path, e.g. `metadata.name`. */
  path: string;
  operator: 'equals' | 'notEquals';
  value: string;
}

/** A matcher built from a selector string; an empty selector matches everything. */
export type ObjectPredicate = (object: KubeObject) => boolean;

// Kubernetes label keys: optional DNS prefix + '/' + name of [A-Za-z0-9._-]; values the same set.
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Splits on commas that are not inside parentheses (`a in (x,y),b` → two parts). */
function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (depth < 0) throw new SelectorParseError(`unable to parse requirement: unbalanced ')' in "${selector}"`);
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (depth !== 0) throw new SelectorParseError(`unable to parse requirement: unbalanced '(' in "${selector}"`);
  parts.push(current);
  return parts;
}

function checkKey(key: string, requirement: string): string {
  if (!LABEL_KEY.test(key)) throw new SelectorParseError(`unable to parse requirement: invalid label key "${key}" in "${requirement}"`);
  return key;
}

function checkValue(value: string, requirement: string): string {
  if (!LABEL_VALUE.test(value)) throw new SelectorParseError(`unable to parse requirement: invalid label value "${value}" in "${requirement}"`);
  return value;
}

function parseLabelRequirement(raw: string): LabelRequirement {
  const text = raw.trim();
  if (text === '') throw new SelectorParseError('unable to parse requirement: empty requirement');
  const setMatch = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(text);
  if (setMatch) {
    const [, key = '', op, list = ''] = setMatch;
    const values = list.split(',').map((value) => checkValue(value.trim(), text));
    return { key: checkKey(key, text), operator: op === 'in' ? 'in' : 'notIn', values };
  }
  const compareMatch = /^([^=!\s]+)\s*(==|!=|=)\s*(\S*)$/.exec(text);
  if (compareMatch) {
    const [, key = '', op, value = ''] = compareMatch;
    return { key: checkKey(key, text), operator: op === '!=' ? 'notEquals' : 'equals', values: [checkValue(value, text)] };
  }
  if (text.startsWith('!')) return { key: checkKey(text.slice(1).trim(), text), operator: 'doesNotExist', values: [] };
  return { key: checkKey(text, text), operator: 'exists', values: [] };
}

/** Parses a label selector. Throws SelectorParseError when malformed. */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  if (selector.trim() === '') return [];
  return splitTopLevel(selector).map(parseLabelRequirement);
}

/** Parses a field selector. Throws SelectorParseError when malformed. */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  if (selector.trim() === '') return [];
  return selector.split(',').map((raw) => {
    const text = raw.trim();
    const match = /^([A-Za-z0-9_.-]+)\s*(==|!=|=)\s*(.*)$/.exec(text);
    if (!match) throw new SelectorParseError(`invalid field selector: "${text}" is not path=value, path==value or path!=value`);
    const [, path = '', op, value = ''] = match;
    return { path, operator: op === '!=' ? 'notEquals' : 'equals', value: value.trim() };
  });
}

/** True when `labels` satisfy every requirement (an empty list matches everything). */
export function matchesLabels(requirements: readonly LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  for (const { key, operator, values } of requirements) {
    const present = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key);
    const value = present ? labels[key] : undefined;
    switch (operator) {
      case 'equals':
        if (value !== values[0]) return false;
        break;
      case 'notEquals':
        // As in Kubernetes: a missing label satisfies `key!=value`.
        if (value === values[0]) return false;
        break;
      case 'in':
        if (value === undefined || !values.includes(value)) return false;
        break;
      case 'notIn':
        if (value !== undefined && values.includes(value)) return false;
        break;
      case 'exists':
        if (!present) return false;
        break;
      case 'doesNotExist':
        if (present) return false;
        break;
    }
  }
  return true;
}

/** Reads a dotted field path as the string kube-apiserver compares against ('' when absent). */
export function readFieldPath(object: KubeObject, path: string): string {
  let current: unknown = object;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[segment];
  }
  if (current === undefined || current === null) return '';
  return typeof current === 'object' ? JSON.stringify(current) : String(current);
}

/** True when the object satisfies every field requirement. */
export function matchesFields(requirements: readonly FieldRequirement[], object: KubeObject): boolean {
  for (const { path, operator, value } of requirements) {
    const actual = readFieldPath(object, path);
    if (operator === 'equals' ? actual !== value : actual === value) return false;
  }
  return true;
}

// Clients repeat the same few selectors (informers, kubectl -l); parsing once keeps lists cheap.
const predicateCache = new Map<string, ObjectPredicate>();
const PREDICATE_CACHE_LIMIT = 500;

/**
 * Builds one predicate from a label and a field selector (either may be empty/undefined).
 * Parsed selectors are cached. Throws SelectorParseError when either is malformed.
 */
export function compileSelectors(labelSelector: string | undefined, fieldSelector: string | undefined): ObjectPredicate | undefined {
  const label = labelSelector?.trim() ?? '';
  const field = fieldSelector?.trim() ?? '';
  if (label === '' && field === '') return undefined;
  const cacheKey = `${label}\u0000${field}`;
  const cached = predicateCache.get(cacheKey);
  if (cached) return cached;
  const labelRequirements = parseLabelSelector(label);
  const fieldRequirements = parseFieldSelector(field);
  const predicate: ObjectPredicate = (object) =>
    matchesLabels(labelRequirements, object.metadata.labels) && matchesFields(fieldRequirements, object);
  if (predicateCache.size >= PREDICATE_CACHE_LIMIT) predicateCache.clear();
  predicateCache.set(cacheKey, predicate);
  return predicate;
}
