import { compileLabelSelector } from './label-selector.js';
import type { Permission } from './permissions.js';
import { ROLE_PERMISSIONS, type Role } from './roles.js';

/** One role, over the whole fleet or only some clusters (by id and/or labels) and namespaces. */
export interface Binding {
  role: Role;
  clusterIds?: readonly string[];
  clusterSelector?: string;
  namespaces?: readonly string[];
}

/** What the access check needs to know of a cluster. */
export interface ClusterFacts {
  id: string;
  labels: Readonly<Record<string, string>>;
}

export interface ClusterCatalog {
  cluster(id: string): ClusterFacts | undefined;
  clusters(): ClusterFacts[];
}

export function isUnscoped(binding: Binding): boolean {
  return binding.clusterIds === undefined && binding.clusterSelector === undefined && binding.namespaces === undefined;
}

function clusterMatches(binding: Binding, cluster: ClusterFacts): boolean {
  if (binding.clusterIds !== undefined && !binding.clusterIds.includes(cluster.id)) return false;
  if (binding.clusterSelector !== undefined) {
    // A selector that no longer parses matches nothing: fail closed.
    const matches = compileLabelSelector(binding.clusterSelector);
    if (!matches || !matches(cluster.labels)) return false;
  }
  return true;
}

/**
 * What a caller may see and do with one permission, from their bindings. Bindings add up: a
 * cluster is visible if any binding granting the permission covers it; an object if a binding
 * covers its cluster and its namespace. Fleet-wide things (subscriptions, jobs, identities,
 * entries about no cluster) need a binding without scope.
 */
export class Access {
  private readonly grants: readonly Binding[];
  /** The caller holds the permission over the whole fleet. */
  readonly unscoped: boolean;

  constructor(
    readonly permission: Permission,
    bindings: readonly Binding[],
    private readonly catalog: ClusterCatalog,
  ) {
    this.grants = bindings.filter((binding) => ROLE_PERMISSIONS[binding.role].has(permission));
    this.unscoped = this.grants.some(isUnscoped);
  }

  /** Holds the permission somewhere. */
  get granted(): boolean {
    return this.grants.length > 0;
  }

  /** May see this cluster (its name, health, roll-up). Unknown clusters are not visible. */
  cluster(clusterId: string): boolean {
    if (this.unscoped) return true;
    const cluster = this.catalog.cluster(clusterId);
    return cluster !== undefined && this.grants.some((binding) => clusterMatches(binding, cluster));
  }

  /** May see (or act on) objects in this namespace of this cluster. */
  object(clusterId: string, namespace: string): boolean {
    if (this.unscoped) return true;
    const cluster = this.catalog.cluster(clusterId);
    return cluster !== undefined && this.grants.some((binding) => clusterMatches(binding, cluster) && (binding.namespaces === undefined || binding.namespaces.includes(namespace)));
  }

  /** Every object of the cluster is visible (no namespace limit applies to it). */
  wholeCluster(clusterId: string): boolean {
    if (this.unscoped) return true;
    const cluster = this.catalog.cluster(clusterId);
    return cluster !== undefined && this.grants.some((binding) => binding.namespaces === undefined && clusterMatches(binding, cluster));
  }

  /** Ids of the visible clusters; undefined means all of them. */
  visibleClusterIds(): Set<string> | undefined {
    if (this.unscoped) return undefined;
    return new Set(this.catalog.clusters().filter((cluster) => this.grants.some((binding) => clusterMatches(binding, cluster))).map((cluster) => cluster.id));
  }
}
