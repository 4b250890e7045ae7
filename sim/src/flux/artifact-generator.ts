/**
 * The source-watcher's ArtifactGenerator (source.extensions.fluxcd.io/v1beta1): once every
 * input source (`spec.sources[]`: alias, kind, name) has an artifact, it writes one
 * ExternalArtifact per `spec.artifacts[]` in its namespace, owned by and labelled like the
 * generator, with `spec.sourceRef` back to it and the built artifact in its status. Artifacts
 * dropped from the spec are deleted (garbage collected from the inventory). A built artifact's
 * revision is `latest@sha256:<digest>`, or the named source's revision with `revision: "@alias"`.
 */
import { createHash } from 'node:crypto';
import type { KubeObject, ObjectStore } from '../store/types.js';
import { kubeTime } from './flux-conditions.js';
import { artifactFor } from './flux-revisions.js';
import type { ReconcileOutcome } from './flux-status-builders.js';
import { artifactRevision, notFoundMessage } from './object-refs.js';
import type { FluxObjectRef } from './object-refs.js';

export const EXTERNAL_ARTIFACTS = 'source.toolkit.fluxcd.io/externalartifacts';
const GENERATOR_API_VERSION = 'source.extensions.fluxcd.io/v1beta1';

/** Input source kinds an ArtifactGenerator accepts, with their store keys. */
const INPUT_KINDS: Readonly<Record<string, string>> = {
  GitRepository: 'source.toolkit.fluxcd.io/gitrepositories',
  OCIRepository: 'source.toolkit.fluxcd.io/ocirepositories',
  Bucket: 'source.toolkit.fluxcd.io/buckets',
};

interface InputSource {
  alias?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

interface OutputArtifact {
  name?: string;
  revision?: string;
}

/** One `status.inventory` entry (a NamespacedObjectKindReference). */
export interface GeneratedArtifactRef {
  apiVersion: string;
  kind: 'ExternalArtifact';
  name: string;
  namespace: string;
}

export interface GeneratedArtifact {
  name: string;
  revision: string;
}

export type GeneratorResolution =
  | { ok: true; artifacts: GeneratedArtifact[]; sourcesDigest: string }
  | { ok: false; outcome: Extract<ReconcileOutcome, { ready: false }>; waitOn: FluxObjectRef[] };

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The input sources a generator reads (store refs), for triggering it when one changes. */
export function generatorInputs(generator: KubeObject): Array<FluxObjectRef & { kind: string }> {
  const sources = Array.isArray(generator.spec?.sources) ? (generator.spec.sources as InputSource[]) : [];
  return sources
    .filter((source) => source.kind && source.name && INPUT_KINDS[source.kind])
    .map((source) => ({ kind: source.kind!, groupResource: INPUT_KINDS[source.kind!]!, namespace: source.namespace ?? generator.metadata.namespace, name: source.name! }));
}

/** Fetches the inputs and works out each output's revision, or why it cannot (source-watcher's reasons). */
export function resolveArtifactGenerator(store: ObjectStore, generator: KubeObject): GeneratorResolution {
  const namespace = generator.metadata.namespace ?? 'default';
  const sources = Array.isArray(generator.spec?.sources) ? (generator.spec.sources as InputSource[]) : [];
  const revisions = new Map<string, string>();
  const fail = (reason: string, message: string, waitOn: FluxObjectRef[] = [], stalled = false): GeneratorResolution => ({
    ok: false,
    outcome: { ready: false, reason, message, ...(stalled ? { stalled } : {}) },
    waitOn,
  });
  for (const source of sources) {
    const groupResource = source.kind ? INPUT_KINDS[source.kind] : undefined;
    if (!groupResource || !source.name) return fail('ArtifactFailed', `fetch sources failed: source \`${source.name ?? ''}\` kind '${source.kind ?? ''}' not supported`);
    const ref = { groupResource, namespace: source.namespace ?? namespace, name: source.name };
    const found = store.get(groupResource, ref.namespace, ref.name);
    if (!found) return fail('ArtifactFailed', `fetch sources failed: ${notFoundMessage(groupResource, ref.name)}`, [ref]);
    const revision = artifactRevision(found);
    if (!revision) return fail('ArtifactFailed', `fetch sources failed: source '${source.kind}/${ref.namespace}/${ref.name}' is not ready`, [ref]);
    revisions.set(source.alias ?? source.name, revision);
  }
  const outputs = Array.isArray(generator.spec?.artifacts) ? (generator.spec.artifacts as OutputArtifact[]) : [];
  const sourcesDigest = `sha256:${sha256([...revisions].map(([alias, revision]) => `${alias}=${revision}`).join('\n'))}`;
  const artifacts: GeneratedArtifact[] = [];
  for (const output of outputs) {
    if (!output.name) continue;
    // source-watcher names a built artifact `latest@sha256:<digest>`; `revision: "@alias"` takes that source's revision.
    let revision = `latest@sha256:${sha256(`${namespace}/${output.name}/${sourcesDigest}`)}`;
    if (output.revision) {
      const pinned = revisions.get(output.revision.replace(/^@/, ''));
      if (!pinned) return fail('BuildFailed', `revision ${output.revision} not found in sources`, [], true);
      revision = pinned;
    }
    artifacts.push({ name: output.name, revision });
  }
  return { ok: true, artifacts, sourcesDigest };
}

/**
 * Applies the generator's ExternalArtifacts (metadata and status), deletes those of the previous
 * inventory no longer generated, and returns the new inventory.
 */
export function applyGeneratedArtifacts(store: ObjectStore, generator: KubeObject, artifacts: readonly GeneratedArtifact[], now: Date): GeneratedArtifactRef[] {
  const namespace = generator.metadata.namespace ?? 'default';
  const inventory: GeneratedArtifactRef[] = [];
  for (const { name, revision } of artifacts) {
    const metadata = {
      name,
      namespace,
      ...(generator.metadata.labels ? { labels: generator.metadata.labels } : {}),
      ownerReferences: [{ apiVersion: GENERATOR_API_VERSION, kind: 'ArtifactGenerator', name: generator.metadata.name, uid: generator.metadata.uid, controller: true, blockOwnerDeletion: true }],
    };
    const spec = { sourceRef: { apiVersion: GENERATOR_API_VERSION, kind: 'ArtifactGenerator', name: generator.metadata.name, namespace } };
    const existing = store.get(EXTERNAL_ARTIFACTS, namespace, name);
    const desired: KubeObject = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'ExternalArtifact', metadata: { ...existing?.metadata, ...metadata, resourceVersion: undefined }, spec };
    const written = existing ? store.update(EXTERNAL_ARTIFACTS, desired, { preserveStatus: true }) : store.create(EXTERNAL_ARTIFACTS, desired);
    const readyFor = (written.status?.conditions as Array<{ observedGeneration?: number }> | undefined)?.[0]?.observedGeneration;
    if (artifactRevision(written) !== revision || readyFor !== written.metadata.generation) {
      const time = kubeTime(now);
      const ready = { type: 'Ready', status: 'True', reason: 'Succeeded', message: 'Artifact is ready', observedGeneration: written.metadata.generation, lastTransitionTime: time };
      store.updateStatus(EXTERNAL_ARTIFACTS, {
        ...written,
        metadata: { ...written.metadata, resourceVersion: undefined },
        status: { artifact: artifactFor(written, revision, time), conditions: [ready] },
      });
    }
    inventory.push({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'ExternalArtifact', name, namespace });
  }
  const kept = new Set(inventory.map((entry) => entry.name));
  const previous = Array.isArray(generator.status?.inventory) ? (generator.status.inventory as GeneratedArtifactRef[]) : [];
  deleteGeneratedArtifacts(store, previous.filter((entry) => entry.namespace !== namespace || !kept.has(entry.name)));
  return inventory;
}

/** Deletes inventory entries' ExternalArtifacts (garbage collection, or the generator's deletion). */
export function deleteGeneratedArtifacts(store: ObjectStore, entries: readonly GeneratedArtifactRef[]): void {
  for (const entry of entries) {
    if (entry.kind === 'ExternalArtifact' && store.get(EXTERNAL_ARTIFACTS, entry.namespace, entry.name)) store.delete(EXTERNAL_ARTIFACTS, entry.namespace, entry.name);
  }
}
