import type { IncomingMessage, ServerResponse } from 'node:http';
import { beginNamespaceDeletion, isTerminating, namespaceTerminating } from './namespace-lifecycle.js';
import { SERVICES, withClusterIp } from './service-cluster-ips.js';
import { randomBytes } from 'node:crypto';
import type { PodLogStore } from '../contracts.js';
import type { KubeObject, ObjectStore } from '../store/types.js';
import { StoreError } from '../store/types.js';
import { compileSelectors } from '../store/selectors.js';
import { KubeApiError, alreadyExists, badRequest, conflict, invalid, namespaceNotFound, notFound } from './kube-status.js';
import { dryRunStore } from './dry-run-store.js';
import { readBody, readJsonBody, sendJson } from './http-io.js';
import { UpdateRecorder } from './managed-fields.js';
import { APPLY_PATCH, STRATEGIC_MERGE_PATCH, applyPatch, patchMediaType } from './object-patch.js';
import { streamPodLog } from './pod-log-stream.js';
import { apiVersionOf, type ServedResourceType } from './resource-types.js';
import { serverSideApply } from './server-side-apply.js';
import type { ReadRepresentation } from './content-negotiation.js';
import { NAMESPACE_GROUP_RESOURCE } from './cluster-infrastructure.js';
import { CRD_GROUP_RESOURCE } from './custom-resource-definitions.js';
import { checkCustomResourceWrite } from './custom-resource-validation.js';
import { tablePrinterFor } from './table-printers.js';
import { TableRenderer, parseIncludeObject } from './table-responses.js';
import { presentObject, streamWatch } from './watch-stream.js';
import { SecretDecodeError, goFormatValue, isSecretType, secretFromWire } from './secret-data.js';

/** One resource request after routing, authentication and authorization. */
export interface ResourceRequest {
  type: ServedResourceType;
  verb: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
  /** What a get, list or watch answers with (from the Accept header); default: the objects. */
  representation?: ReadRepresentation;
}

/** One page of a list: stored objects and the list's metadata (resourceVersion, continue). */
interface ListPage {
  metadata: Record<string, unknown>;
  items: KubeObject[];
}

export interface ResourceRequestHandlerOptions {
  store: ObjectStore;
  logs: PodLogStore;
  bookmarkIntervalMs: number;
  /** Current `endWatchesAfterMs` fault, read per request. */
  endStreamsAfterMs: () => number | undefined;
  /** Told about every long-lived response (watch, log follow) so the server can end them. */
  trackStream: (response: ServerResponse) => void;
}

// RFC 1123 subdomain, what kube-apiserver requires of most object names.
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const BUILT_IN_GROUPS = new Set(['', 'apps', 'events.k8s.io', 'apiextensions.k8s.io', 'coordination.k8s.io', 'storage.k8s.io']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseInteger(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw badRequest(`${name}: Invalid value: "${raw}": must be a non-negative integer`);
  return value;
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a Go duration such as `30s`, `1m30s` or `500ms`; undefined when absent or malformed. */
export function parseGoDuration(raw: string | null): number | undefined {
  if (!raw) return undefined;
  const parts = [...raw.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== raw) return undefined;
  const total = parts.reduce((sum, part) => sum + Number(part[1]) * DURATION_UNITS[part[2]!]!, 0);
  return total > 0 ? total : undefined;
}

function isTrue(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name);
  return raw === 'true' || raw === '1';
}

/** Where the next page starts: after this namespace/name, at this list resourceVersion. */
interface ContinueToken {
  rv: number;
  namespace: string;
  name: string;
}

function keyOf(object: KubeObject): [string, string] {
  return [object.metadata.namespace ?? '', object.metadata.name];
}

function compareKeys(a: [string, string], b: [string, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(raw: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof token.rv === 'number' && typeof token.namespace === 'string' && typeof token.name === 'string') return token;
  } catch {
    // fall through to the error kube-apiserver gives for a garbled token
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

/**
 * Serves the verbs of one resource type over the object store, with kube-apiserver's semantics
 * for names, namespaces, status and scale subresources, patches, paging and watches.
 */
export class ResourceRequestHandler {
  constructor(private readonly options: ResourceRequestHandlerOptions) {}

  async handle(request: IncomingMessage, response: ServerResponse, call: ResourceRequest): Promise<void> {
    try {
      await this.dispatch(request, response, call);
    } catch (error) {
      if (error instanceof StoreError) throw this.translateStoreError(error, call);
      throw error;
    }
  }

  private async dispatch(request: IncomingMessage, response: ServerResponse, call: ResourceRequest): Promise<void> {
    const { subresource, verb } = call;
    if (subresource === 'log') return this.log(response, call);
    if (subresource === 'scale') return this.scale(request, response, call);
    switch (verb) {
      case 'get': {
        const object = this.require(call);
        const tables = this.tableRenderer(call);
        return sendJson(response, 200, tables ? tables.table([object], { resourceVersion: object.metadata.resourceVersion }) : presentObject(object, call.type));
      }
      case 'list': {
        const page = this.listPage(call);
        const tables = this.tableRenderer(call);
        return sendJson(response, 200, tables ? tables.table(page.items, page.metadata) : this.asList(page, call.type));
      }
      case 'watch':
        return this.watch(response, call);
      case 'create':
        return this.create(request, response, call);
      case 'update':
        return this.update(request, response, call);
      case 'patch':
        return this.patch(request, response, call);
      case 'delete':
        return this.delete(request, response, call);
      case 'deletecollection':
        return this.deleteCollection(response, call);
      default:
        throw new KubeApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
    }
  }

  private get store(): ObjectStore {
    return this.options.store;
  }

  /** The store writes go to: a no-op view for `dryRun=All` (what `kubectl --dry-run=server` sends). */
  private writer(call: ResourceRequest): ObjectStore {
    return call.query.get('dryRun') === 'All' ? dryRunStore(this.store) : this.store;
  }

  private require(call: ResourceRequest): KubeObject {
    const object = this.store.get(call.type.groupResource, call.namespace, call.name!);
    if (!object) throw notFound(call.type.group, call.type.resource, call.name!);
    return object;
  }

  /**
   * As kube-apiserver's NamespaceLifecycle admission: nothing is created through the API in a
   * namespace that does not exist (404 `namespaces "x" not found`). The simulated controllers and
   * the fleet generator write to the store directly and are not held to it.
   */
  private requireNamespace(namespace: string | undefined, type: ServedResourceType, name: unknown): void {
    if (namespace === undefined) return;
    const found = this.store.get(NAMESPACE_GROUP_RESOURCE, undefined, namespace);
    if (!found) throw namespaceNotFound(namespace);
    if (isTerminating(found)) throw namespaceTerminating(type.group, type.resource, typeof name === 'string' ? name : '', namespace);
  }

  /** Renders Tables when the request asked for one (undefined: answer with the objects). */
  private tableRenderer(call: ResourceRequest): TableRenderer | undefined {
    if (call.representation?.kind !== 'table') return undefined;
    const { type } = call;
    // A type is a custom resource when the cluster holds its CRD, as in kube-apiserver.
    const crd = this.store.get(CRD_GROUP_RESOURCE, undefined, `${type.resource}.${type.group}`);
    const options = { version: call.representation.version, includeObject: parseIncludeObject(call.query) };
    return new TableRenderer(tablePrinterFor(type, crd), options, (object) => presentObject(object, type));
  }

  private asList(page: ListPage, type: ServedResourceType): Record<string, unknown> {
    return {
      apiVersion: apiVersionOf(type.group, type.version),
      kind: `${type.kind}List`,
      metadata: page.metadata,
      items: page.items.map((item) => presentObject(item, type)),
    };
  }

  private listPage(call: ResourceRequest): ListPage {
    const { type, query } = call;
    const labelSelector = query.get('labelSelector');
    const fieldSelector = query.get('fieldSelector');
    // The store filters and returns objects sorted by namespace, then name (etcd key order).
    const listed = this.store.list(type.groupResource, {
      ...(call.namespace !== undefined ? { namespace: call.namespace } : {}),
      ...(labelSelector ? { labelSelector } : {}),
      ...(fieldSelector ? { fieldSelector } : {}),
    });
    let items = listed.items;
    const limit = parseInteger(query, 'limit');
    const continueRaw = query.get('continue');
    const metadata: Record<string, unknown> = { resourceVersion: String(listed.resourceVersion) };
    if (continueRaw) {
      const token = decodeContinue(continueRaw);
      items = items.filter((item) => compareKeys(keyOf(item), [token.namespace, token.name]) > 0);
      metadata.resourceVersion = String(token.rv);
    }
    if (limit !== undefined && limit > 0 && items.length > limit) {
      const remaining = items.length - limit;
      items = items.slice(0, limit);
      const [namespace, name] = keyOf(items[items.length - 1]!);
      metadata.continue = encodeContinue({ rv: Number(metadata.resourceVersion), namespace, name });
      metadata.remainingItemCount = remaining;
    }
    return { metadata, items };
  }

  private watch(response: ServerResponse, call: ResourceRequest): void {
    const { query } = call;
    const rawVersion = query.get('resourceVersion');
    let resourceVersion: number | undefined;
    if (rawVersion !== null && rawVersion !== '') {
      resourceVersion = Number(rawVersion);
      if (!Number.isInteger(resourceVersion) || resourceVersion < 0) throw badRequest(`resourceVersion: Invalid value: "${rawVersion}": must be a non-negative integer`);
    }
    const predicate = compileSelectors(query.get('labelSelector') ?? undefined, query.get('fieldSelector') ?? undefined);
    const timeoutSeconds = parseInteger(query, 'timeoutSeconds');
    // `timeout` (a Go duration) is what kubectl sends for --request-timeout.
    const timeout = parseGoDuration(query.get('timeout'));
    const limits = [timeoutSeconds !== undefined && timeoutSeconds > 0 ? timeoutSeconds * 1000 : undefined, timeout, this.options.endStreamsAfterMs()].filter(
      (value): value is number => value !== undefined,
    );
    const tables = this.tableRenderer(call);
    this.options.trackStream(response);
    streamWatch(
      this.store,
      {
        type: call.type,
        ...(call.namespace !== undefined ? { namespace: call.namespace } : {}),
        ...(call.name !== undefined ? { name: call.name } : {}),
        ...(predicate ? { predicate } : {}),
        ...(resourceVersion !== undefined ? { resourceVersion } : {}),
        allowWatchBookmarks: isTrue(query, 'allowWatchBookmarks'),
        sendInitialEvents: isTrue(query, 'sendInitialEvents'),
        ...(limits.length > 0 ? { endAfterMs: Math.min(...limits) } : {}),
        bookmarkIntervalMs: this.options.bookmarkIntervalMs,
        ...(tables ? { render: tables.watchEventRenderer() } : {}),
      },
      response,
    );
  }

  private async readObject(request: IncomingMessage): Promise<KubeObject> {
    const body = await readJsonBody(request);
    if (!isRecord(body)) throw badRequest('Object \'Kind\' is missing in request body');
    if (!isRecord(body.metadata)) body.metadata = {};
    return body as KubeObject;
  }

  private async create(request: IncomingMessage, response: ServerResponse, call: ResourceRequest): Promise<void> {
    const { type } = call;
    const fields = this.updateRecorder(request, call);
    const object = this.decodeBody(type, await this.readObject(request));
    const metadata = { ...object.metadata };
    if (type.namespaced) {
      if (metadata.namespace && call.namespace && metadata.namespace !== call.namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      metadata.namespace = call.namespace ?? metadata.namespace ?? 'default';
      this.requireNamespace(metadata.namespace, type, metadata.name);
    } else {
      delete metadata.namespace;
    }
    if (!metadata.name && typeof metadata.generateName === 'string' && metadata.generateName !== '') {
      metadata.name = `${metadata.generateName}${[...randomBytes(5)].map((byte) => GENERATE_NAME_ALPHABET[byte % GENERATE_NAME_ALPHABET.length]).join('')}`;
    }
    this.validateName(type, metadata.name);
    delete metadata.resourceVersion;
    delete metadata.uid;
    const toCreate: KubeObject = { ...object, apiVersion: apiVersionOf(type.group, type.version), kind: type.kind, metadata };
    // With a status subresource, status cannot be set on create (kube-apiserver drops it).
    if (type.hasStatusSubresource) delete toCreate.status;
    const checked = checkCustomResourceWrite(this.store, call, toCreate);
    if (this.store.get(type.groupResource, metadata.namespace, metadata.name)) throw alreadyExists(type.group, type.resource, metadata.name);
    const created = type.groupResource === SERVICES ? withClusterIp(this.store, checked.object) : checked.object;
    sendJson(response, 201, presentObject(this.writer(call).create(type.groupResource, toStorage(fields.record(undefined, created), type)), type), checked.headers);
  }

  private validateName(type: ServedResourceType, name: unknown): asserts name is string {
    if (typeof name !== 'string' || name === '') throw invalid(type.group, type.kind, '', 'metadata.name', 'Required value: name or generateName is required');
    if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
      throw invalid(
        type.group,
        type.kind,
        name,
        'metadata.name',
        `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      );
    }
  }

  private async update(request: IncomingMessage, response: ServerResponse, call: ResourceRequest): Promise<void> {
    const { type } = call;
    const fields = this.updateRecorder(request, call);
    const object = this.decodeBody(type, await this.readObject(request));
    if (object.metadata.name !== call.name) {
      throw badRequest(`the name of the object (${String(object.metadata.name)}) does not match the name on the URL (${call.name})`);
    }
    const current = this.require(call);
    const metadata = { ...object.metadata, namespace: current.metadata.namespace };
    if (!type.namespaced) delete metadata.namespace;
    if (call.subresource === 'status') {
      const next = withStatusOf(current, object.status ?? {}, metadata.resourceVersion);
      return sendJson(response, 200, presentObject(this.writer(call).update(type.groupResource, fields.record(current, checkCustomResourceWrite(this.store, call, next).object)), type));
    }
    this.rejectUnknownSubresource(call);
    const next: KubeObject = { ...object, apiVersion: apiVersionOf(type.group, type.version), kind: type.kind, metadata };
    const checked = checkCustomResourceWrite(this.store, call, next, presentObject(current, type));
    sendJson(response, 200, presentObject(this.writer(call).update(type.groupResource, toStorage(fields.record(current, checked.object), type), { preserveStatus: type.hasStatusSubresource === true }), type), checked.headers);
  }

  private async patch(request: IncomingMessage, response: ServerResponse, call: ResourceRequest): Promise<void> {
    const { type } = call;
    const mediaType = patchMediaType(request.headers['content-type']);
    if (mediaType === APPLY_PATCH) return this.apply(request, response, call);
    const fields = this.updateRecorder(request, call);
    const body = await readJsonBody(request);
    const current = this.require(call);
    const patched = this.decodePatched(type, this.applyPatchKeepingIdentity(presentObject(current, type), body, mediaType, type), body, mediaType);
    const checked = checkCustomResourceWrite(this.store, call, patched, presentObject(current, type));
    if (call.subresource === 'status') {
      const next = withStatusOf(current, checked.object.status, checked.object.metadata.resourceVersion);
      return sendJson(response, 200, presentObject(this.writer(call).update(type.groupResource, fields.record(current, next)), type));
    }
    this.rejectUnknownSubresource(call);
    sendJson(response, 200, presentObject(this.writer(call).update(type.groupResource, toStorage(fields.record(current, checked.object), type), { preserveStatus: type.hasStatusSubresource === true }), type), checked.headers);
  }

  /** Server-side apply: creates the object (201) or merges the applied configuration into it (200). See server-side-apply.ts. */
  private async apply(request: IncomingMessage, response: ServerResponse, call: ResourceRequest): Promise<void> {
    const { type } = call;
    const body = await readBody(request);
    const stored = this.store.get(type.groupResource, call.namespace, call.name!);
    const live = stored && presentObject(stored, type);
    const { object: merged, created } = serverSideApply({ ...call, name: call.name!, body, live, store: this.store });
    const applied = this.decodeApplied(type, merged, call.namespace);
    if (created && type.namespaced) this.requireNamespace(call.namespace, type, call.name);
    // The merged object is checked like any other write (schema, unknown fields per fieldValidation).
    const { object, headers } = checkCustomResourceWrite(this.store, call, applied, live);
    const writer = this.writer(call);
    if (created) {
      this.validateName(type, object.metadata.name);
      return sendJson(response, 201, presentObject(writer.create(type.groupResource, toStorage(type.groupResource === SERVICES ? withClusterIp(this.store, object) : object, type)), type), headers);
    }
    if (call.subresource === 'status') return sendJson(response, 200, presentObject(writer.update(type.groupResource, object), type));
    this.rejectUnknownSubresource(call);
    sendJson(response, 200, presentObject(writer.update(type.groupResource, toStorage(object, type), { preserveStatus: type.hasStatusSubresource === true }), type), headers);
  }

  /**
   * A create or update body as the server decodes it: a Secret's base64 `data` decoded and its
   * `stringData` merged in (secret-data.ts). A value that does not decode is a 400, as kube-apiserver
   * cannot decode the body (`Secret in version "v1" cannot be handled as a Secret: illegal base64 ...`).
   */
  private decodeBody(type: ServedResourceType, object: KubeObject): KubeObject {
    if (!isSecretType(type)) return object;
    try {
      return secretFromWire(object);
    } catch (error) {
      if (!(error instanceof SecretDecodeError)) throw error;
      throw badRequest(`${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: ${error.message}`);
    }
  }

  /**
   * A patched object converted back as the server converts it. When that fails kube-apiserver
   * answers 422 with a cause on the `patch` field quoting, for a strategic merge patch, the patch
   * as Go prints a map, else the patched object's JSON (patch.go's applyPatchToCurrentObject).
   */
  private decodePatched(type: ServedResourceType, patched: KubeObject, body: unknown, mediaType: string): KubeObject {
    if (!isSecretType(type)) return patched;
    try {
      return secretFromWire(patched);
    } catch (error) {
      if (!(error instanceof SecretDecodeError)) throw error;
      const value = mediaType === STRATEGIC_MERGE_PATCH ? goFormatValue(body) : JSON.stringify(patched);
      const detail = `Invalid value: ${JSON.stringify(value)}: ${error.message}`;
      throw new KubeApiError(422, 'Invalid', ` "" is invalid: patch: ${detail}`, { causes: [{ reason: 'FieldValueInvalid', message: detail, field: 'patch' }] });
    }
  }

  /**
   * The object server-side apply merged, converted as the field manager converts it. A failure
   * there is not an API status in kube-apiserver, so it is a 500 with the field manager's words.
   */
  private decodeApplied(type: ServedResourceType, merged: KubeObject, namespace: string | undefined): KubeObject {
    if (!isSecretType(type)) return merged;
    try {
      return secretFromWire(merged);
    } catch (error) {
      if (!(error instanceof SecretDecodeError)) throw error;
      const gvk = `${type.group}/${type.version}, Kind=${type.kind}`;
      throw new KubeApiError(500, undefined, `failed to convert new object (${merged.metadata?.namespace ?? namespace ?? ''}/${merged.metadata?.name ?? ''}; ${gvk}) to proper version: ${error.message}`);
    }
  }

  /** Records who changed which fields (metadata.managedFields) for a create, update or non-apply patch. */
  private updateRecorder(request: IncomingMessage, call: ResourceRequest): UpdateRecorder {
    return new UpdateRecorder(call.type, call.subresource, call.query, request.headers['user-agent'], call.verb as 'create' | 'update' | 'patch', this.store);
  }

  /**
   * Applies a patch; a patch may carry a resourceVersion precondition (then the store checks it),
   * otherwise the current one is kept so the update cannot conflict.
   */
  private applyPatchKeepingIdentity(current: KubeObject, body: unknown, mediaType: string, type: ServedResourceType): KubeObject {
    const patched = applyPatch(current, body, mediaType, { builtIn: BUILT_IN_GROUPS.has(type.group) }) as KubeObject;
    if (!isRecord(patched.metadata)) throw invalid(type.group, type.kind, current.metadata.name, 'metadata', 'Required value');
    if (patched.metadata.name !== current.metadata.name) throw badRequest('metadata.name: Invalid value: the name of a patched object cannot change');
    patched.metadata = { ...patched.metadata, namespace: current.metadata.namespace };
    if (current.metadata.namespace === undefined) delete patched.metadata.namespace;
    patched.metadata.resourceVersion ??= current.metadata.resourceVersion;
    return patched;
  }

  private rejectUnknownSubresource(call: ResourceRequest): void {
    if (call.subresource !== undefined) throw new KubeApiError(404, 'NotFound', 'the server could not find the requested resource');
  }

  private async delete(request: IncomingMessage, response: ServerResponse, call: ResourceRequest): Promise<void> {
    this.rejectUnknownSubresource(call);
    await readJsonBody(request); // DeleteOptions: propagation and preconditions are not simulated
    this.require(call);
    // A namespace terminates first (namespace-lifecycle.ts); a dry run only shows it.
    if (call.type.groupResource === NAMESPACE_GROUP_RESOURCE && call.query.get('dryRun') !== 'All') {
      return sendJson(response, 200, presentObject(beginNamespaceDeletion(this.store, call.name!), call.type));
    }
    sendJson(response, 200, presentObject(this.writer(call).delete(call.type.groupResource, call.namespace, call.name!), call.type));
  }

  private deleteCollection(response: ServerResponse, call: ResourceRequest): void {
    const page = this.listPage({ ...call, query: new URLSearchParams([...call.query].filter(([key]) => key === 'labelSelector' || key === 'fieldSelector')) });
    const deleted = page.items.map((item) => this.writer(call).delete(call.type.groupResource, item.metadata.namespace, item.metadata.name));
    sendJson(response, 200, this.asList({ ...page, items: deleted }, call.type));
  }

  private async scale(request: IncomingMessage, response: ServerResponse, call: ResourceRequest): Promise<void> {
    const { type } = call;
    const current = this.require(call);
    if (call.verb === 'get') return sendJson(response, 200, toScale(current));
    let replicas: unknown;
    let precondition: string | undefined;
    if (call.verb === 'update') {
      const body = await this.readObject(request);
      replicas = (body.spec as Record<string, unknown> | undefined)?.replicas;
      precondition = body.metadata.resourceVersion;
    } else if (call.verb === 'patch') {
      const body = await readJsonBody(request);
      const patched = applyPatch(toScale(current) as unknown as Record<string, unknown>, body, patchMediaType(request.headers['content-type']), { builtIn: true });
      replicas = (patched.spec as Record<string, unknown> | undefined)?.replicas;
      const patchedVersion = (patched.metadata as Record<string, unknown> | undefined)?.resourceVersion;
      precondition = typeof patchedVersion === 'string' ? patchedVersion : undefined;
    } else {
      throw new KubeApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    }
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw invalid('autoscaling', 'Scale', current.metadata.name, 'spec.replicas', `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`);
    }
    const next: KubeObject = {
      ...current,
      metadata: { ...current.metadata, resourceVersion: precondition ?? current.metadata.resourceVersion },
      spec: { ...(current.spec ?? {}), replicas },
    };
    sendJson(response, 200, toScale(this.writer(call).update(type.groupResource, next, { preserveStatus: true })));
  }

  private log(response: ServerResponse, call: ResourceRequest): void {
    const pod = this.require(call);
    const { query } = call;
    const tailLines = parseInteger(query, 'tailLines');
    const sinceSeconds = parseInteger(query, 'sinceSeconds');
    const container = query.get('container');
    const endAfterMs = this.options.endStreamsAfterMs();
    if (isTrue(query, 'follow')) this.options.trackStream(response);
    streamPodLog(
      this.options.logs,
      pod,
      {
        ...(container ? { container } : {}),
        follow: isTrue(query, 'follow'),
        timestamps: isTrue(query, 'timestamps'),
        ...(tailLines !== undefined ? { tailLines } : {}),
        ...(sinceSeconds !== undefined ? { sinceSeconds } : {}),
        ...(endAfterMs !== undefined ? { endAfterMs } : {}),
      },
      response,
    );
  }

  private translateStoreError(error: StoreError, call: ResourceRequest): KubeApiError {
    const { group, resource } = call.type;
    const name = call.name ?? '';
    switch (error.reason) {
      case 'NotFound':
        return notFound(group, resource, name);
      case 'AlreadyExists':
        return alreadyExists(group, resource, name);
      case 'Conflict':
        return conflict(group, resource, name);
      case 'Expired':
        return new KubeApiError(410, 'Expired', error.message);
      case 'Invalid':
        return new KubeApiError(422, 'Invalid', error.message, { name, group, kind: call.type.kind });
    }
  }
}

/** A status write: the stored object with only `status` from the request (and its resourceVersion precondition). */
function withStatusOf(current: KubeObject, status: KubeObject['status'], resourceVersion: string | undefined): KubeObject {
  const next: KubeObject = { ...current, metadata: { ...current.metadata, resourceVersion: resourceVersion ?? current.metadata.resourceVersion } };
  if (status === undefined) delete next.status;
  else next.status = status;
  return next;
}

function toStorage(object: KubeObject, type: ServedResourceType): KubeObject {
  return type.view ? type.view.toStorage(object) : object;
}

/** The autoscaling/v1 Scale view of a Deployment or StatefulSet. */
function toScale(object: KubeObject): Record<string, unknown> {
  const spec = object.spec ?? {};
  const matchLabels = ((spec.selector as Record<string, unknown> | undefined)?.matchLabels ?? {}) as Record<string, string>;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: object.metadata.name,
      namespace: object.metadata.namespace,
      uid: object.metadata.uid,
      resourceVersion: object.metadata.resourceVersion,
      creationTimestamp: object.metadata.creationTimestamp,
    },
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 1 },
    status: {
      replicas: typeof object.status?.replicas === 'number' ? object.status.replicas : 0,
      selector: Object.entries(matchLabels)
        .map(([key, value]) => `${key}=${value}`)
        .join(','),
    },
  };
}
