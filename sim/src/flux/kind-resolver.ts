/**
 * Maps an object's apiVersion + kind to the store key (`group/plural`) and scope, from the Flux
 * catalog and the built-in kinds. Unknown kinds get kube's default guess: the lower-case
 * plural of the kind, namespaced (`known: false` says it was a guess).
 */
import { FLUX_KINDS, fluxGroupResource } from './flux-kinds.js';
import { builtinKind } from './kube-builtin-kinds.js';

export interface ResolvedKind {
  groupResource: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  known: boolean;
}

const FLUX_BY_GROUP_KIND = new Map(FLUX_KINDS.map((definition) => [`${definition.group}/${definition.kind}`, definition]));

/** Kubernetes' fallback pluralisation (as `kubectl` guesses): policy → policies, ingress → ingresses. */
export function guessPlural(kind: string): string {
  const lower = kind.toLowerCase();
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function resolveKind(apiVersion: string, kind: string): ResolvedKind {
  const { group, version } = splitApiVersion(apiVersion);
  const flux = FLUX_BY_GROUP_KIND.get(`${group}/${kind}`);
  if (flux) return { groupResource: fluxGroupResource(flux), group, version, plural: flux.plural, namespaced: true, known: true };
  const builtin = builtinKind(group, kind);
  if (builtin) return { groupResource: `${group}/${builtin.plural}`, group, version, plural: builtin.plural, namespaced: builtin.namespaced, known: true };
  const plural = guessPlural(kind);
  return { groupResource: `${group}/${plural}`, group, version, plural, namespaced: true, known: false };
}
