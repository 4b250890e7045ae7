/**
 * image-reflector-controller's ImageRepository scan and ImagePolicy selection, over the tags the
 * simulated registries publish (published-artifacts.ts): an ImageRepository reports the tags of
 * its `spec.image`; an ImagePolicy reads the tags of the ImageRepository it references, keeps
 * those `filterTags.pattern` matches (comparing the `extract` template's expansion), and picks
 * the latest by its policy (`semver.range`, `alphabetical.order`, `numerical.order`), with the
 * controller's reasons and messages when it cannot.
 */
import type { KubeObject, ObjectStore } from '../store/types.js';
import type { ReconcileOutcome } from './flux-status-builders.js';
import { notFoundMessage } from './object-refs.js';
import type { FluxObjectRef } from './object-refs.js';
import { publishedImageTags, resolveVersion } from './published-artifacts.js';

export const IMAGE_REPOSITORIES = 'image.toolkit.fluxcd.io/imagerepositories';

/** The tags an ImageRepository's scan finds: what its image's registry publishes. */
export function scannedTags(repository: KubeObject): readonly string[] {
  return publishedImageTags(String(repository.spec?.image ?? ''));
}

/** `status.lastScanResult.latestTags`: the first ten tags in reverse lexical order, as the controller lists them. */
export function latestTagsOf(tags: readonly string[]): string[] {
  return [...tags].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)).slice(0, 10);
}

/** The ImageRepository an ImagePolicy references (`imageRepositoryRef`, its own namespace by default). */
export function imageRepositoryRefOf(policy: KubeObject): FluxObjectRef {
  const ref = (policy.spec?.imageRepositoryRef ?? {}) as { name?: string; namespace?: string };
  return { groupResource: IMAGE_REPOSITORIES, namespace: ref.namespace || policy.metadata.namespace, name: String(ref.name ?? '') };
}

export type TagSelection = { ok: true; tag: string } | { ok: false; invalid: boolean; message: string };

const EMPTY_LIST = 'version list argument cannot be empty';

/** Go's `Regexp.Expand` of an `extract` template (`$name`, `${name}`, `$1`, `$$`) against one match. */
function expand(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (whole, dollar: string, braced?: string, bare?: string) => {
    if (dollar === '$') return '$';
    const name = braced ?? bare ?? '';
    if (/^\d+$/.test(name)) return match[Number(name)] ?? '';
    return match.groups?.[name] ?? '';
  });
}

/** Go regular expressions spell named groups `(?P<name>…)`; JavaScript's `(?<name>…)`. */
function compile(pattern: string): RegExp {
  return new RegExp(pattern.replaceAll('(?P<', '(?<'));
}

/**
 * The latest of `tags` by an ImagePolicy's `spec` (`policy`, `filterTags`): the tag as published,
 * or why there is none (`invalid`: a policy the controller stalls on).
 */
export function selectLatestTag(tags: readonly string[], spec: Record<string, unknown>): TagSelection {
  const policy = (spec.policy ?? {}) as { semver?: { range?: string }; alphabetical?: { order?: string }; numerical?: { order?: string } };
  const filter = spec.filterTags as { pattern?: string; extract?: string } | undefined;
  // Candidates: [value compared, tag as published].
  let candidates: Array<[string, string]> = tags.map((tag) => [tag, tag]);
  if (filter?.pattern !== undefined && filter.pattern !== '') {
    let pattern: RegExp;
    try {
      pattern = compile(filter.pattern);
    } catch (error) {
      return { ok: false, invalid: true, message: `invalid policy: failed to filter tags: ${(error as Error).message}` };
    }
    candidates = candidates.flatMap(([, tag]): Array<[string, string]> => {
      const match = pattern.exec(tag);
      if (!match) return [];
      return [[filter.extract ? expand(filter.extract, match) : tag, tag]];
    });
  }
  const original = (value: string): string => candidates.find(([compared]) => compared === value)?.[1] ?? value;
  const values = candidates.map(([value]) => value);
  if (policy.semver) {
    const range = String(policy.semver.range ?? '');
    const resolved = resolveVersion(values, range);
    if (!resolved.ok && resolved.invalid) return { ok: false, invalid: true, message: `invalid policy: semver parse error: ${resolved.message}` };
    if (values.length === 0) return { ok: false, invalid: false, message: EMPTY_LIST };
    return resolved.ok ? { ok: true, tag: original(resolved.version) } : { ok: false, invalid: false, message: 'unable to determine latest version from provided list' };
  }
  if (policy.alphabetical) {
    const order = policy.alphabetical.order ?? 'asc';
    if (values.length === 0) return { ok: false, invalid: false, message: EMPTY_LIST };
    const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { ok: true, tag: original(order === 'desc' ? sorted[0]! : sorted[sorted.length - 1]!) };
  }
  if (policy.numerical) {
    const order = policy.numerical.order ?? 'asc';
    if (values.length === 0) return { ok: false, invalid: false, message: EMPTY_LIST };
    let best: { value: string; number: number } | undefined;
    for (const value of values) {
      const number = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value) ? Number(value) : Number.NaN;
      if (Number.isNaN(number)) return { ok: false, invalid: false, message: `failed to parse invalid numeric value '${value}'` };
      if (!best || (order === 'desc' ? number <= best.number : number >= best.number)) best = { value, number };
    }
    return { ok: true, tag: original(best!.value) };
  }
  return { ok: false, invalid: true, message: 'invalid policy: given ImagePolicy spec has no policy' };
}

export type ImagePolicyResolution =
  | { ok: true; latestRef: { name: string; tag: string }; waitOn: FluxObjectRef[] }
  | { ok: false; outcome: Extract<ReconcileOutcome, { ready: false }>; waitOn: FluxObjectRef[]; retry: boolean };

/** What an ImagePolicy resolves to now, or why it cannot (the controller's reasons and messages). */
export function resolveImagePolicy(store: ObjectStore, policy: KubeObject): ImagePolicyResolution {
  const ref = imageRepositoryRefOf(policy);
  const repository = store.get(ref.groupResource, ref.namespace, ref.name);
  if (!repository) {
    const message = `failed to get the referred ImageRepository: referenced ImageRepository does not exist: ${notFoundMessage(ref.groupResource, ref.name)}`;
    return { ok: false, outcome: { ready: false, reason: 'DependencyNotReady', message }, waitOn: [ref], retry: true };
  }
  // Tags come from the repository's last successful scan.
  const scan = repository.status?.lastScanResult as { tagCount?: number } | undefined;
  if (!scan || !scan.tagCount) return { ok: false, outcome: { ready: false, reason: 'DependencyNotReady', message: 'no tags in database' }, waitOn: [ref], retry: false };
  const selection = selectLatestTag(scannedTags(repository), policy.spec ?? {});
  if (!selection.ok) {
    return selection.invalid
      ? { ok: false, outcome: { ready: false, reason: 'InvalidPolicy', message: selection.message, stalled: true }, waitOn: [ref], retry: false }
      : { ok: false, outcome: { ready: false, reason: 'Failure', message: selection.message }, waitOn: [ref], retry: true };
  }
  return { ok: true, latestRef: { name: String(repository.spec?.image ?? ''), tag: selection.tag }, waitOn: [ref] };
}
