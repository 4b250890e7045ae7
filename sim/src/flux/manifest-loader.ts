/**
 * Loads the multi-document YAML a user would `kubectl apply` (e.g. a `clusters/`,
 * `infrastructure/`, `apps/` repository layout) into store objects.
 */
import { fluxKindOf } from '@flux-orchestrator/flux-model';
import { parseAllDocuments } from 'yaml';
import type { KubeObject, ObjectStore } from '../store/types.js';
import type { FluxRelease } from './flux-releases.js';
import { servedVersionsOf } from './flux-releases.js';
import { resolveKind } from './kind-resolver.js';
import { SecretDecodeError, isSecretType, secretFromWire } from '../kube/secret-data.js';

export interface LoadedManifest {
  groupResource: string;
  object: KubeObject;
}

export interface ManifestLoadOptions {
  /** Namespace for namespaced objects that name none (kubectl's `-n`). Default `default`. */
  defaultNamespace?: string;
  /** Refuse kinds that are neither Flux kinds nor known built-ins (default: accept with a guessed plural). */
  strict?: boolean;
  /** Refuse Flux kinds and versions this release does not serve, as its API server would. */
  fluxRelease?: FluxRelease;
}

/** Thrown for YAML that does not parse or a document that is not a Kubernetes object. */
export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/**
 * Parses multi-document YAML into objects with their store key. Empty documents are skipped;
 * `kind: List` documents are flattened. Throws ManifestError naming the document (1-based)
 * and the problem.
 */
export function parseManifests(yamlText: string, options: ManifestLoadOptions = {}): LoadedManifest[] {
  const loaded: LoadedManifest[] = [];
  const documents = parseAllDocuments(yamlText);
  documents.forEach((document, index) => {
    const where = `document ${index + 1}`;
    if (document.errors.length > 0) throw new ManifestError(`${where}: invalid YAML: ${document.errors[0]?.message ?? 'parse error'}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) return;
    const items = isObject(value) && value.kind === 'List' && Array.isArray(value.items) ? (value.items as unknown[]) : [value];
    for (const item of items) loaded.push(toManifest(item, where, options));
  });
  return loaded;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toManifest(value: unknown, where: string, options: ManifestLoadOptions): LoadedManifest {
  if (!isObject(value)) throw new ManifestError(`${where}: expected a Kubernetes object (a mapping), got ${Array.isArray(value) ? 'a list' : typeof value}`);
  const { apiVersion, kind } = value;
  const metadata = value.metadata;
  if (typeof apiVersion !== 'string' || !apiVersion) throw new ManifestError(`${where}: apiVersion is required`);
  if (typeof kind !== 'string' || !kind) throw new ManifestError(`${where}: kind is required`);
  if (!isObject(metadata) || typeof metadata.name !== 'string' || !metadata.name) throw new ManifestError(`${where} (${kind}): metadata.name is required`);
  const resolved = resolveKind(apiVersion, kind);
  if (!resolved.known && options.strict) {
    throw new ManifestError(`${where}: no resource type known for ${kind} in ${apiVersion} (not a Flux kind or a built-in; load its CRD's kind into the simulator or disable strict)`);
  }
  const release = options.fluxRelease;
  if (release && fluxKindOf(resolved.group, kind)) {
    const served = servedVersionsOf(release, kind);
    if (!served.includes(resolved.version)) {
      const serves = served.length > 0 ? `serves it as ${served.join(', ')}` : `does not serve ${kind}`;
      throw new ManifestError(`${where}: no matches for kind "${kind}" in version "${apiVersion}": Flux ${release.version} ${serves}`);
    }
  }
  let object = { ...value, metadata: { ...metadata } } as KubeObject;
  // What the API server would store: a Secret's stringData merged into data (as base64), no stringData.
  if (isSecretType({ group: resolved.group, kind })) {
    try {
      object = secretFromWire(object);
    } catch (error) {
      if (!(error instanceof SecretDecodeError)) throw error;
      throw new ManifestError(`${where} (Secret ${metadata.name}): Secret in version "v1" cannot be handled as a Secret: ${error.message}`);
    }
  }
  if (resolved.namespaced) object.metadata.namespace ??= options.defaultNamespace ?? 'default';
  else delete object.metadata.namespace;
  return { groupResource: resolved.groupResource, object };
}

/**
 * Applies YAML to a store like `kubectl apply`: creates what is missing (namespaces first),
 * replaces the spec (and other top-level fields) of what exists, keeping its status. Returns
 * the stored objects in document order. Throws ManifestError before writing anything when a
 * document is invalid.
 */
export function applyManifests(store: ObjectStore, yamlText: string, options: ManifestLoadOptions = {}): KubeObject[] {
  const manifests = parseManifests(yamlText, options);
  const order = manifests.map((manifest, index) => ({ manifest, index })).sort((a, b) => Number(b.manifest.object.kind === 'Namespace') - Number(a.manifest.object.kind === 'Namespace') || a.index - b.index);
  const results: KubeObject[] = new Array<KubeObject>(manifests.length);
  for (const { manifest, index } of order) {
    const { groupResource, object } = manifest;
    const existing = store.get(groupResource, object.metadata.namespace, object.metadata.name);
    if (!existing) {
      results[index] = store.create(groupResource, object);
      continue;
    }
    const { status: _status, ...desired } = object;
    const metadata = {
      ...existing.metadata,
      labels: object.metadata.labels ?? existing.metadata.labels,
      annotations: { ...existing.metadata.annotations, ...object.metadata.annotations },
      resourceVersion: undefined,
    };
    results[index] = store.update(groupResource, { ...desired, metadata, ...(existing.status ? { status: existing.status } : {}) }, { preserveStatus: true });
  }
  return results;
}
