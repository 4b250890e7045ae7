import { httpStatusOf, type ClusterConnection } from '../connections/index.js';

export interface ApiResource {
  plural: string;
  namespaced: boolean;
}

interface ResourceList {
  resources?: Array<{ name: string; kind: string; namespaced: boolean }>;
}

/** How long a cluster's answer for one group/version is trusted: kinds rarely come and go. */
const TTL_MS = 10 * 60_000;

/**
 * Kind → plural and scope for one group/version of a cluster, from its discovery documents (an
 * inventory names objects by group and Kind, URLs need the plural). One request per group/version
 * per cluster every ten minutes at most; a group/version the cluster does not serve is remembered
 * as such for the same time.
 */
export class ApiResourceCatalog {
  private readonly cache = new Map<string, { at: number; kinds: Promise<Map<string, ApiResource> | undefined> }>();

  async resolve(connection: ClusterConnection, group: string, version: string, kind: string): Promise<ApiResource | undefined> {
    const key = `${connection.clusterId}/${group}/${version}`;
    let entry = this.cache.get(key);
    if (!entry || Date.now() - entry.at > TTL_MS) {
      entry = { at: Date.now(), kinds: this.load(connection, group, version) };
      this.cache.set(key, entry);
      // A failed load (cluster unreachable) is not remembered: the next call asks again.
      entry.kinds.catch(() => this.cache.delete(key));
    }
    return (await entry.kinds)?.get(kind);
  }

  /** Forgets a cluster (deleted, or its API changed). */
  forget(clusterId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${clusterId}/`)) this.cache.delete(key);
  }

  private async load(connection: ClusterConnection, group: string, version: string): Promise<Map<string, ApiResource> | undefined> {
    const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
    let list: ResourceList;
    try {
      list = await connection.getJson<ResourceList>(path, {}, AbortSignal.timeout(15_000));
    } catch (error) {
      if (httpStatusOf(error) === 404) return undefined;
      throw error;
    }
    const kinds = new Map<string, ApiResource>();
    // Subresources (`deployments/scale`) share the kind name of other types: skip them.
    for (const resource of list.resources ?? []) if (!resource.name.includes('/') && !kinds.has(resource.kind)) kinds.set(resource.kind, { plural: resource.name, namespaced: resource.namespaced });
    return kinds;
  }
}
