import { parse as parseYaml } from 'yaml';
import type { KubeObject, ObjectStore } from '../store/types.js';
import { describePath, type FieldPath, type FieldSet } from './field-sets.js';
import { KubeApiError, badRequest, notFound } from './kube-status.js';
import {
  BEFORE_FIRST_APPLY,
  decodeManagedFields,
  fieldTrackingFor,
  invalidOptions,
  recordChanges,
  sameManager,
  timestampNow,
  trackedChanges,
  trackedFieldSet,
  validFieldManager,
  withManagedFields,
  type FieldTracking,
  type ManagerEntry,
} from './managed-fields.js';
import type { MergeSchema } from './merge-schema.js';
import { ListMergeError, mergeApplied, removeFields } from './object-fields.js';
import { apiVersionOf, type ServedResourceType } from './resource-types.js';

/**
 * Server-side apply (`PATCH` with `Content-Type: application/apply-patch+yaml`), as kube-apiserver
 * does it: the body is the manager's whole intent for the object (its "applied configuration").
 * It is merged into the live object (or creates it), the manager becomes the owner of exactly the
 * fields it applied, fields it applied before and no longer does are removed unless someone else
 * owns them, and changing a field another manager owns is a 409 conflict unless `force=true`.
 */

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** The field manager kubectl uses for `apply --server-side`; it gets kubectl's client-side apply upgrade path. */
const KUBECTL_MANAGER = 'kubectl';

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export interface ApplyRequest {
  type: ServedResourceType;
  namespace?: string;
  name: string;
  subresource?: string;
  query: URLSearchParams;
  body: Buffer;
  /** The object in the request's version; undefined when there is none yet. */
  live: KubeObject | undefined;
  /** Where the type's CRD (and so its list types) is read from. */
  store: Pick<ObjectStore, 'get'>;
  now?: string;
}

export interface ApplyResult {
  /** The object to store, managed fields included. */
  object: KubeObject;
  /** No object existed: store with a create (201). */
  created: boolean;
}

/** A conflict of the applied configuration with a field another manager owns. */
interface Conflict {
  owner: ManagerEntry;
  path: FieldPath;
}

/** Works out what an apply request stores, or throws the KubeApiError the apiserver answers with. */
export function serverSideApply(request: ApplyRequest): ApplyResult {
  const { type, live, query } = request;
  const manager = validFieldManager(query, 'PatchOptions');
  if (manager === undefined) throw invalidOptions('PatchOptions', 'fieldManager', 'FieldValueRequired', 'Required value: is required for apply patch');
  const force = query.get('force') === 'true' || query.get('force') === '1';
  const config = parseConfiguration(request.body);
  checkObjectType(config, type);
  if (isRecord(config.metadata) && config.metadata.managedFields !== undefined && config.metadata.managedFields !== null) {
    throw badRequest('metadata.managedFields must be nil');
  }
  if (!live && request.subresource !== undefined) throw notFound(type.group, type.resource, request.name);

  const now = request.now ?? timestampNow();
  const tracking = fieldTrackingFor(type, request.subresource, manager, 'Apply', request.store);
  const { scope, schema, identity } = tracking;
  const applied = scope.subresource === 'status' ? (config.status === undefined ? {} : { status: config.status }) : withoutStatus(config, scope.statusIsSubresource);
  let configSet: FieldSet;
  try {
    configSet = trackedFieldSet(applied, scope, schema, true);
  } catch (error) {
    if (error instanceof ListMergeError) throw new KubeApiError(500, 'InternalError', `failed to create typed patch object (${gvkOf(config)}): ${error.message}`);
    throw error;
  }

  let entries = decodeManagedFields(live?.metadata.managedFields) ?? [];
  // Fields of an object nobody tracked yet belong to someone: the apiserver names them.
  if (live && entries.length === 0) {
    const existing = trackedChanges({}, live, scope, schema);
    entries = recordChanges([], existing, { manager: BEFORE_FIRST_APPLY, operation: 'Update', apiVersion: identity.apiVersion, ...(scope.subresource ? { subresource: scope.subresource } : {}) }, now);
  }
  const before: KubeObject = live ?? { apiVersion: apiVersionOf(type.group, type.version), kind: type.kind, metadata: { name: '' } };
  let merged = mergeApplied(before, applied, schema) as KubeObject;
  checkIdentity(merged, request);

  const previous = entries.find((entry) => sameManager(entry, identity));
  const others = entries.filter((entry) => entry !== previous);
  if (previous) merged = pruneNoLongerApplied(merged, previous.fields, configSet, others, schema);

  const changes = trackedChanges(before, merged, scope, schema);
  // A field set to null is taken away from its owner, which needs ownership as much as a new value.
  const contested = changes.added.union(changes.modified).union(changes.removed.intersection(configSet));
  const conflicts = others.flatMap((owner) => owner.fields.intersection(contested).paths().map((path) => ({ owner, path })));
  if (conflicts.length > 0 && !force) {
    const allowed = manager === KUBECTL_MANAGER && live ? fieldsLastAppliedByKubectl(live, tracking) : undefined;
    const remaining = allowed ? conflicts.filter((conflict) => !allowed.has(conflict.path)) : conflicts;
    if (remaining.length > 0) throw applyConflict(remaining);
  }

  const changed = !changes.added.isEmpty() || !changes.modified.isEmpty() || !changes.removed.isEmpty();
  const time = changed || !previous?.fields.equals(configSet) ? now : previous.time;
  const updated: ManagerEntry[] = [
    ...others.map((owner) => ({ ...owner, fields: owner.fields.difference(contested).difference(changes.removed) })),
    { ...identity, fields: configSet, ...(time ? { time } : {}) },
  ];
  if (manager === KUBECTL_MANAGER && scope.subresource === undefined) merged = withLastAppliedUpdated(merged, config);
  return { object: withManagedFields(merged, updated), created: !live };
}

function parseConfiguration(body: Buffer): JsonRecord {
  let parsed: unknown;
  try {
    parsed = parseYaml(body.toString('utf8'));
  } catch (error) {
    throw badRequest(`error decoding YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isRecord(parsed)) throw badRequest(`error decoding YAML: the applied configuration must be an object, not ${Array.isArray(parsed) ? 'an array' : typeof parsed}`);
  return parsed;
}

/** `group/version, Kind=Kind`, the way the apiserver prints a GroupVersionKind. */
function gvkOf(object: JsonRecord): string {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  return `${group}/${version}, Kind=${kind}`;
}

/** The applied object must be of the URL's type and version. */
function checkObjectType(config: JsonRecord, type: ServedResourceType): void {
  if (config.apiVersion !== apiVersionOf(type.group, type.version) || config.kind !== type.kind) throw badRequest(`invalid object type: ${gvkOf(config)}`);
}

function withoutStatus(config: JsonRecord, statusIsSubresource: boolean): JsonRecord {
  if (!statusIsSubresource || config.status === undefined) return config;
  const { status: _status, ...rest } = config;
  return rest;
}

/** Name and namespace of the result must be the URL's; a new object takes the URL's namespace. */
function checkIdentity(merged: KubeObject, request: ApplyRequest): void {
  const metadata = (merged.metadata = { ...merged.metadata });
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  if (name !== request.name) throw badRequest(`the name of the object (${name}) does not match the name on the URL (${request.name})`);
  if (!request.type.namespaced) {
    delete metadata.namespace;
    return;
  }
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  if (namespace !== '' && request.namespace !== undefined && namespace !== request.namespace) {
    throw badRequest(`the namespace of the object (${namespace}) does not match the namespace on the URL (${request.namespace})`);
  }
  if (request.namespace !== undefined) metadata.namespace = request.namespace;
}

/**
 * Removes what the manager applied last time and no longer applies, unless someone still owns
 * it: a field is kept while anyone owns it or anything below it, a list item while anyone owns
 * the item itself.
 */
function pruneNoLongerApplied(merged: KubeObject, lastApplied: FieldSet, configSet: FieldSet, others: ManagerEntry[], schema: MergeSchema): KubeObject {
  const owned = others.reduce((union, owner) => union.union(owner.fields), configSet);
  const dropped = lastApplied.difference(configSet).filter((path) => (path[path.length - 1]!.startsWith('f:') ? !owned.hasWithin(path) : !owned.has(path)));
  return removeFields(merged, dropped, schema, owned) as KubeObject;
}

/**
 * Fields kubectl's client-side apply last applied (per the last-applied annotation) that still
 * hold that value: `kubectl apply --server-side` may take them over without a conflict, which is
 * how the apiserver lets objects move from client-side to server-side apply.
 */
function fieldsLastAppliedByKubectl(live: KubeObject, tracking: FieldTracking): FieldSet | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  if (!text) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(lastApplied)) return undefined;
  const { scope, schema } = tracking;
  const changes = trackedChanges(lastApplied, live, scope, schema);
  return trackedFieldSet(lastApplied, scope, schema).difference(changes.added).difference(changes.modified).difference(changes.removed);
}

/** kubectl's apply keeps an existing last-applied annotation in step with what it applied server-side. */
function withLastAppliedUpdated(merged: KubeObject, config: JsonRecord): KubeObject {
  const annotations = merged.metadata.annotations;
  if (annotations?.[LAST_APPLIED_ANNOTATION] === undefined) return merged;
  const metadata = isRecord(config.metadata) ? { ...config.metadata } : {};
  if (isRecord(metadata.annotations)) {
    const { [LAST_APPLIED_ANNOTATION]: _last, ...rest } = metadata.annotations;
    if (Object.keys(rest).length > 0) metadata.annotations = rest;
    else delete metadata.annotations;
  }
  const lastApplied = `${JSON.stringify({ ...config, metadata })}\n`;
  return { ...merged, metadata: { ...merged.metadata, annotations: { ...annotations, [LAST_APPLIED_ANNOTATION]: lastApplied } } };
}

/** `"manager"`, `"manager" with subresource "status"`, `… using group/version` for updaters. */
function describeManager(entry: ManagerEntry): string {
  let text = JSON.stringify(entry.manager);
  if (entry.subresource) text += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === 'Update') text += ` using ${entry.apiVersion}`;
  return text;
}

/** The 409 kubectl turns into its `--force-conflicts` advice. */
function applyConflict(conflicts: Conflict[]): KubeApiError {
  const causes = conflicts.map(({ owner, path }) => ({ reason: 'FieldManagerConflict', message: `conflict with ${describeManager(owner)}`, field: describePath(path) }));
  if (conflicts.length === 1) {
    const [only] = conflicts as [Conflict];
    return new KubeApiError(409, 'Conflict', `Apply failed with 1 conflict: conflict with ${describeManager(only.owner)}: ${describePath(only.path)}`, { causes });
  }
  const byManager = new Map<string, string[]>();
  for (const { owner, path } of conflicts) {
    const manager = describeManager(owner);
    byManager.set(manager, [...(byManager.get(manager) ?? []), describePath(path)]);
  }
  const lines = [...byManager.keys()].sort().flatMap((manager) => [`conflicts with ${manager}`, ...byManager.get(manager)!.map((path) => `- ${path}`)]);
  return new KubeApiError(409, 'Conflict', `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`, { causes });
}
