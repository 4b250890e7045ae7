/**
 * References between Flux objects: where an object gets its artifact from (`sourceRef`), what it
 * waits for (`dependsOn`), what else it reads (`inputRefsOf`) and what it produces
 * (`generatedRefsOf`). Defensive about shape: returns nothing for malformed specs.
 */
import { fluxKindOf } from './flux-kinds.js';
import { inventoryOf } from './flux-inventory.js';
import type { FluxObjectLike } from './flux-status.js';
import { labelSelectorFrom, type LabelSelector } from './label-selector.js';

export interface FluxRef {
  kind: string;
  namespace: string;
  name: string;
  apiVersion?: string;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function objectNamespace(object: FluxObjectLike): string {
  return nonEmpty(record(object.metadata)?.namespace) ?? 'default';
}

function refFrom(value: unknown, defaultNamespace: string, defaultKind?: string): FluxRef | null {
  const ref = record(value);
  const name = nonEmpty(ref?.name);
  const kind = nonEmpty(ref?.kind) ?? defaultKind;
  if (!ref || !name || !kind) return null;
  const apiVersion = nonEmpty(ref.apiVersion);
  return { kind, namespace: nonEmpty(ref.namespace) ?? defaultNamespace, name, ...(apiVersion ? { apiVersion } : {}) };
}

/**
 * The object's source: `spec.sourceRef` (Kustomization, HelmChart, ImageUpdateAutomation,
 * ExternalArtifact, ...), a HelmRelease's `spec.chart.spec.sourceRef` or `spec.chartRef`
 * (an OCIRepository, HelmChart or ExternalArtifact). The namespace defaults to the object's.
 */
export function sourceRefOf(object: FluxObjectLike): FluxRef | null {
  const namespace = objectNamespace(object);
  const spec = record(object.spec);
  if (!spec) return null;
  const direct = refFrom(spec.sourceRef, namespace);
  if (direct) return direct;
  const chartSpec = record(record(spec.chart)?.spec);
  const chartSource = refFrom(chartSpec?.sourceRef, namespace);
  if (chartSource) return chartSource;
  return refFrom(spec.chartRef, namespace);
}

/**
 * `spec.dependsOn` entries (`{name, namespace?}`) as refs of the object's own kind, namespace
 * defaulting to the object's. An entry that names its own kind (a ResourceSet's
 * `{apiVersion, kind, name, namespace?}`) keeps it.
 */
export function dependsOnOf(object: FluxObjectLike): FluxRef[] {
  const ownKind = nonEmpty(object.kind);
  const dependsOn = record(object.spec)?.dependsOn;
  if (!Array.isArray(dependsOn)) return [];
  const namespace = objectNamespace(object);
  const refs: FluxRef[] = [];
  for (const item of dependsOn) {
    const entry = record(item);
    const ref = refFrom(entry, namespace, ownKind);
    if (ref) refs.push(ref);
  }
  return refs;
}

/** Kinds whose `status.inventory` lists what they generated (their Flux objects are their products). */
const GENERATOR_KINDS_WITH_INVENTORY = new Set(['ResourceSet', 'FluxInstance']);

/** Objects of one kind in one namespace, picked by label (a ResourceSet's `inputsFrom` selector). */
export interface FluxSelectorRef {
  kind: string;
  namespace: string;
  selector: LabelSelector;
}

/**
 * A ResourceSet's `spec.inputsFrom` entries that pick providers by label instead of by name:
 * ResourceSetInputProviders in the ResourceSet's namespace. Which ones they are depends on the
 * providers' labels (resolved against them, see matchesLabelSelector).
 */
export function inputSelectorsOf(object: FluxObjectLike): FluxSelectorRef[] {
  const spec = record(object.spec);
  if (object.kind !== 'ResourceSet' || !spec || !Array.isArray(spec.inputsFrom)) return [];
  const namespace = objectNamespace(object);
  const refs: FluxSelectorRef[] = [];
  for (const item of spec.inputsFrom) {
    const entry = record(item);
    if (!entry || nonEmpty(entry.name) || entry.selector === undefined) continue;
    const selector = labelSelectorFrom(entry.selector);
    if (selector) refs.push({ kind: nonEmpty(entry.kind) ?? 'ResourceSetInputProvider', namespace, selector });
  }
  return refs;
}

/** The object's labels (`metadata.labels`), or an empty map. */
export function labelsOf(object: FluxObjectLike): Record<string, string> {
  const labels = record(record(object.metadata)?.labels);
  if (!labels) return {};
  return Object.fromEntries(Object.entries(labels).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * What the object reads besides its `sourceRef`: an ArtifactGenerator's `spec.sources` (each a
 * GitRepository, OCIRepository, Bucket, ...), a ResourceSet's `spec.inputsFrom` providers named
 * by name (those picked by label selector: inputSelectorsOf).
 */
export function inputRefsOf(object: FluxObjectLike): FluxRef[] {
  const namespace = objectNamespace(object);
  const spec = record(object.spec);
  if (!spec) return [];
  const refs: FluxRef[] = [];
  if (object.kind === 'ArtifactGenerator' && Array.isArray(spec.sources)) {
    for (const item of spec.sources) {
      const ref = refFrom(item, namespace);
      if (ref) refs.push(ref);
    }
  }
  if (object.kind === 'ResourceSet' && Array.isArray(spec.inputsFrom)) {
    for (const item of spec.inputsFrom) {
      const ref = refFrom(item, namespace, 'ResourceSetInputProvider');
      if (ref) refs.push(ref);
    }
  }
  return refs;
}

/**
 * The Flux objects the object produces: an ArtifactGenerator's ExternalArtifacts (declared in
 * `spec.artifacts`, in its namespace, so one it failed to produce still shows), and the Flux
 * objects in a ResourceSet's or FluxInstance's `status.inventory` (what it actually applied).
 */
export function generatedRefsOf(object: FluxObjectLike): FluxRef[] {
  const namespace = objectNamespace(object);
  if (object.kind === 'ArtifactGenerator') {
    const artifacts = record(object.spec)?.artifacts;
    if (!Array.isArray(artifacts)) return [];
    const refs: FluxRef[] = [];
    for (const item of artifacts) {
      const name = nonEmpty(record(item)?.name);
      if (name) refs.push({ kind: 'ExternalArtifact', namespace, name });
    }
    return refs;
  }
  if (object.kind && GENERATOR_KINDS_WITH_INVENTORY.has(object.kind)) {
    const refs: FluxRef[] = [];
    for (const entry of inventoryOf(object) ?? []) {
      const kind = fluxKindOf(entry.group, entry.kind);
      if (kind) refs.push({ kind: kind.kind, namespace: entry.namespace, name: entry.name });
    }
    return refs;
  }
  return [];
}
