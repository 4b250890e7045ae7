import { randomUUID } from 'node:crypto';
import { ApiError } from '../common/api-error.js';
import type { EventBus } from '../events/index.js';
import type { KeyRing, SealedCollection } from '../secrets/index.js';
import { isUniqueViolation, type ClusterHealthRow, type ClusterRow, type ClustersRepo } from '../store/index.js';
import type { Cluster, ClusterCreateBody, ClusterHealth, ClusterHealthDetail, ClusterPatchBody, HealthStatus } from './clusters.schemas.js';
import { describeAuth, validateKubeconfig, type KubeconfigRules } from './kubeconfig-validator.js';

export interface ClustersServiceOptions {
  repo: ClustersRepo;
  keyRing: KeyRing;
  events: EventBus;
  rules: KubeconfigRules;
}

/** The sealed-value context binds a kubeconfig to its row. */
export const kubeconfigSealContext = (clusterId: string): string => `clusters.kubeconfig:${clusterId}`;

/** Registering, editing and removing clusters. Kubeconfigs are sealed before they are stored. */
export class ClustersService {
  constructor(private readonly options: ClustersServiceOptions) {}

  async list(): Promise<Cluster[]> {
    const [rows, health] = await Promise.all([this.options.repo.list(), this.options.repo.listHealth()]);
    const healthById = new Map(health.map((h) => [h.cluster_id, h]));
    return rows.map((row) => toCluster(row, healthById.get(row.id)));
  }

  async get(id: string): Promise<Cluster> {
    const row = await this.requireRow(id);
    return toCluster(row, await this.options.repo.findHealth(id));
  }

  async create(body: ClusterCreateBody): Promise<Cluster> {
    const validated = this.validate(body.kubeconfig, body.context);
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
      kubeconfig_sealed: this.options.keyRing.seal(validated.normalizedYaml, kubeconfigSealContext(id)),
      created_at: now,
      updated_at: now,
    };
    try {
      await this.options.repo.insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(body.name);
      throw error;
    }
    this.options.events.publish({ type: 'cluster.created', clusterId: id });
    return toCluster(row, undefined);
  }

  async update(id: string, body: ClusterPatchBody): Promise<Cluster> {
    const row = await this.requireRow(id);
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
      const validated = this.validate(body.kubeconfig, body.context);
      changes.server_url = validated.resolved.server;
      changes.context_name = validated.resolved.contextName;
      changes.auth_kind = describeAuth(validated.resolved);
      changes.kubeconfig_sealed = this.options.keyRing.seal(validated.normalizedYaml, kubeconfigSealContext(id));
    }
    try {
      if (!(await this.options.repo.update(id, changes))) throw ApiError.notFound(`Cluster ${id}`);
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(body.name ?? row.name);
      throw error;
    }
    this.options.events.publish({ type: 'cluster.updated', clusterId: id });
    return this.get(id);
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

  /** The decrypted kubeconfig, for the server's own clients only. Never put it in a response. */
  async openKubeconfig(id: string): Promise<{ row: ClusterRow; kubeconfig: string }> {
    const row = await this.requireRow(id);
    return { row, kubeconfig: this.options.keyRing.open(row.kubeconfig_sealed, kubeconfigSealContext(id)) };
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

  private validate(kubeconfig: string, context: string | undefined) {
    const result = validateKubeconfig(kubeconfig, context, this.options.rules);
    if (!result.ok) throw ApiError.validation(result.problems.map((p) => ({ field: `body.${p.field}`, message: p.message })));
    return result;
  }

  private async requireRow(id: string): Promise<ClusterRow> {
    const row = await this.options.repo.findById(id);
    if (!row) throw ApiError.notFound(`Cluster ${id}`);
    return row;
  }
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

function toCluster(row: ClusterRow, health: ClusterHealthRow | undefined): Cluster {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    favorite: row.favorite === 1,
    labels: JSON.parse(row.labels_json) as Record<string, string>,
    source: { type: row.source_type as 'kubeconfig' | 'aks', ref: row.source_ref },
    server: row.server_url,
    context: row.context_name,
    auth: row.auth_kind,
    health: health ? toHealth(health) : null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
