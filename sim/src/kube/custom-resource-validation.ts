/**
 * What kube-apiserver does to a custom resource written through the API (create, update, patch)
 * before storing it: unknown fields are pruned and reported as `fieldValidation` asks (Strict: 400,
 * Warn — the default —: a `Warning` header, Ignore: silently), then the object is validated
 * against its CRD version's structural schema (422 `Invalid` with one cause per field). Status
 * writes are checked loosely (types only). Built-in kinds get kube-apiserver's own checks of the
 * kinds an installation applies (builtin-kind-validation.ts).
 */
import { builtInKindProblems, builtInUpdateProblems, unknownBuiltInFields } from './builtin-kind-validation.js';
import type { KubeObject, ObjectStore } from '../store/types.js';
import { CRD_GROUP_RESOURCE } from './custom-resource-definitions.js';
import { KubeApiError, badRequest } from './kube-status.js';
import type { ServedResourceType } from './resource-types.js';
import { pruneUnknownFields, ratchet, validateValue, type FieldError, type StructuralSchema } from './structural-schema.js';

export type FieldValidationDirective = 'Strict' | 'Warn' | 'Ignore';

/** The parts of a routed request the checks need. */
export interface CustomResourceWrite {
  type: ServedResourceType;
  query: URLSearchParams;
  subresource?: string;
  /** Patches word their strict decoding error without the "cannot be handled" prefix. */
  verb: string;
}

export interface CheckedWrite {
  /** The object to store: unknown fields pruned. */
  object: KubeObject;
  /** Response headers to send (`Warning` for pruned fields under `Warn`). */
  headers: Record<string, string>;
}

/** ObjectMeta's fields: what a CRD's `metadata: {type: object}` means to the server. */
const OBJECT_META: StructuralSchema = {
  type: 'object',
  properties: Object.fromEntries(
    [
      'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds',
      'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
    ].map((field) => [field, { 'x-kubernetes-preserve-unknown-fields': true }]),
  ),
};

/** The `fieldValidation` query parameter; Warn when absent, as in kube-apiserver 1.27+. */
export function fieldValidationOf(query: URLSearchParams): FieldValidationDirective {
  const raw = query.get('fieldValidation');
  if (raw === null || raw === '') return 'Warn';
  const directive = (['Strict', 'Warn', 'Ignore'] as const).find((candidate) => candidate.toLowerCase() === raw.toLowerCase());
  if (!directive) throw badRequest(`fieldValidation: Invalid value: "${raw}": must be one of Ignore, Warn, Strict`);
  return directive;
}

/** The structural schema of the served version, from the CRD the cluster holds (as kube-apiserver reads it). */
export function servedSchema(store: ObjectStore, type: ServedResourceType): StructuralSchema | undefined {
  const crd = store.get(CRD_GROUP_RESOURCE, undefined, `${type.resource}.${type.group}`);
  const versions = (crd?.spec?.versions ?? []) as Array<{ name?: string; schema?: { openAPIV3Schema?: StructuralSchema } }>;
  return versions.find((version) => version.name === type.version)?.schema?.openAPIV3Schema;
}

/**
 * Prunes and validates a custom resource about to be stored by a create, update or patch
 * (`previous`: the stored object, for updates and patches). Throws the KubeApiError the server
 * answers with; returns the object to store and the headers to send.
 */
export function checkCustomResourceWrite(store: ObjectStore, write: CustomResourceWrite, object: KubeObject, previous?: KubeObject): CheckedWrite {
  const schema = servedSchema(store, write.type);
  if (!schema) return checkBuiltInWrite(write, object, previous);
  // A stale write fails with Conflict before it is validated (the store checks resourceVersion).
  const precondition = object.metadata?.resourceVersion;
  if (previous && precondition !== undefined && precondition !== previous.metadata.resourceVersion) return { object, headers: {} };
  if (write.subresource === 'status') return { object: checkStatus(write, schema, object), headers: {} };
  const directive = fieldValidationOf(write.query);
  const root: StructuralSchema = { ...schema, properties: { ...schema.properties, metadata: OBJECT_META, status: { 'x-kubernetes-preserve-unknown-fields': true } } };
  const { value, unknownFields } = pruneUnknownFields(object, root);
  const pruned = value as KubeObject;
  const headers: Record<string, string> = {};
  if (unknownFields.length > 0) {
    const described = [...unknownFields].sort().map((field) => `unknown field "${field}"`);
    if (directive === 'Strict') throw strictDecodingError(write, described);
    if (directive === 'Warn') headers.Warning = described.map((text) => `299 - ${JSON.stringify(text)}`).join(', ');
  }
  // Status is the status subresource's business: a write to the main resource does not change it.
  const { status: _status, ...checked } = pruned;
  const errors: FieldError[] = [];
  validateValue(checked, { ...root, properties: { ...root.properties, status: {} } }, [], errors);
  throwIfInvalid(write.type, object, previous ? ratchet(errors, pruned, previous) : errors);
  return { object: pruned, headers };
}

/**
 * Everything a full check finds wrong with an object, status included: the fields the schema
 * does not declare and the validation errors (e.g. to vet objects that bypass the API).
 */
export function customResourceProblems(schema: StructuralSchema, object: KubeObject): { unknownFields: string[]; errors: FieldError[] } {
  const root: StructuralSchema = { ...schema, properties: { ...schema.properties, metadata: OBJECT_META } };
  const { value, unknownFields } = pruneUnknownFields(object, root);
  const errors: FieldError[] = [];
  validateValue(value, root, [], errors);
  return { unknownFields, errors };
}

/**
 * A write of a built-in kind: kube-apiserver's validation of it (builtin-kind-validation.ts). On
 * an update, only problems the stored object did not already have count (as CRDs ratchet).
 */
function checkBuiltInWrite(write: CustomResourceWrite, object: KubeObject, previous: KubeObject | undefined): CheckedWrite {
  if (write.subresource !== undefined) return { object, headers: {} };
  const { group, kind } = write.type;
  const unknown = unknownBuiltInFields(group, kind, object).filter((field) => !previous || !unknownBuiltInFields(group, kind, previous).includes(field));
  if (unknown.length > 0 && fieldValidationOf(write.query) === 'Strict') throw strictDecodingError(write, unknown.map((field) => `unknown field "${field}"`));
  const known = new Set(previous ? builtInKindProblems(group, kind, previous).map((problem) => `${problem.field}|${problem.detail}`) : []);
  const problems = [
    ...(previous ? builtInUpdateProblems(group, kind, object, previous) : []),
    ...builtInKindProblems(group, kind, object).filter((problem) => !known.has(`${problem.field}|${problem.detail}`)),
  ];
  throwIfInvalid(
    write.type,
    object,
    problems.map((problem) => ({ reason: problem.reason, path: [], field: problem.field, detail: problem.detail }) as FieldError),
  );
  return { object, headers: {} };
}

/** A status write: only the types of the declared status fields are checked; nothing is pruned. */
function checkStatus(write: CustomResourceWrite, schema: StructuralSchema, object: KubeObject): KubeObject {
  const statusSchema = schema.properties?.status;
  if (!statusSchema || object.status === undefined) return object;
  const errors: FieldError[] = [];
  validateValue(object.status, statusSchema, ['status'], errors, { typesOnly: true });
  throwIfInvalid(write.type, object, errors);
  return object;
}

function throwIfInvalid(type: ServedResourceType, object: KubeObject, errors: FieldError[]): void {
  if (errors.length === 0) return;
  const name = typeof object.metadata?.name === 'string' ? object.metadata.name : '';
  const qualifiedKind = type.group === '' ? type.kind : `${type.kind}.${type.group}`;
  const listed = errors.map((error) => `${error.field}: ${error.detail}`);
  const summary = listed.length === 1 ? listed[0]! : `[${listed.join(', ')}]`;
  throw new KubeApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${summary}`, {
    name,
    group: type.group,
    kind: type.kind,
    causes: errors.map((error) => ({ reason: error.reason, message: error.detail, field: error.field })),
  });
}

function strictDecodingError(write: CustomResourceWrite, described: string[]): KubeApiError {
  const decoding = `strict decoding error: ${described.join(', ')}`;
  const { kind, version } = write.type;
  return badRequest(write.verb === 'patch' ? decoding : `${kind} in version "${version}" cannot be handled as a ${kind}: ${decoding}`);
}
