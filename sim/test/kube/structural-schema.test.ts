import { describe, expect, it } from 'vitest';
import { fieldPath, pruneUnknownFields, ratchet, validateValue, type FieldError, type StructuralSchema } from '../../src/kube/structural-schema.js';

const SCHEMA: StructuralSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['interval', 'prune', 'sourceRef'],
      properties: {
        interval: { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$' },
        prune: { type: 'boolean' },
        replicas: { type: 'integer', minimum: 0, maximum: 10 },
        port: { 'x-kubernetes-int-or-string': true },
        targetNamespace: { type: 'string', minLength: 1, maxLength: 5 },
        sourceRef: { type: 'object', required: ['kind', 'name'], properties: { kind: { type: 'string', enum: ['GitRepository', 'Bucket'] }, name: { type: 'string' } } },
        patches: { type: 'array', maxItems: 2, items: { type: 'object', required: ['patch'], properties: { patch: { type: 'string' } } } },
        values: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'string' } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        note: { type: 'string', nullable: true },
      },
    },
  },
};

function validate(value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  validateValue(value, SCHEMA, [], errors);
  return errors;
}

describe('structural schema validation', () => {
  it('accepts a valid object', () => {
    expect(validate({ spec: { interval: '1m30s', prune: true, sourceRef: { kind: 'Bucket', name: 'b' }, port: 'http', values: { anything: [1, { deep: true }] } } })).toEqual([]);
  });

  it('reports missing required fields with their paths', () => {
    expect(validate({ spec: { interval: '5m' } }).map((error) => [error.reason, error.field, error.detail])).toEqual([
      ['FieldValueRequired', 'spec.prune', 'Required value'],
      ['FieldValueRequired', 'spec.sourceRef', 'Required value'],
    ]);
  });

  it('reports enums, types, patterns and bounds in kube-apiserver\'s words', () => {
    const errors = validate({
      spec: { interval: '5 minutes', prune: 'yes', replicas: 11, port: 1.5, targetNamespace: 'far-too-long', sourceRef: { kind: 'Git', name: 'x' }, patches: [{}, { patch: 'p' }, { patch: 'q' }] },
    });
    expect(errors.map((error) => `${error.reason} ${error.field}: ${error.detail}`)).toEqual([
      `FieldValueInvalid spec.interval: Invalid value: "5 minutes": spec.interval in body should match '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$'`,
      'FieldValueTypeInvalid spec.prune: Invalid value: "string": spec.prune in body must be of type boolean: "string"',
      'FieldValueInvalid spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10',
      'FieldValueTypeInvalid spec.port: Invalid value: "number": spec.port in body must be of type integer,string: "number"',
      'FieldValueTooLong spec.targetNamespace: Too long: may not be more than 5 bytes',
      'FieldValueNotSupported spec.sourceRef.kind: Unsupported value: "Git": supported values: "GitRepository", "Bucket"',
      'FieldValueTooMany spec.patches: Too many: 3: must have at most 2 items',
      'FieldValueRequired spec.patches[0].patch: Required value',
    ]);
  });

  it('checks only types when asked to (status writes)', () => {
    const errors: FieldError[] = [];
    validateValue({ spec: { interval: 'bad', sourceRef: { kind: 'Other' }, replicas: 'two' } }, SCHEMA, [], errors, { typesOnly: true });
    expect(errors.map((error) => error.field)).toEqual(['spec.replicas']);
  });

  it('formats paths with indexes', () => {
    expect(fieldPath(['spec', 'patches', 0, 'target'])).toBe('spec.patches[0].target');
  });
});

describe('pruning unknown fields', () => {
  it('drops undeclared fields, keeps preserve-unknown subtrees and additionalProperties, and reports paths', () => {
    const { value, unknownFields } = pruneUnknownFields(
      { spec: { prune: true, foo: 1, patches: [{ patch: 'p', bar: 2 }], values: { free: { form: true } }, labels: { a: 'b' } }, extra: true },
      SCHEMA,
    );
    expect(value).toEqual({ spec: { prune: true, patches: [{ patch: 'p' }], values: { free: { form: true } }, labels: { a: 'b' } } });
    expect(unknownFields).toEqual(['spec.foo', 'spec.patches[0].bar', 'extra']);
  });

  it('drops nulls the schema does not allow, keeps nullable ones', () => {
    const { value } = pruneUnknownFields({ spec: { prune: null, note: null } }, SCHEMA);
    expect(value).toEqual({ spec: { note: null } });
  });

  it('leaves type errors to validation', () => {
    const { value, unknownFields } = pruneUnknownFields({ spec: { sourceRef: 'GitRepository/x' } }, SCHEMA);
    expect(value).toEqual({ spec: { sourceRef: 'GitRepository/x' } });
    expect(unknownFields).toEqual([]);
  });
});

describe('ratcheting', () => {
  it('keeps errors on changed values and forgets unchanged ones', () => {
    const previous = { spec: { interval: 'bad', sourceRef: { kind: 'Git', name: 'x' } } };
    const updated = { spec: { interval: 'bad', sourceRef: { kind: 'Other', name: 'x' }, suspend: true } };
    const remaining = ratchet(validate(updated), updated, previous);
    expect(remaining.map((error) => error.field)).toEqual(['spec.sourceRef.kind']);
  });

  it('forgets a required field that was already missing, but not one missing from a new list item', () => {
    const previous = { spec: { interval: '1m', sourceRef: { kind: 'Bucket', name: 'b' }, patches: [{ patch: 'p' }] } };
    const updated = { spec: { interval: '1m', sourceRef: { kind: 'Bucket', name: 'b' }, patches: [{ patch: 'p' }, {}] } };
    expect(ratchet(validate(updated), updated, previous).map((error) => error.field)).toEqual(['spec.patches[1].patch']);
  });
});
