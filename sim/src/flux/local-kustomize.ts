/**
 * Sources backed by a local directory: a GitRepository/OCIRepository URL mapped to a directory
 * lets the simulated kustomize-controller build a Kustomization's `spec.path` for real, with
 * `kubectl kustomize` (or, as kustomize-controller does for a directory without a
 * kustomization.yaml, all the YAML files under it), and apply the result into the store.
 *
 * What the Kustomization itself asks of the build (`images`, `patches`, `namePrefix`,
 * `nameSuffix`, `components`, and `targetNamespace` with them) goes, as in kustomize-controller,
 * into a kustomization.yaml generated around the path, built with the same kustomize;
 * `commonMetadata` is then set on every object's metadata and `postBuild` variables
 * (`${var}`, `${var:=default}`, `${var:-default}`) are substituted in each object's YAML,
 * unless it is annotated `kustomize.toolkit.fluxcd.io/substitute: disabled`.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
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

/** Runs `kubectl kustomize <path> [flags]` with nothing but PATH and a scratch HOME in its environment. */
function kubectlKustomize(path: string, flags: readonly string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('kubectl', ['kustomize', path, ...flags], { env: { PATH: process.env.PATH ?? '/usr/bin', HOME: tmpdir() }, stdio: ['ignore', 'pipe', 'pipe'] });
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
 * Kustomization fields kustomize-controller writes into the kustomization.yaml it builds;
 * `base(path)` spells a path for the directory the generated file is in (kustomize wants them relative).
 */
function overlayFields(spec: Record<string, unknown>, path: string, base: (path: string) => string): Record<string, unknown> | undefined {
  const fields: Record<string, unknown> = {};
  if (typeof spec.namePrefix === 'string' && spec.namePrefix) fields.namePrefix = spec.namePrefix;
  if (typeof spec.nameSuffix === 'string' && spec.nameSuffix) fields.nameSuffix = spec.nameSuffix;
  if (Array.isArray(spec.images) && spec.images.length > 0) fields.images = spec.images;
  if (Array.isArray(spec.patches) && spec.patches.length > 0) fields.patches = spec.patches;
  // Components are paths relative to spec.path.
  if (Array.isArray(spec.components) && spec.components.length > 0) fields.components = spec.components.map((component) => base(resolve(path, String(component))));
  if (Object.keys(fields).length === 0) return undefined;
  if (typeof spec.targetNamespace === 'string' && spec.targetNamespace) fields.namespace = spec.targetNamespace;
  return fields;
}

/** Options of a build: the `postBuild` variables (already gathered from `substitute` and `substituteFrom`). */
export interface LocalBuildOptions {
  variables?: Readonly<Record<string, string>>;
}

/**
 * Builds `spec.path` of a Kustomization from `dir`. A path outside the directory or missing is
 * kustomize-controller's `ArtifactFailed` "kustomization path not found"; a failing build is
 * `BuildFailed` "kustomize build failed: ...".
 */
export async function buildLocalKustomization(dir: string, kustomization: KubeObject, options: LocalBuildOptions = {}): Promise<LocalBuild> {
  const root = resolve(dir);
  const spec = kustomization.spec ?? {};
  const specPath = typeof spec.path === 'string' ? spec.path : './';
  const path = resolve(root, specPath.replace(/^\/+/, ''));
  const inside = relative(root, path);
  // kustomize-controller extracts the artifact into a temporary directory first; its messages name that.
  const shown = join(tmpdir(), `kustomization-${createHash('sha256').update(`${kustomization.metadata.namespace}/${kustomization.metadata.name}`).digest('hex').slice(0, 10)}`, specPath);
  if (inside.startsWith('..') || isAbsolute(inside) || !existsSync(path) || !statSync(path).isDirectory()) {
    return { ok: false, reason: 'ArtifactFailed', message: `kustomization path not found: stat ${shown}: no such file or directory` };
  }
  const defaultNamespace = typeof spec.targetNamespace === 'string' ? spec.targetNamespace : 'default';
  const hasKustomization = KUSTOMIZATION_FILES.some((file) => existsSync(join(path, file)));
  const wantsOverlay = overlayFields(spec, path, (target) => target) !== undefined;
  let text: string;
  let scratch: string | undefined;
  try {
    if (!hasKustomization && !wantsOverlay) {
      text = yamlFiles(path).map((file) => readFileSync(file, 'utf8')).join('\n---\n');
    } else {
      let target = path;
      const flags: string[] = [];
      if (wantsOverlay) {
        // The generated kustomization.yaml sits in a scratch directory and names the path (or, without a
        // kustomization.yaml there, its YAML files) as resources, so the source directory stays untouched.
        scratch = await mkdtemp(join(tmpdir(), 'sim-kustomization-'));
        const from = scratch;
        const base = (target: string): string => relative(from, target);
        const overlay = overlayFields(spec, path, base);
        const resources = (hasKustomization ? [path] : yamlFiles(path)).map(base);
        await writeFile(join(scratch, 'kustomization.yaml'), stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources, ...overlay }));
        target = scratch;
        flags.push('--load-restrictor', 'LoadRestrictionsNone');
      }
      const built = await kubectlKustomize(target, flags);
      if (built.code !== 0) {
        let message = buildError(built.stderr);
        if (scratch) message = message.replaceAll(scratch, shown);
        return { ok: false, reason: 'BuildFailed', message: `kustomize build failed: ${message.replaceAll(root, join(shown, relative(path, root)))}` };
      }
      text = built.stdout;
    }
    const manifests = parseManifests(substitute(text, options.variables), { defaultNamespace });
    return { ok: true, manifests: withCommonMetadata(manifests, spec.commonMetadata) };
  } catch (error) {
    return { ok: false, reason: 'BuildFailed', message: `kustomize build failed: ${(error as Error).message}` };
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

const SUBSTITUTE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/substitute';

/**
 * `postBuild` substitution, document by document: `${var}` (empty when unset), `${var:=default}`
 * and `${var:-default}` (the default when unset or empty), `${var=default}`/`${var-default}` (when
 * unset), `$${var}` for a literal `${var}`. `$var` without braces is left alone, as in Flux.
 * Documents annotated `kustomize.toolkit.fluxcd.io/substitute: disabled` are kept as they are.
 */
export function substitute(text: string, variables: Readonly<Record<string, string>> | undefined): string {
  if (!variables) return text;
  const documents = text.split(/^---[ \t]*$/m);
  return documents
    .map((document) => {
      if (!document.includes('${')) return document;
      const parsed = parseAllDocuments(document)[0]?.toJS() as { metadata?: { annotations?: Record<string, string> } } | null | undefined;
      if (parsed?.metadata?.annotations?.[SUBSTITUTE_ANNOTATION] === 'disabled') return document;
      return document.replace(/\$(\$)?\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[=-])([^}]*))?\}/g, (whole, escaped: string | undefined, name: string, operator: string | undefined, fallback: string | undefined) => {
        if (escaped) return whole.slice(1);
        const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
        if (operator === undefined) return value ?? '';
        const useDefault = operator.startsWith(':') ? value === undefined || value === '' : value === undefined;
        return useDefault ? (fallback ?? '') : value!;
      });
    })
    .join('---');
}

/** `spec.commonMetadata`: labels and annotations set on every object (overriding the same keys). */
function withCommonMetadata(manifests: LoadedManifest[], commonMetadata: unknown): LoadedManifest[] {
  const common = commonMetadata as { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined;
  if (!common || (!common.labels && !common.annotations)) return manifests;
  return manifests.map((manifest) => ({
    ...manifest,
    object: {
      ...manifest.object,
      metadata: {
        ...manifest.object.metadata,
        ...(common.labels ? { labels: { ...manifest.object.metadata.labels, ...common.labels } } : {}),
        ...(common.annotations ? { annotations: { ...manifest.object.metadata.annotations, ...common.annotations } } : {}),
      },
    },
  }));
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
