import { FLUX_KINDS, type FluxKind } from '@flux-orchestrator/flux-model';
import type { ClusterConnection } from '../connections/index.js';

/** A catalog kind and the version of it this cluster serves (its newest one). */
export interface ServedKind {
  kind: FluxKind;
  version: string;
}

const FLUX_GROUPS = [...new Set(FLUX_KINDS.map((kind) => kind.group))];

/**
 * Asks the API server which Flux kinds it serves and at which version, preferring the catalog's
 * newest. An older Flux serves older versions (HelmRelease v2beta1 on 2.0) and lacks newer kinds
 * (ExternalArtifact before 2.7): a kind not served is simply absent from the result.
 */
export async function discoverFluxKinds(connection: ClusterConnection, signal?: AbortSignal): Promise<ServedKind[]> {
  // Plain JSON reads on the cluster's shared connection (HTTP/2 where offered), as lists are.
  const groups = await connection.getJson<{ groups: { name: string; versions: { version: string }[] }[] }>('/apis', {}, signal);
  const servedVersions = new Map(groups.groups.map((group) => [group.name, new Set(group.versions.map((version) => version.version))]));
  // Groups are asked at the same time: one after another, a cluster's discovery was nine round
  // trips, and a takeover of hundreds of clusters waits on it.
  const perGroup = await Promise.all(
    FLUX_GROUPS.map(async (group) => {
      const served = servedVersions.get(group);
      if (!served) return [];
      const wanted = FLUX_KINDS.filter((kind) => kind.group === group);
      const candidates = [...new Set(wanted.flatMap((kind) => kind.versions))].filter((version) => served.has(version));
      const assigned = new Set<string>();
      const found: ServedKind[] = [];
      // Newest version first: a kind is watched at the newest version that serves it.
      for (const version of sortNewestFirst(candidates)) {
        if (assigned.size === wanted.length) break;
        const resources = await connection.getJson<{ resources: { name: string }[] }>(`/apis/${group}/${version}`, {}, signal);
        const plurals = new Set(resources.resources.map((resource) => resource.name));
        for (const kind of wanted) {
          if (assigned.has(kind.kind) || !kind.versions.includes(version) || !plurals.has(kind.plural)) continue;
          assigned.add(kind.kind);
          found.push({ kind, version });
        }
      }
      return found;
    }),
  );
  return perGroup.flat();
}

/** Kubernetes version priority: GA > beta > alpha, then by number (v2 > v1, v1beta2 > v1beta1). */
export function sortNewestFirst(versions: string[]): string[] {
  const rank = (version: string): [number, number, number] => {
    const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
    if (!match) return [-1, 0, 0];
    const stability = match[2] === undefined ? 2 : match[2] === 'beta' ? 1 : 0;
    return [stability, Number(match[1]), Number(match[3] ?? 0)];
  };
  return [...versions].sort((a, b) => {
    const [sa, ma, na] = rank(a);
    const [sb, mb, nb] = rank(b);
    return sb - sa || mb - ma || nb - na;
  });
}
