import type { KubeObject, ObjectStore } from '../store/types.js';
import { FieldSet, FieldsV1Error, fromFieldsV1, toFieldsV1, type FieldPath } from './field-sets.js';
import { KubeApiError } from './kube-status.js';
import { mergeSchemaFor, type MergeSchema } from './merge-schema.js';
import { compareFields, fieldSetOf, type FieldChanges } from './object-fields.js';
import { apiVersionOf, type ServedResourceType } from './resource-types.js';

/**
 * `metadata.managedFields` as kube-apiserver keeps it: which manager set which fields, by
 * operation (`Apply` for server-side apply, `Update` for every other write), API version and
 * subresource. Only writes through the API are tracked; objects the simulated controllers write
 * straight into the store carry none, at no cost.
 */

export type ManagedFieldsOperation = 'Apply' | 'Update';

/** One entry, decoded. */
export interface ManagerEntry {
  manager: string;
  operation: ManagedFieldsOperation;
  apiVersion: string;
  subresource?: string;
  /** RFC 3339, seconds. */
  time?: string;
  fields: FieldSet;
}

export type ManagerIdentity = Omit<ManagerEntry, 'fields' | 'time'>;

/** One entry as the API shows it. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: ManagedFieldsOperation;
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** The apiserver's limit on `fieldManager` and on a manager name taken from the User-Agent. */
const FIELD_MANAGER_MAX_LENGTH = 128;
/** Update managers beyond this many are folded, oldest first, into one `ancient-changes` entry per version. */
const MAX_UPDATE_MANAGERS = 10;
const ANCIENT_CHANGES = 'ancient-changes';
/** Who owns an object's fields when it is first applied to without managed fields (written before tracking). */
export const BEFORE_FIRST_APPLY = 'before-first-apply';

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function timestampNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Appliers are one manager across versions; updaters are one per version. */
export function sameManager(a: ManagerIdentity, b: ManagerIdentity): boolean {
  return (
    a.manager === b.manager &&
    a.operation === b.operation &&
    (a.subresource ?? '') === (b.subresource ?? '') &&
    (a.operation === 'Apply' || a.apiVersion === b.apiVersion)
  );
}

/** The entries of a `metadata.managedFields` value; undefined when it is not a valid one. */
export function decodeManagedFields(raw: unknown): ManagerEntry[] | undefined {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return undefined;
  const entries: ManagerEntry[] = [];
  for (const item of raw) {
    if (!isRecord(item)) return undefined;
    const { manager, operation, apiVersion, subresource, time, fieldsType, fieldsV1 } = item;
    if (fieldsType !== undefined && fieldsType !== 'FieldsV1') return undefined;
    let fields: FieldSet;
    try {
      fields = fieldsV1 === undefined || fieldsV1 === null ? new FieldSet() : fromFieldsV1(fieldsV1);
    } catch (error) {
      if (error instanceof FieldsV1Error) return undefined;
      throw error;
    }
    entries.push({
      manager: typeof manager === 'string' ? manager : '',
      operation: operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: typeof apiVersion === 'string' ? apiVersion : '',
      ...(typeof subresource === 'string' && subresource !== '' ? { subresource } : {}),
      ...(typeof time === 'string' ? { time } : {}),
      fields,
    });
  }
  return entries;
}

/** Oldest first, so folding keeps the newest updaters apart. */
function byAge(a: ManagerEntry, b: ManagerEntry): number {
  const time = (a.time ?? '').localeCompare(b.time ?? '');
  return time !== 0 ? time : a.manager.localeCompare(b.manager);
}

function capUpdateManagers(entries: ManagerEntry[]): ManagerEntry[] {
  const updaters = entries.filter((entry) => entry.operation === 'Update').sort(byAge);
  if (updaters.length <= MAX_UPDATE_MANAGERS) return entries;
  const kept = new Set(entries);
  let count = updaters.length;
  for (const entry of updaters) {
    if (count <= MAX_UPDATE_MANAGERS) break;
    const bucket = [...kept].find((candidate) => candidate.operation === 'Update' && candidate.manager === ANCIENT_CHANGES && candidate.apiVersion === entry.apiVersion && !candidate.subresource);
    kept.delete(entry);
    if (bucket && bucket !== entry) {
      kept.delete(bucket);
      kept.add({ ...bucket, fields: bucket.fields.union(entry.fields), ...(entry.time ? { time: entry.time } : {}) });
      count -= 1;
    } else {
      const { subresource: _subresource, ...rest } = entry;
      kept.add({ ...rest, manager: ANCIENT_CHANGES });
    }
  }
  return [...kept];
}

/** Appliers first, then by time, manager, version and subresource, as the apiserver orders them. */
function compareEntries(a: ManagerEntry, b: ManagerEntry): number {
  const keys: [string, string][] = [
    [a.operation, b.operation],
    [a.time ?? '', b.time ?? ''],
    [a.manager, b.manager],
    [a.apiVersion, b.apiVersion],
    [a.subresource ?? '', b.subresource ?? ''],
  ];
  for (const [left, right] of keys) if (left !== right) return left < right ? -1 : 1;
  return 0;
}

/** The `metadata.managedFields` value of some entries (managers that own nothing are left out). */
export function encodeManagedFields(entries: ManagerEntry[]): ManagedFieldsEntry[] {
  return capUpdateManagers(entries.filter((entry) => !entry.fields.isEmpty()))
    .sort(compareEntries)
    .map((entry) => ({
      manager: entry.manager,
      operation: entry.operation,
      apiVersion: entry.apiVersion,
      ...(entry.time ? { time: entry.time } : {}),
      fieldsType: 'FieldsV1' as const,
      fieldsV1: toFieldsV1(entry.fields),
      ...(entry.subresource ? { subresource: entry.subresource } : {}),
    }));
}

/** The object with these entries as its managed fields (none: the field is left out). */
export function withManagedFields<T extends KubeObject>(object: T, entries: ManagerEntry[]): T {
  const encoded = encodeManagedFields(entries);
  const { managedFields: _previous, ...metadata } = object.metadata;
  return { ...object, metadata: encoded.length > 0 ? { ...metadata, managedFields: encoded } : metadata };
}

/** Which part of an object a write may change, and so which fields it is tracked over. */
export interface TrackingScope {
  /** `status` for writes to the status subresource (then only `status` counts). */
  subresource?: string;
  /** The type has a status subresource: writes to the main resource do not change `status`. */
  statusIsSubresource: boolean;
}

/** Metadata the server sets or that identifies the object: never owned by a manager. */
const UNTRACKED_METADATA = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink', 'managedFields']);

/** The part of an object whose fields are tracked in this scope. */
export function trackedPart(object: JsonRecord, scope: TrackingScope): JsonRecord {
  if (scope.subresource === 'status') return object.status === undefined ? {} : { status: object.status };
  const { apiVersion: _apiVersion, kind: _kind, metadata, status, ...rest } = object;
  const tracked: JsonRecord = { ...rest };
  if (isRecord(metadata)) {
    const kept = Object.fromEntries(Object.entries(metadata).filter(([name]) => !UNTRACKED_METADATA.has(name)));
    if (Object.keys(kept).length > 0) tracked.metadata = kept;
  }
  if (status !== undefined && !scope.statusIsSubresource) tracked.status = status;
  return tracked;
}

const METADATA_NODE: FieldPath = ['f:metadata'];

/** `metadata` itself is never owned, only fields in it. */
function withoutMetadataNode(set: FieldSet): FieldSet {
  return set.has(METADATA_NODE) ? set.difference(new FieldSet([METADATA_NODE])) : set;
}

/** The fields an apply configuration sets, in a scope. `strict`: malformed keyed lists throw. */
export function trackedFieldSet(object: JsonRecord, scope: TrackingScope, schema: MergeSchema, strict = false): FieldSet {
  return withoutMetadataNode(fieldSetOf(trackedPart(object, scope), schema, strict));
}

export function trackedChanges(before: JsonRecord, after: JsonRecord, scope: TrackingScope, schema: MergeSchema): FieldChanges {
  const changes = compareFields(trackedPart(before, scope), trackedPart(after, scope), schema);
  return { added: withoutMetadataNode(changes.added), modified: withoutMetadataNode(changes.modified), removed: changes.removed };
}

/**
 * Entries after `writer` made `changes` by an ordinary write: the writer now owns what it added
 * or changed, as well as what it owned before and did not remove; every other manager loses
 * those fields (an update always wins) and any field that is gone. The writer's time moves only
 * when it took fields.
 */
export function recordChanges(entries: ManagerEntry[], changes: FieldChanges, writer: ManagerIdentity, now: string): ManagerEntry[] {
  const taken = changes.added.union(changes.modified);
  const lost = taken.union(changes.removed);
  let previous: ManagerEntry | undefined;
  const result: ManagerEntry[] = [];
  for (const entry of entries) {
    if (sameManager(entry, writer)) previous = entry;
    else result.push({ ...entry, fields: entry.fields.difference(lost) });
  }
  const fields = (previous?.fields ?? new FieldSet()).difference(lost).union(taken);
  const time = taken.isEmpty() ? previous?.time : now;
  result.push({ ...writer, fields, ...(time ? { time } : {}) });
  return result;
}

/**
 * The entries a write starts from: those the client sent when it sent a valid, non-empty list
 * (clients may rewrite managed fields; `[{}]` clears them), else the stored ones. Subresource
 * writes always start from the stored ones.
 */
export function startingEntries(previous: KubeObject | undefined, next: KubeObject, subresource: string | undefined): ManagerEntry[] {
  const stored = decodeManagedFields(previous?.metadata.managedFields) ?? [];
  if (subresource !== undefined) return stored;
  const sent = next.metadata.managedFields;
  if (!Array.isArray(sent) || sent.length === 0) return stored;
  return decodeManagedFields(sent) ?? stored;
}

type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

/** A 422 about the request's options, as kube-apiserver words it. */
export function invalidOptions(kind: OptionsKind, field: string, reason: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueTooLong' | 'FieldValueForbidden', detail: string): KubeApiError {
  return new KubeApiError(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: ${field}: ${detail}`, {
    group: 'meta.k8s.io',
    kind,
    causes: [{ reason, message: detail, field }],
  });
}

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]*$/u;

/** Checks a `fieldManager` parameter; returns it, or undefined when absent. */
export function validFieldManager(query: URLSearchParams, kind: OptionsKind): string | undefined {
  const fieldManager = query.get('fieldManager');
  if (fieldManager === null || fieldManager === '') return undefined;
  if (Buffer.byteLength(fieldManager) > FIELD_MANAGER_MAX_LENGTH) {
    throw invalidOptions(kind, 'fieldManager', 'FieldValueTooLong', `Too long: may not be more than ${FIELD_MANAGER_MAX_LENGTH} bytes`);
  }
  if (!PRINTABLE.test(fieldManager)) throw invalidOptions(kind, 'fieldManager', 'FieldValueInvalid', `Invalid value: ${JSON.stringify(fieldManager)}: invalid characters`);
  return fieldManager;
}

/**
 * The manager an ordinary write is recorded under: the `fieldManager` parameter, else the
 * User-Agent up to its first `/` (printable characters, at most 128), else `unknown`.
 */
export function updateManagerOf(query: URLSearchParams, userAgent: string | undefined, kind: OptionsKind): string {
  const named = validFieldManager(query, kind);
  if (named !== undefined) return named;
  const prefix = [...(userAgent ?? '').split('/')[0]!].filter((character) => PRINTABLE.test(character)).join('').slice(0, FIELD_MANAGER_MAX_LENGTH);
  return prefix === '' ? 'unknown' : prefix;
}

/** What a write is tracked as: its manager, the request's version, and the part of the object it may change. */
export interface FieldTracking {
  identity: ManagerIdentity;
  scope: TrackingScope;
  schema: MergeSchema;
}

/** How a request to `type` (and `subresource`) is tracked; `operation` is Apply for server-side apply. */
export function fieldTrackingFor(type: ServedResourceType, subresource: string | undefined, manager: string, operation: ManagedFieldsOperation, store: Pick<ObjectStore, 'get'>): FieldTracking {
  return {
    identity: { manager, operation, apiVersion: apiVersionOf(type.group, type.version), ...(subresource ? { subresource } : {}) },
    scope: { statusIsSubresource: type.hasStatusSubresource === true, ...(subresource ? { subresource } : {}) },
    schema: mergeSchemaFor(type, store),
  };
}

/**
 * `next` with the managed fields an ordinary write (create, update, non-apply patch) leaves:
 * compared with `previous` (absent for a create), the changes are recorded for the writer.
 */
export function recordUpdate<T extends KubeObject>(previous: KubeObject | undefined, next: T, tracking: FieldTracking, now = timestampNow()): T {
  const changes = trackedChanges(previous ?? {}, next, tracking.scope, tracking.schema);
  const entries = recordChanges(startingEntries(previous, next, tracking.scope.subresource), changes, tracking.identity, now);
  return withManagedFields(next, entries);
}

/** Records one request's write in the managed fields: see {@link recordUpdate}. */
export class UpdateRecorder {
  private readonly tracking: FieldTracking;

  constructor(type: ServedResourceType, subresource: string | undefined, query: URLSearchParams, userAgent: string | undefined, verb: 'create' | 'update' | 'patch', store: Pick<ObjectStore, 'get'>) {
    const kind: OptionsKind = verb === 'create' ? 'CreateOptions' : verb === 'update' ? 'UpdateOptions' : 'PatchOptions';
    if (verb === 'patch' && query.has('force')) throw invalidOptions(kind, 'force', 'FieldValueForbidden', 'Forbidden: may not be specified for non-apply patch');
    this.tracking = fieldTrackingFor(type, subresource, updateManagerOf(query, userAgent, kind), 'Update', store);
  }

  record<T extends KubeObject>(previous: KubeObject | undefined, next: T): T {
    return recordUpdate(previous, next, this.tracking);
  }
}
