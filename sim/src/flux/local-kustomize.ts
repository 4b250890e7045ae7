/**
 * Sources backed by a local directory: a GitRepository/OCIRepository URL mapped to a directory
 * lets the simulated kustomize-controller build a Kustomization's `spec.path` for real, with
 * `kubectl kustomize` (or, as kustomize-controller does for a directory without a
 * kustomization.yaml, all the YAML files under it), and apply the result into the store.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { KubeObject, ObjectStore } from '../store/types.js';
import { parseManifests, type LoadedManifest } from './manifest-loader.js';
import { resolveKind } from './kind-resolver.js';
import type { InventoryEntry } from './flux-workloads.js';

/** A source URL whose content is the files of `dir`. */
export interface LocalSource {
  url: string;
  dir: string;
}

export type LocalBuild = { ok: true; manifests: LoadedManifest[] } | { ok: false; reason: string; message: string };

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const BUILD_TIMEOUT_MS = 30_000;

function normalizeUrl(url: string): string {
  return url.trim().replace(/\/+$/, '').replace(/\.git$/, '').toLowerCase();
}

/** The directory a source URL is mapped to, if any. */
export function localSourceDir(sources: readonly LocalSource[], url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const wanted = normalizeUrl(url);
  return sources.find((source) => normalizeUrl(source.url) === wanted)?.dir;
}

/** Every YAML file under `dir` (sorted), as kustomize-controller's generated kustomization.yaml lists them. */
function yamlFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(entry.name)) files.push(path);
  }
  return files;
}

/** The error of a failed `kubectl kustomize` (klog's `err="..."`, or a plain `error: ...` line). */
function buildError(stderr: string): string {
  const klog = /err="((?:[^"\\]|\\.)*)"/.exec(stderr);
  if (klog) return klog[1]!.replace(/\\(.)/g, '$1');
  return stderr.trim().replace(/^error: /, '');
}

/** Runs `kubectl kustomize <path>` with nothing but PATH and a scratch HOME in its environment. */
function kubectlKustomize(path: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('kubectl', ['kustomize', path], { env: { PATH: process.env.PATH ?? '/usr/bin', HOME: tmpdir() }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill(), BUILD_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => {
      clearTimeout(timer);
      done({ code: -1, stdout, stderr: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, stdout, stderr });
    });
  });
}

/**
 * Builds `spec.path` of a Kustomization from `dir`. A path outside the directory or missing is
 * kustomize-controller's `ArtifactFailed` "kustomization path not found"; a failing build is
 * `BuildFailed` "kustomize build failed: ...".
 */
export async function buildLocalKustomization(dir: string, kustomization: KubeObject): Promise<LocalBuild> {
  const root = resolve(dir);
  const specPath = typeof kustomization.spec?.path === 'string' ? kustomization.spec.path : './';
  const path = resolve(root, specPath.replace(/^\/+/, ''));
  const inside = relative(root, path);
  // kustomize-controller extracts the artifact into a temporary directory first; its messages name that.
  const shown = join(tmpdir(), `kustomization-${createHash('sha256').update(`${kustomization.metadata.namespace}/${kustomization.metadata.name}`).digest('hex').slice(0, 10)}`, specPath);
  if (inside.startsWith('..') || isAbsolute(inside) || !existsSync(path) || !statSync(path).isDirectory()) {
    return { ok: false, reason: 'ArtifactFailed', message: `kustomization path not found: stat ${shown}: no such file or directory` };
  }
  const defaultNamespace = typeof kustomization.spec?.targetNamespace === 'string' ? kustomization.spec.targetNamespace : 'default';
  try {
    if (!KUSTOMIZATION_FILES.some((file) => existsSync(join(path, file)))) {
      const text = yamlFiles(path).map((file) => readFileSync(file, 'utf8')).join('\n---\n');
      return { ok: true, manifests: parseManifests(text, { defaultNamespace }) };
    }
    const built = await kubectlKustomize(path);
    if (built.code !== 0) {
      return { ok: false, reason: 'BuildFailed', message: `kustomize build failed: ${buildError(built.stderr).replaceAll(root, join(shown, relative(path, root)))}` };
    }
    return { ok: true, manifests: parseManifests(built.stdout, { defaultNamespace }) };
  } catch (error) {
    return { ok: false, reason: 'BuildFailed', message: `kustomize build failed: ${(error as Error).message}` };
  }
}

function inventoryEntryOf(object: KubeObject): InventoryEntry {
  const { group, version } = resolveKind(object.apiVersion, object.kind);
  return { id: `${object.metadata.namespace ?? ''}_${object.metadata.name}_${group}_${object.kind}`, v: version };
}

/**
 * Applies built objects as kustomize-controller does (namespaces first, `targetNamespace` on
 * namespaced objects, its `kustomize.toolkit.fluxcd.io/*` labels, status kept), prunes what the
 * previous inventory had and the build no longer has (with `prune: true`), and returns the new
 * inventory and how many objects were created.
 */
export function applyLocalBuild(store: ObjectStore, kustomization: KubeObject, manifests: readonly LoadedManifest[]): { inventory: InventoryEntry[]; created: number } {
  const targetNamespace = typeof kustomization.spec?.targetNamespace === 'string' ? kustomization.spec.targetNamespace : undefined;
  const labels = { 'kustomize.toolkit.fluxcd.io/name': kustomization.metadata.name, 'kustomize.toolkit.fluxcd.io/namespace': kustomization.metadata.namespace ?? 'default' };
  const ordered = [...manifests].sort((a, b) => Number(b.object.kind === 'Namespace') - Number(a.object.kind === 'Namespace'));
  let created = 0;
  const applied: KubeObject[] = [];
  for (const { groupResource, object } of ordered) {
    const namespaced = resolveKind(object.apiVersion, object.kind).namespaced;
    const metadata = {
      ...object.metadata,
      ...(namespaced && targetNamespace ? { namespace: targetNamespace } : {}),
      labels: { ...object.metadata.labels, ...labels },
    };
    const desired: KubeObject = { ...object, metadata };
    const existing = store.get(groupResource, metadata.namespace, metadata.name);
    if (existing) {
      const { status: _status, ...spec } = desired;
      applied.push(store.update(groupResource, { ...spec, metadata: { ...existing.metadata, labels: metadata.labels, annotations: { ...existing.metadata.annotations, ...metadata.annotations }, resourceVersion: undefined } }, { preserveStatus: true }));
    } else {
      applied.push(store.create(groupResource, desired));
      created += 1;
    }
  }
  const inventory = applied.map(inventoryEntryOf).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (kustomization.spec?.prune === true) {
    const kept = new Set(inventory.map((entry) => entry.id));
    const previous = (kustomization.status?.inventory as { entries?: InventoryEntry[] } | undefined)?.entries ?? [];
    for (const entry of previous) {
      if (kept.has(entry.id)) continue;
      const [namespace = '', name = '', group = '', kind = ''] = entry.id.split('_');
      const { groupResource } = resolveKind(group ? `${group}/${entry.v}` : entry.v, kind);
      if (name && store.get(groupResource, namespace || undefined, name)) store.delete(groupResource, namespace || undefined, name);
    }
  }
  return { inventory, created };
}
