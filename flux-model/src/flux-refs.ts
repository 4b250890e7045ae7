/**
 * References between Flux objects: where an object gets its artifact from (`sourceRef`) and what
 * it waits for (`dependsOn`). Defensive about shape: returns nothing for malformed specs.
 */
import type { FluxObjectLike } from './flux-status.js';

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
