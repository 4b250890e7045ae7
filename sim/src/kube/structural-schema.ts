/**
 * Structural OpenAPI v3 schemas (the subset a CustomResourceDefinition version may declare) and
 * what kube-apiserver does with them on a write: drops nulls, prunes fields the schema does not
 * know (reporting them for `fieldValidation`), and validates types, required fields, enums,
 * patterns and bounds, reporting `field.Error`s with the paths and wording kube-apiserver uses.
 */

export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

/** A structural schema node (apiextensions.k8s.io/v1 JSONSchemaProps, the parts the simulator uses). */
export interface StructuralSchema {
  type?: SchemaType;
  description?: string;
  format?: string;
  properties?: Record<string, StructuralSchema>;
  required?: string[];
  items?: StructuralSchema;
  additionalProperties?: StructuralSchema | boolean;
  enum?: readonly (string | number | boolean)[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  default?: unknown;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
}

/** One path step: a property name or an array index. */
export type PathStep = string | number;

/** field.ErrorType values kube-apiserver reports in `details.causes[].reason`. */
export type FieldErrorReason = 'FieldValueRequired' | 'FieldValueNotSupported' | 'FieldValueInvalid' | 'FieldValueTypeInvalid' | 'FieldValueTooLong' | 'FieldValueTooMany';

export interface FieldError {
  reason: FieldErrorReason;
  path: PathStep[];
  /** `spec.sourceRef.kind`, `spec.patches[0].patch` */
  field: string;
  /** The cause's message, e.g. `Required value` or `Unsupported value: "x": supported values: "a", "b"`. */
  detail: string;
}

export interface ValidationOptions {
  /** Only check the types of declared fields (status writes): no required, enum, pattern or bounds. */
  typesOnly?: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `spec.patches[0].target` */
export function fieldPath(path: readonly PathStep[]): string {
  return path.reduce<string>((text, step) => (typeof step === 'number' ? `${text}[${step}]` : text === '' ? step : `${text}.${step}`), '');
}

/** The JSON type name kube-openapi's validator prints for a value. */
function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Go's %v-ish rendering of a value inside `Invalid value: ...`. */
function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `"${jsonTypeOf(value)}"`;
}

function hasType(value: unknown, schema: StructuralSchema): boolean {
  if (schema['x-kubernetes-int-or-string']) return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
  switch (schema.type) {
    case undefined:
      return true;
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
  }
}

const compiledPatterns = new Map<string, RegExp>();
function patternOf(source: string): RegExp {
  let compiled = compiledPatterns.get(source);
  if (!compiled) {
    compiled = new RegExp(source, 'u');
    compiledPatterns.set(source, compiled);
  }
  return compiled;
}

/** The schema a property of an object node validates against (undefined: unknown field). */
function propertySchema(schema: StructuralSchema, key: string): StructuralSchema | undefined {
  const declared = schema.properties?.[key];
  if (declared) return declared;
  if (isRecord(schema.additionalProperties)) return schema.additionalProperties as StructuralSchema;
  if (schema['x-kubernetes-embedded-resource'] && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) return key === 'metadata' ? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } : { type: 'string' };
  return undefined;
}

function keepsUnknownFields(schema: StructuralSchema): boolean {
  return schema['x-kubernetes-preserve-unknown-fields'] === true || schema.additionalProperties === true;
}

/**
 * Validates `value` against `schema`, appending errors. Paths start at `path` (e.g. `['spec']`).
 * Call on pruned data: unknown fields are not reported here.
 */
export function validateValue(value: unknown, schema: StructuralSchema, path: PathStep[], errors: FieldError[], options: ValidationOptions = {}): void {
  const field = fieldPath(path);
  if (!hasType(value, schema)) {
    const expected = schema['x-kubernetes-int-or-string'] ? 'integer,string' : schema.type!;
    // kube-openapi reports the value's type as the invalid value (`Invalid value: "integer": ... must be of type string: "integer"`).
    const actual = quote(jsonTypeOf(value));
    errors.push({ reason: 'FieldValueTypeInvalid', path, field, detail: `Invalid value: ${actual}: ${field} in body must be of type ${expected}: ${actual}` });
    return;
  }
  if (!options.typesOnly) checkConstraints(value, schema, path, field, errors);
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, index) => validateValue(item, schema.items!, [...path, index], errors, options));
  } else if (isRecord(value)) {
    if (!options.typesOnly) {
      for (const key of schema.required ?? []) {
        if (value[key] === undefined) errors.push({ reason: 'FieldValueRequired', path: [...path, key], field: fieldPath([...path, key]), detail: 'Required value' });
      }
    }
    for (const [key, child] of Object.entries(value)) {
      const childSchema = propertySchema(schema, key);
      if (childSchema && child !== undefined) validateValue(child, childSchema, [...path, key], errors, options);
    }
  }
}

function checkConstraints(value: unknown, schema: StructuralSchema, path: PathStep[], field: string, errors: FieldError[]): void {
  const invalid = (detail: string, reason: FieldErrorReason = 'FieldValueInvalid'): void => {
    errors.push({ reason, path, field, detail });
  };
  if (schema.enum && !schema.enum.includes(value as string | number | boolean)) {
    invalid(`Unsupported value: ${quote(value)}: supported values: ${schema.enum.map((entry) => quote(entry)).join(', ')}`, 'FieldValueNotSupported');
    return;
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.maxLength !== undefined && length > schema.maxLength) invalid(`Too long: may not be more than ${schema.maxLength} bytes`, 'FieldValueTooLong');
    if (schema.minLength !== undefined && length < schema.minLength) invalid(`Invalid value: ${quote(value)}: ${field} in body should be at least ${schema.minLength} chars long`);
    if (schema.pattern !== undefined && !patternOf(schema.pattern).test(value)) invalid(`Invalid value: ${quote(value)}: ${field} in body should match '${schema.pattern}'`);
  } else if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) invalid(`Invalid value: ${value}: ${field} in body should be greater than or equal to ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) invalid(`Invalid value: ${value}: ${field} in body should be less than or equal to ${schema.maximum}`);
  } else if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) invalid(`Too many: ${value.length}: must have at most ${schema.maxItems} items`, 'FieldValueTooMany');
    if (schema.minItems !== undefined && value.length < schema.minItems) invalid(`Invalid value: ${value.length}: ${field} in body should have at least ${schema.minItems} items`);
  }
}

export interface PruneResult {
  /** A copy without unknown fields and without nulls where the schema does not allow them. */
  value: unknown;
  /** Dropped fields, as `fieldValidation` reports them (`spec.foo`, `spec.patches[0].bar`). */
  unknownFields: string[];
}

/**
 * Drops what a structural schema does not declare (kube-apiserver's pruning) and nulls the schema
 * does not mark `nullable` (dropped before validation). `x-kubernetes-preserve-unknown-fields`
 * subtrees keep everything not declared.
 */
export function pruneUnknownFields(value: unknown, schema: StructuralSchema, path: PathStep[] = []): PruneResult {
  const unknownFields: string[] = [];
  const pruned = prune(value, schema, path, unknownFields);
  return { value: pruned, unknownFields };
}

function prune(value: unknown, schema: StructuralSchema, path: PathStep[], unknown: string[]): unknown {
  if (Array.isArray(value)) {
    if (!schema.items) return value;
    return value.map((item, index) => (item === null && !schema.items!.nullable ? item : prune(item, schema.items!, [...path, index], unknown)));
  }
  if (!isRecord(value)) return value;
  // An object typed as something else is a type error for the validator to report, not pruning.
  if (schema.type !== undefined && schema.type !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const childSchema = propertySchema(schema, key);
    if (!childSchema) {
      if (keepsUnknownFields(schema)) result[key] = child;
      else unknown.push(fieldPath([...path, key]));
      continue;
    }
    if (child === null && !childSchema.nullable) continue;
    result[key] = prune(child, childSchema, [...path, key], unknown);
  }
  return result;
}

/** The value at a path (undefined when any step is missing). */
export function valueAt(root: unknown, path: readonly PathStep[]): unknown {
  let current = root;
  for (const step of path) {
    if (typeof step === 'number' ? !Array.isArray(current) : !isRecord(current)) return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => deepEqual(a[key], b[key]));
  }
  return false;
}

/**
 * CRD validation ratcheting (on by default since Kubernetes 1.30): an update may keep a value
 * that is invalid as long as it does not change it, so objects stored before a schema tightened
 * (or written by controllers past the API) can still be patched.
 */
export function ratchet(errors: FieldError[], updated: unknown, previous: unknown): FieldError[] {
  return errors.filter((error) => {
    if (error.reason !== 'FieldValueRequired') return !deepEqual(valueAt(updated, error.path), valueAt(previous, error.path));
    // A field that was already missing from an object that already existed.
    const parent = valueAt(previous, error.path.slice(0, -1));
    return !(isRecord(parent) && parent[error.path.at(-1) as string] === undefined);
  });
}
