import { randomUUID } from 'node:crypto';
import { ApiError } from '../common/api-error.js';
import type { EventBus } from '../events/index.js';
import type { KeyRing, SealedCollection } from '../secrets/index.js';
import { isUniqueViolation, type ClusterHealthRow, type ClusterRow, type ClustersRepo } from '../store/index.js';
import type { Cluster, ClusterCreateBody, ClusterFlux, ClusterHealth, ClusterHealthDetail, ClusterPatchBody, ClusterSummary, HealthChangeList, HealthStatus } from './clusters.schemas.js';
import { EndpointPolicy } from './endpoint-policy.js';
import { describeAuth, validateKubeconfig, validateKubeconfigDocument, type KubeconfigRules } from './kubeconfig-validator.js';

/** Whether a namespace of the cluster at hand is counted. */
export type NamespaceFilter = (namespace: string) => boolean;
/** The Flux roll-up of a cluster, of every namespace or only of those `inScope` accepts. */
export type FluxRollup = (clusterId: string, inScope?: NamespaceFilter) => ClusterFlux | null;
/** For a cluster the caller sees only in part, the namespaces they see; undefined: all of it. */
export type PartialVisibility = (clusterId: string) => NamespaceFilter | undefined;

export interface ClustersServiceOptions {
  repo: ClustersRepo;
  keyRing: KeyRing;
  events: EventBus;
  rules: KubeconfigRules;
  /** Which addresses a cluster server may have (default: link-local and metadata ranges refused). */
  endpointPolicy?: EndpointPolicy;
}

/** The sealed-value context binds a kubeconfig to its row. */
export const kubeconfigSealContext = (clusterId: string): string => `clusters.kubeconfig:${clusterId}`;

/** Registering, editing and removing clusters. Kubeconfigs are sealed before they are stored. */
export class ClustersService {
  /** Flux roll-up per cluster, from the fleet index (bound after the engine exists). */
  private fluxOf: FluxRollup = () => null;

  private readonly endpointPolicy: EndpointPolicy;

  constructor(private readonly options: ClustersServiceOptions) {
    this.endpointPolicy = options.endpointPolicy ?? EndpointPolicy.defaults();
  }

  /** Lets the fleet engine add each cluster's Flux roll-up to the clusters API. */
  setFluxRollup(rollup: FluxRollup): void {
    this.fluxOf = rollup;
  }

  /** `partly`: for a caller who sees some clusters only in part, their roll-ups count what they see. */
  async list(partly?: PartialVisibility): Promise<Cluster[]> {
    const [rows, health] = await Promise.all([this.options.repo.list(), this.options.repo.listHealth()]);
    const healthById = new Map(health.map((h) => [h.cluster_id, h]));
    return rows.map((row) => toCluster(row, healthById.get(row.id), this.fluxOf(row.id, partly?.(row.id))));
  }

  /** Counts by health, cheap enough to poll (one grouped query). */
  async summary(): Promise<ClusterSummary> {
    const by_status = { healthy: 0, degraded: 0, unauthorized: 0, unreachable: 0, unknown: 0 };
    let total = 0;
    for (const { status, count } of await this.options.repo.countByHealth()) {
      const key = (status ?? 'unknown') as keyof typeof by_status;
      if (key in by_status) by_status[key] += count;
      total += count;
    }
    return { total, by_status };
  }

  async get(id: string, partly?: PartialVisibility): Promise<Cluster> {
    const row = await this.requireRow(id);
    return toCluster(row, await this.options.repo.findHealth(id), this.fluxOf(id, partly?.(id)));
  }

  async create(body: ClusterCreateBody): Promise<Cluster> {
    const validated = await this.validate(body.kubeconfig, body.context);
    const id = randomUUID();
    const now = new Date().toISOString();
    const row: ClusterRow = {
      id,
      name: body.name.trim(),
      name_key: nameKey(body.name),
      description: body.description ?? '',
      source_type: 'kubeconfig',
      source_ref: null,
      favorite: body.favorite ? 1 : 0,
      labels_json: JSON.stringify(body.labels ?? {}),
      server_url: validated.resolved.server,
      context_name: validated.resolved.contextName,
      auth_kind: describeAuth(validated.resolved),
      kubeconfig_sealed: this.options.keyRing.seal(validated.normalized, kubeconfigSealContext(id)),
      created_at: now,
      updated_at: now,
      azure_subscription_id: null,
      missing_in_source: 0,
    };
    try {
      await this.options.repo.insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(body.name);
      throw error;
    }
    this.options.events.publish({ type: 'cluster.created', clusterId: id });
    return toCluster(row, undefined, this.fluxOf(row.id));
  }

  async update(id: string, body: ClusterPatchBody): Promise<Cluster> {
    return (await this.updateReporting(id, body)).cluster;
  }

  /**
   * Applies a change and says which fields it changed (a form sends every field; the audit trail
   * records only those whose value differs). A kubeconfig given counts as changed: it replaces
   * the credential, whatever it holds.
   */
  async updateReporting(id: string, body: ClusterPatchBody): Promise<{ cluster: Cluster; changed: string[] }> {
    const row = await this.requireRow(id);
    const changed: string[] = [];
    if (body.name !== undefined && body.name.trim() !== row.name) changed.push('name');
    if (body.description !== undefined && body.description !== row.description) changed.push('description');
    if (body.favorite !== undefined && (body.favorite ? 1 : 0) !== row.favorite) changed.push('favorite');
    if (body.labels !== undefined && !sameLabels(body.labels, JSON.parse(row.labels_json) as Record<string, string>)) changed.push('labels');
    if (body.kubeconfig !== undefined) changed.push('kubeconfig', ...(body.context !== undefined ? ['context'] : []));
    const changes: Partial<ClusterRow> = { updated_at: new Date().toISOString() };
    if (body.name !== undefined) {
      changes.name = body.name.trim();
      changes.name_key = nameKey(body.name);
    }
    if (body.description !== undefined) changes.description = body.description;
    if (body.favorite !== undefined) changes.favorite = body.favorite ? 1 : 0;
    if (body.labels !== undefined) changes.labels_json = JSON.stringify(body.labels);
    if (body.context !== undefined && body.kubeconfig === undefined) {
      throw ApiError.validation([{ field: 'body.context', message: 'can only be changed together with kubeconfig' }]);
    }
    if (body.kubeconfig !== undefined) {
      const validated = await this.validate(body.kubeconfig, body.context);
      changes.server_url = validated.resolved.server;
      changes.context_name = validated.resolved.contextName;
      changes.auth_kind = describeAuth(validated.resolved);
      changes.kubeconfig_sealed = this.options.keyRing.seal(validated.normalized, kubeconfigSealContext(id));
    }
    try {
      if (!(await this.options.repo.update(id, changes))) throw ApiError.notFound(`Cluster ${id}`);
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(body.name ?? row.name);
      throw error;
    }
    this.options.events.publish({ type: 'cluster.updated', clusterId: id });
    return { cluster: await this.get(id), changed };
  }

  async delete(id: string): Promise<void> {
    if (!(await this.options.repo.delete(id))) throw ApiError.notFound(`Cluster ${id}`);
    this.options.events.publish({ type: 'cluster.deleted', clusterId: id });
  }

  async healthDetail(id: string, historyLimit = 50): Promise<ClusterHealthDetail> {
    await this.requireRow(id);
    const [health, history] = await Promise.all([this.options.repo.findHealth(id), this.options.repo.healthHistory(id, historyLimit)]);
    return {
      cluster_id: id,
      health: health ? toHealth(health) : null,
      history: history.map((entry) => ({ ...entry, status: entry.status as HealthStatus })),
    };
  }

  /** Health changes across the fleet (a cluster's status or reason changed), newest first. */
  /** The newest health changes; `visible` limits them to the clusters a scoped caller may see. */
  async healthChanges(limit: number, visible?: (clusterId: string) => boolean): Promise<HealthChangeList> {
    // A scoped caller's changes are found among the newest 500 (the route's largest limit).
    const rows = visible ? (await this.options.repo.recentHealthChanges(500)).filter((row) => visible(row.cluster_id)).slice(0, limit) : await this.options.repo.recentHealthChanges(limit);
    return { items: rows.map((row) => ({ ...row, status: row.status as HealthStatus })) };
  }

  /** The decrypted kubeconfig, for the server's own clients only. Never put it in a response. */
  async openKubeconfig(id: string): Promise<{ row: ClusterRow; kubeconfig: string }> {
    const row = await this.requireRow(id);
    return { row, kubeconfig: this.openKubeconfigOf(row) };
  }

  openKubeconfigOf(row: ClusterRow): string {
    return this.options.keyRing.open(row.kubeconfig_sealed, kubeconfigSealContext(row.id));
  }

  /**
   * Creates or refreshes a cluster that comes from an external source (an AKS cluster in Azure),
   * keyed by its source reference. A refresh updates the server URL, CA and credentials and keeps
   * what people set here (name, description, labels, favorite). Display names are made unique.
   */
  async syncFromSource(input: SourcedClusterInput): Promise<{ action: 'created' | 'updated' | 'unchanged'; clusterId: string }> {
    const result = validateKubeconfigDocument(input.kubeconfig, undefined, { execAllowlist: ['kubelogin'] });
    if (!result.ok) throw new Error(`the kubeconfig Azure returned is not usable: ${result.problems.map((p) => p.message).join('; ')}`);
    const refused = await this.endpointPolicy.problemWith(result.resolved.server, 'the cluster server Azure returned');
    if (refused) throw new Error(refused);
    const sourceRef = input.sourceRef.toLowerCase();
    const now = new Date().toISOString();
    const existing = await this.options.repo.findBySourceRef(sourceRef);
    if (existing) {
      const current = this.options.keyRing.open(existing.kubeconfig_sealed, kubeconfigSealContext(existing.id));
      const same =
        current === result.normalized && existing.missing_in_source === 0 && existing.azure_subscription_id === input.azureSubscriptionId;
      if (same) return { action: 'unchanged', clusterId: existing.id };
      await this.options.repo.update(existing.id, {
        kubeconfig_sealed: this.options.keyRing.seal(result.normalized, kubeconfigSealContext(existing.id)),
        server_url: result.resolved.server,
        context_name: result.resolved.contextName,
        auth_kind: describeAuth(result.resolved),
        azure_subscription_id: input.azureSubscriptionId,
        missing_in_source: 0,
        updated_at: now,
      });
      this.options.events.publish({ type: 'cluster.updated', clusterId: existing.id });
      return { action: 'updated', clusterId: existing.id };
    }
    const id = randomUUID();
    for (const name of uniqueNameCandidates(input.displayNames)) {
      if (await this.options.repo.findByNameKey(nameKey(name))) continue;
      try {
        await this.options.repo.insert({
          id,
          name,
          name_key: nameKey(name),
          description: input.description,
          source_type: input.sourceType,
          source_ref: sourceRef,
          favorite: 0,
          labels_json: JSON.stringify(input.labels),
          server_url: result.resolved.server,
          context_name: result.resolved.contextName,
          auth_kind: describeAuth(result.resolved),
          kubeconfig_sealed: this.options.keyRing.seal(result.normalized, kubeconfigSealContext(id)),
          created_at: now,
          updated_at: now,
          azure_subscription_id: input.azureSubscriptionId,
          missing_in_source: 0,
        });
      } catch (error) {
        if (isUniqueViolation(error)) continue; // taken meanwhile by a concurrent sync: next candidate
        throw error;
      }
      this.options.events.publish({ type: 'cluster.created', clusterId: id });
      return { action: 'created', clusterId: id };
    }
    throw new Error('no free display name');
  }

  /**
   * Flags the source's clusters that the source no longer has (kept, not deleted: people decide).
   * Returns the flagged rows.
   */
  async markMissingFromSource(azureSubscriptionId: string, presentRefs: Set<string>): Promise<ClusterRow[]> {
    const rows = await this.options.repo.listByAzureSubscription(azureSubscriptionId);
    const missing = rows.filter((row) => row.source_ref && !presentRefs.has(row.source_ref) && row.missing_in_source === 0);
    for (const row of missing) {
      await this.options.repo.update(row.id, { missing_in_source: 1, updated_at: new Date().toISOString() });
      this.options.events.publish({ type: 'cluster.updated', clusterId: row.id });
    }
    return missing;
  }

  async listBySource(azureSubscriptionId: string): Promise<ClusterRow[]> {
    return this.options.repo.listByAzureSubscription(azureSubscriptionId);
  }

  /** Kubeconfigs as a sealed collection, for key rotation. */
  sealedCollection(): SealedCollection {
    const repo = this.options.repo;
    return {
      name: 'clusters.kubeconfig',
      list: async () => (await repo.listSealed()).map((row) => ({ id: row.id, sealed: row.kubeconfig_sealed })),
      context: kubeconfigSealContext,
      write: async (id, sealed) => void (await repo.update(id, { kubeconfig_sealed: sealed })),
    };
  }

  private async validate(kubeconfig: string, context: string | undefined) {
    const result = validateKubeconfig(kubeconfig, context, this.options.rules);
    if (!result.ok) throw ApiError.validation(result.problems.map((p) => ({ field: `body.${p.field}`, message: p.message })));
    const refused = await this.endpointPolicy.problemWith(result.resolved.server, `context "${result.resolved.contextName}" server`);
    if (refused) throw ApiError.validation([{ field: 'body.kubeconfig', message: refused }]);
    return result;
  }

  private async requireRow(id: string): Promise<ClusterRow> {
    const row = await this.options.repo.findById(id);
    if (!row) throw ApiError.notFound(`Cluster ${id}`);
    return row;
  }
}

export interface SourcedClusterInput {
  sourceType: 'aks';
  /** Stable id in the source (ARM resource id); compared case-insensitively. */
  sourceRef: string;
  azureSubscriptionId: string;
  /** Preferred display names, best first (e.g. name, "name (resource group)"). */
  displayNames: string[];
  description: string;
  labels: Record<string, string>;
  /** The kubeconfig as a parsed document (validated here like an uploaded one). */
  kubeconfig: Record<string, unknown>;
}

function* uniqueNameCandidates(preferred: string[]): Generator<string> {
  yield* preferred;
  const last = preferred[preferred.length - 1] ?? 'cluster';
  for (let n = 2; n < 1000; n++) yield `${last} #${n}`;
}

function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

function duplicateName(name: string): ApiError {
  return ApiError.conflict(`A cluster named "${name.trim()}" already exists; choose another name`);
}

function toHealth(row: ClusterHealthRow): ClusterHealth {
  return {
    status: row.status as HealthStatus,
    reason: row.reason,
    latency_ms: row.latency_ms,
    kubernetes_version: row.kubernetes_version,
    flux_version: row.flux_version,
    checked_at: row.checked_at,
  };
}

function toCluster(row: ClusterRow, health: ClusterHealthRow | undefined, flux: ClusterFlux | null): Cluster {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    favorite: row.favorite === 1,
    labels: JSON.parse(row.labels_json) as Record<string, string>,
    source: {
      type: row.source_type as 'kubeconfig' | 'aks',
      ref: row.source_ref,
      azure_subscription_id: row.azure_subscription_id,
      resource_group: row.source_ref ? (/\/resourcegroups\/([^/]+)/i.exec(row.source_ref)?.[1] ?? null) : null,
      missing_in_source: row.missing_in_source === 1,
    },
    server: row.server_url,
    context: row.context_name,
    auth: row.auth_kind,
    health: health ? toHealth(health) : null,
    flux,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}
