import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { ApiError } from '../common/api-error.js';
import { type ClustersService, EndpointPolicy, parseStoredKubeconfig, resolveStoredKubeconfig, type ResolvedKubeconfig } from '../clusters/index.js';
import { ExecCredentialProvider, type AuthStrategy, type CredentialProvider } from '../connections/index.js';
import type { EventBus } from '../events/index.js';
import type { JobProgress } from '../jobs/index.js';
import type { KeyRing, SealedCollection } from '../secrets/index.js';
import { isUniqueViolation, type AzureSubscriptionRow, type AzureSubscriptionsRepo, type ClusterRow } from '../store/index.js';
import { stringify } from 'yaml';
import {
  buildStoredAksKubeconfig,
  hasInlineCredentials,
  KUBELOGIN_ENVIRONMENT_FILE_ENV,
  KUBELOGIN_SECRET_ENV,
  withKubeloginEnv,
  withoutInlineCredentials,
} from './aks-kubeconfig.js';
import { ArmGateway, type ConnectedCluster, type ManagedCluster } from './arm-gateway.js';
import type {
  AuthMethod,
  AzureEnvironment,
  AzureSubscription,
  AzureCredentialBody,
  AzureSubscriptionBulkCreateBody,
  AzureSubscriptionCreateBody,
  AzureSubscriptionPatchBody,
  BulkCreateResult,
  ClusterAuthMode,
  ConnectionTestResult,
  DiscoveredCluster,
  SubscriptionStatus,
  SyncAction,
  SyncResult,
} from './azure.schemas.js';
import { cloudEndpoints, kubeloginEnvironmentFile, type AzureCloudEndpoints } from './azure-clouds.js';
import { describeConnectedCluster, describeManagedCluster, duplicateNames, labelsFrom, resourceGroupOf, syncSummary } from './azure-cluster-views.js';
import { classifyAzureError, type ProblemContext } from './azure-errors.js';
import { testConnection } from './connection-test.js';
import type { AzureIdentitySettings } from './azure-identity.js';
import type { AzureIdentityRegistry } from './azure-identity-registry.js';

export interface AzureSubscriptionsServiceOptions {
  repo: AzureSubscriptionsRepo;
  clusters: ClustersService;
  identities: AzureIdentityRegistry;
  keyRing: KeyRing;
  events: EventBus;
  logger: Logger;
  /** Clusters whose credentials are fetched at the same time during a sync. */
  syncConcurrency: number;
  /** Asks for a health check of a cluster (the sync does not wait for it). */
  requestHealthCheck: (clusterId: string) => void;
  /** The cloud of new subscriptions that name none (the installation's AZURE_ENVIRONMENT). */
  defaultCloud?: { environment: AzureEnvironment; authorityHost: string | null; resourceManagerEndpoint: string | null; resourceManagerAudience: string | null };
  /** Which addresses custom-cloud endpoints may have (default: link-local and metadata refused). */
  endpointPolicy?: EndpointPolicy;
  /** Where kubelogin's custom-cloud endpoint files are written (kubelogin mode); default: the OS temp dir. */
  kubeloginEnvironmentDir?: string;
  /** The server's environment (AZURE_FEDERATED_TOKEN_FILE for workload identity); default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** A kubeconfig to download, and whether it carries a credential (a secret, a key or a token). */
export interface DownloadableKubeconfig {
  text: string;
  credentialIncluded: boolean;
}

/** The subscription settings a connection needs, whether saved or not. */
interface ConnectionSettings {
  subscription_id: string;
  tenant_id: string;
  client_id: string | null;
  client_secret: string | null;
  auth_method: AuthMethod;
  environment: AzureEnvironment;
  authority_host: string | null;
  resource_manager_endpoint: string | null;
  resource_manager_audience: string | null;
}

export const clientSecretSealContext = (subscriptionId: string): string => `azure_subscriptions.client_secret:${subscriptionId.toLowerCase()}`;

/**
 * Azure subscriptions: the seed's add → test → discover → sync flow, and what it left out
 * (managed/workload identity, sovereign clouds, auto-sync, in-process Entra tokens).
 */
export class AzureSubscriptionsService {
  private readonly endpointPolicy: EndpointPolicy;
  private readonly writtenEnvironmentFiles = new Set<string>();

  constructor(private readonly options: AzureSubscriptionsServiceOptions) {
    this.endpointPolicy = options.endpointPolicy ?? EndpointPolicy.defaults();
  }

  async list(): Promise<AzureSubscription[]> {
    const [rows, counts] = await Promise.all([this.options.repo.list(), this.options.repo.clusterCounts()]);
    return rows.map((row) => toApi(row, counts.get(row.subscription_id) ?? 0));
  }

  async get(subscriptionId: string): Promise<AzureSubscription> {
    const row = await this.requireRow(subscriptionId);
    const counts = await this.options.repo.clusterCounts();
    return toApi(row, counts.get(row.subscription_id) ?? 0);
  }

  /** Validates the combination of fields the schema alone cannot. */
  validateCreate(body: AzureSubscriptionCreateBody): ConnectionSettings {
    return { ...this.validateCredential(body), subscription_id: body.subscription_id.toLowerCase() };
  }

  /** Validates a credential (auth method, secret, cloud), whatever subscription it is for. */
  private validateCredential(body: AzureCredentialBody): Omit<ConnectionSettings, 'subscription_id'> {
    const authMethod = body.auth_method ?? 'service_principal';
    // A body without a cloud gets the installation's default cloud, endpoints included.
    const fallback = body.environment === undefined ? this.options.defaultCloud : undefined;
    if (fallback?.environment === 'custom') {
      body = {
        ...body,
        authority_host: body.authority_host ?? fallback.authorityHost ?? undefined,
        resource_manager_endpoint: body.resource_manager_endpoint ?? fallback.resourceManagerEndpoint ?? undefined,
        resource_manager_audience: body.resource_manager_audience ?? fallback.resourceManagerAudience ?? undefined,
      };
    }
    const environment = body.environment ?? fallback?.environment ?? 'AzurePublicCloud';
    const problems: Array<{ field: string; message: string }> = [];
    if (authMethod === 'service_principal') {
      if (!body.client_id) problems.push({ field: 'body.client_id', message: 'is required for a service principal (the app registration\'s application (client) ID)' });
      if (!body.client_secret) problems.push({ field: 'body.client_secret', message: 'is required for a service principal' });
    } else if (body.client_secret) {
      problems.push({ field: 'body.client_secret', message: `must not be set with auth_method ${authMethod} (it uses no secret)` });
    }
    if (authMethod === 'workload_identity' && !body.client_id) problems.push({ field: 'body.client_id', message: 'is required for workload identity' });
    if (environment === 'custom') {
      if (!body.authority_host) problems.push({ field: 'body.authority_host', message: 'is required when environment is custom' });
      if (!body.resource_manager_endpoint) problems.push({ field: 'body.resource_manager_endpoint', message: 'is required when environment is custom' });
    } else {
      for (const field of ['authority_host', 'resource_manager_endpoint', 'resource_manager_audience'] as const) {
        if (body[field]) problems.push({ field: `body.${field}`, message: 'is only used with environment custom' });
      }
    }
    if (problems.length > 0) throw ApiError.validation(problems);
    return {
      tenant_id: body.tenant_id.toLowerCase(),
      client_id: body.client_id?.toLowerCase() ?? null,
      client_secret: body.client_secret ?? null,
      auth_method: authMethod,
      environment,
      authority_host: body.authority_host ?? null,
      resource_manager_endpoint: body.resource_manager_endpoint ?? null,
      resource_manager_audience: body.resource_manager_audience ?? null,
    };
  }

  async create(body: AzureSubscriptionCreateBody, testFirst: boolean): Promise<AzureSubscription> {
    const settings = this.validateCreate(body);
    await this.checkEndpoints(settings);
    if (await this.options.repo.find(settings.subscription_id)) throw duplicate(settings.subscription_id);
    let test: ConnectionTestResult | undefined;
    if (testFirst) {
      test = await this.testConnection(settings);
      if (test.status !== 'connected') {
        throw new ApiError(400, 'azure_connection_failed', test.message, test.checks.filter((c) => !c.ok).map((c) => ({ field: `check.${c.name}`, message: c.message })));
      }
    }
    const now = new Date().toISOString();
    try {
      await this.options.repo.insert({
        subscription_id: settings.subscription_id,
        name: body.name.trim(),
        tenant_id: settings.tenant_id,
        client_id: settings.client_id,
        auth_method: settings.auth_method,
        environment: settings.environment,
        authority_host: settings.authority_host,
        resource_manager_endpoint: settings.resource_manager_endpoint,
        resource_manager_audience: settings.resource_manager_audience,
        client_secret_sealed: settings.client_secret ? this.options.keyRing.seal(settings.client_secret, clientSecretSealContext(settings.subscription_id)) : null,
        use_admin_credentials: body.use_admin_credentials ? 1 : 0,
        cluster_auth_mode: body.cluster_auth_mode ?? 'in_process',
        status: test ? test.status : 'unknown',
        status_message: test ? test.message : 'Not tested yet: use Test Connection.',
        last_checked_at: test ? now : null,
        last_synced_at: null,
        auto_sync_interval_minutes: body.auto_sync_interval_minutes ?? 0,
        created_at: now,
        updated_at: now,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicate(settings.subscription_id);
      throw error;
    }
    this.options.events.publish({ type: 'azure.subscription.changed', subscriptionId: settings.subscription_id });
    return this.get(settings.subscription_id);
  }

  async update(subscriptionId: string, body: AzureSubscriptionPatchBody): Promise<AzureSubscription> {
    const row = await this.requireRow(subscriptionId);
    if (body.client_secret !== undefined && row.auth_method !== 'service_principal') {
      throw ApiError.validation([{ field: 'body.client_secret', message: `cannot be set: this subscription uses ${row.auth_method}` }]);
    }
    const changes: Partial<AzureSubscriptionRow> = { updated_at: new Date().toISOString() };
    if (body.name !== undefined) changes.name = body.name.trim();
    if (body.client_id !== undefined) changes.client_id = body.client_id.toLowerCase();
    if (body.auto_sync_interval_minutes !== undefined) changes.auto_sync_interval_minutes = body.auto_sync_interval_minutes;
    if (body.use_admin_credentials !== undefined) changes.use_admin_credentials = body.use_admin_credentials ? 1 : 0;
    if (body.cluster_auth_mode !== undefined) changes.cluster_auth_mode = body.cluster_auth_mode;
    if (body.client_secret !== undefined) {
      changes.client_secret_sealed = this.options.keyRing.seal(body.client_secret, clientSecretSealContext(row.subscription_id));
    }
    if (body.client_secret !== undefined || body.client_id !== undefined) {
      // New credentials: the last test result no longer says anything.
      changes.status = 'unknown';
      changes.status_message = 'Credentials changed: use Test Connection.';
    }
    await this.options.repo.update(row.subscription_id, changes);
    await this.forgetUnusedIdentities();
    this.options.events.publish({ type: 'azure.subscription.changed', subscriptionId: row.subscription_id });
    return this.get(row.subscription_id);
  }

  async delete(subscriptionId: string, clusters: 'keep' | 'remove'): Promise<{ removed_clusters: number; kept_clusters: number }> {
    const row = await this.requireRow(subscriptionId);
    const result = await this.options.repo.delete(row.subscription_id, clusters === 'remove');
    if (clusters === 'remove') for (const id of result.clusterIds) this.options.events.publish({ type: 'cluster.deleted', clusterId: id });
    await this.forgetUnusedIdentities();
    this.options.events.publish({ type: 'azure.subscription.changed', subscriptionId: row.subscription_id });
    return clusters === 'remove' ? { removed_clusters: result.clusterIds.length, kept_clusters: 0 } : { removed_clusters: 0, kept_clusters: result.clusterIds.length };
  }

  /** Tests a saved subscription and records the outcome. */
  async test(subscriptionId: string): Promise<ConnectionTestResult> {
    const row = await this.requireRow(subscriptionId);
    const result = await this.testConnection(this.settingsOf(row));
    const now = new Date().toISOString();
    await this.options.repo.update(row.subscription_id, { status: result.status, status_message: result.message, last_checked_at: now });
    return result;
  }

  /** Tests settings that are not saved (the form's Test Connection). */
  async testUnsaved(body: AzureSubscriptionCreateBody): Promise<ConnectionTestResult> {
    const settings = this.validateCreate(body);
    await this.checkEndpoints(settings);
    return this.testConnection(settings);
  }

  async discover(subscriptionId: string): Promise<DiscoveredCluster[]> {
    const row = await this.requireRow(subscriptionId);
    const settings = this.settingsOf(row);
    const gateway = this.gateway(settings);
    const context = problemContext(settings);
    const [managed, connected, registered] = await Promise.all([
      gateway.listManagedClusters().catch((error: unknown) => {
        throw this.azureFailure(error, context);
      }),
      // Arc is optional: a subscription without the provider (or the role) still discovers AKS.
      gateway.listConnectedClusters().catch((error: unknown) => {
        this.options.logger.debug({ subscriptionId: row.subscription_id, err: error }, 'Azure Arc clusters not listed');
        return [] as ConnectedCluster[];
      }),
      this.registeredClusters(row.subscription_id),
    ]);
    return [...managed.map((cluster) => describeManagedCluster(cluster, registered)), ...connected.map((cluster) => describeConnectedCluster(cluster, registered))];
  }

  /**
   * Imports the subscription's AKS clusters (all, or `clusterIds`): fetches user credentials
   * (admin only when enabled), stores a kubeconfig per cluster, flags clusters gone from Azure,
   * and asks for a health check of each. One failing cluster never fails the others.
   */
  async sync(subscriptionId: string, clusterIds: string[] | undefined, progress?: JobProgress): Promise<SyncResult> {
    const row = await this.requireRow(subscriptionId);
    const settings = this.settingsOf(row);
    const gateway = this.gateway(settings);
    const cloud = cloudEndpoints(settings);
    const context = problemContext(settings);
    let clusters: ManagedCluster[];
    try {
      clusters = await gateway.listManagedClusters();
    } catch (error) {
      const failure = this.azureFailure(error, context);
      await this.options.repo.update(row.subscription_id, { status: 'error', status_message: failure.message, last_checked_at: new Date().toISOString() });
      throw failure;
    }
    const wanted = clusterIds ? new Set(clusterIds.map((id) => id.toLowerCase())) : undefined;
    const selected = wanted ? clusters.filter((c) => c.id && wanted.has(c.id.toLowerCase())) : clusters;
    const results: SyncResult['results'] = [];
    if (wanted) {
      const found = new Set(selected.map((c) => c.id!.toLowerCase()));
      for (const id of wanted) if (!found.has(id)) results.push({ id, name: id.split('/').pop() ?? id, action: 'failed', cluster_id: null, error: 'not found in the subscription' });
    }
    const limit = pLimit(this.options.syncConcurrency);
    let done = 0;
    progress?.update(0, selected.length);
    const duplicates = duplicateNames(selected);
    await Promise.all(
      selected.map((cluster) =>
        limit(async () => {
          const resourceGroup = resourceGroupOf(cluster.id!);
          const name = cluster.name!;
          try {
            const aksKubeconfig = await gateway.clusterKubeconfig(resourceGroup, name, row.use_admin_credentials === 1);
            const kubeconfig = buildStoredAksKubeconfig(aksKubeconfig, { name, resourceGroup }, {
              authMethod: settings.auth_method,
              tenantId: settings.tenant_id,
              clientId: settings.client_id,
              kubeloginEnvironment: cloud.kubeloginEnvironment,
            });
            const outcome = await this.options.clusters.syncFromSource({
              sourceType: 'aks',
              sourceRef: cluster.id!,
              azureSubscriptionId: row.subscription_id,
              displayNames: duplicates.has(name.toLowerCase())
                ? [`${name} (${resourceGroup})`, `${name} (${resourceGroup}, ${row.name})`]
                : [name, `${name} (${resourceGroup})`, `${name} (${resourceGroup}, ${row.name})`],
              description: `AKS cluster ${name} in ${resourceGroup} (${cluster.location ?? 'unknown region'}), subscription ${row.name}`,
              labels: labelsFrom(cluster),
              kubeconfig,
            });
            results.push({ id: cluster.id!, name, action: outcome.action, cluster_id: outcome.clusterId });
            if (outcome.action !== 'unchanged') this.options.requestHealthCheck(outcome.clusterId);
          } catch (error) {
            const problem = classifyAzureError(error, { ...context, cluster: { resourceGroup, name } });
            results.push({ id: cluster.id!, name, action: 'failed', cluster_id: null, error: problem.message });
          } finally {
            progress?.update(++done, selected.length);
          }
        }),
      ),
    );
    if (!wanted) {
      const present = new Set(clusters.map((c) => c.id!.toLowerCase()));
      for (const missing of await this.options.clusters.markMissingFromSource(row.subscription_id, present)) {
        results.push({ id: missing.source_ref ?? missing.id, name: missing.name, action: 'removed', cluster_id: missing.id });
      }
    }
    const counts = { created: 0, updated: 0, unchanged: 0, removed: 0, failed: 0 } satisfies Record<SyncAction, number>;
    for (const result of results) counts[result.action] += 1;
    const now = new Date().toISOString();
    const failedAll = selected.length > 0 && counts.failed === selected.length;
    await this.options.repo.update(row.subscription_id, {
      last_synced_at: now,
      status: failedAll ? 'error' : 'connected',
      status_message: failedAll ? results.find((r) => r.error)?.error ?? 'sync failed' : syncSummary(counts, clusters.length),
      last_checked_at: now,
    });
    results.sort((a, b) => a.name.localeCompare(b.name));
    return { results, counts };
  }

  /**
   * Adds several subscriptions that share one credential in one step. Each is created on its
   * own: one that exists already or fails does not stop the others.
   */
  async createMany(body: AzureSubscriptionBulkCreateBody): Promise<BulkCreateResult> {
    const { subscriptions, ...credential } = body;
    const names = new Map<string, string>();
    if (subscriptions.some((s) => !s.name)) {
      for (const visible of await this.visibleSubscriptions(credential)) names.set(visible.subscription_id.toLowerCase(), visible.name);
    }
    const results: BulkCreateResult['results'] = [];
    for (const entry of subscriptions) {
      const name = entry.name ?? names.get(entry.subscription_id.toLowerCase()) ?? entry.subscription_id;
      try {
        await this.create({ ...credential, name, subscription_id: entry.subscription_id }, false);
        results.push({ subscription_id: entry.subscription_id.toLowerCase(), name, action: 'created' });
      } catch (error) {
        const exists = error instanceof ApiError && error.statusCode === 409;
        results.push({ subscription_id: entry.subscription_id.toLowerCase(), name, action: exists ? 'exists' : 'failed', ...(exists ? {} : { error: (error as Error).message }) });
      }
    }
    return { results };
  }

  /** Lists the subscriptions a credential can see (multi-subscription setup). */
  async visibleSubscriptions(body: AzureCredentialBody): Promise<Array<{ subscription_id: string; name: string; state: string; registered: boolean }>> {
    const settings = this.validateCredential(body);
    await this.checkEndpoints(settings);
    const cloud = cloudEndpoints(settings);
    this.requireIdentitySettings(settings);
    const { credential } = this.options.identities.get(identitySettings(settings));
    let visible;
    try {
      visible = await ArmGateway.listVisibleSubscriptions(credential, cloud);
    } catch (error) {
      throw this.azureFailure(error, { subscriptionId: '(any)', clientId: settings.client_id, tenantId: settings.tenant_id, audience: cloud.resourceManagerAudience });
    }
    const saved = new Set((await this.options.repo.list()).map((row) => row.subscription_id));
    return visible.map((s) => ({ subscription_id: s.subscriptionId, name: s.name, state: s.state, registered: saved.has(s.subscriptionId.toLowerCase()) }));
  }

  /**
   * The credential provider for a cluster synced from Azure: in-process Entra tokens for
   * Entra-enabled clusters (the default) or kubelogin (`cluster_auth_mode` kubelogin); undefined
   * for clusters that are not Azure's or use certificates (the stored kubeconfig decides then).
   */
  /** How clusters synced from Azure authenticate (registered with the cluster connections). */
  authStrategy(execAllowlist: readonly string[]): AuthStrategy {
    return { name: 'azure', providerFor: (cluster, kubeconfig, resolved) => this.credentialProviderFor(cluster, kubeconfig, resolved, execAllowlist) };
  }

  async credentialProviderFor(cluster: ClusterRow, storedKubeconfig: string, resolved: ResolvedKubeconfig, execAllowlist: readonly string[]): Promise<CredentialProvider | undefined> {
    if (!cluster.azure_subscription_id) return undefined;
    if (resolved.authKind !== 'exec' || resolved.exec?.command !== 'kubelogin') return undefined;
    const row = await this.options.repo.find(cluster.azure_subscription_id);
    if (!row) return undefined;
    const settings = this.settingsOf(row);
    if (row.cluster_auth_mode === 'kubelogin') {
      const env: Record<string, string> = {};
      if (settings.client_secret) env[KUBELOGIN_SECRET_ENV] = settings.client_secret;
      const cloud = cloudEndpoints(settings);
      if (cloud.custom) env[KUBELOGIN_ENVIRONMENT_FILE_ENV] = this.kubeloginEnvironmentFilePath(cloud);
      const withEnv = JSON.stringify(withKubeloginEnv(storedKubeconfig, env));
      return new ExecCredentialProvider({ exec: resolveStoredKubeconfig(withEnv).exec!, allowlist: execAllowlist });
    }
    this.requireIdentitySettings(settings);
    return this.options.identities.get(identitySettings(settings)).aksTokens.provider();
  }

  /**
   * Writes the endpoints file kubelogin needs for a custom cloud, readable by this user only.
   * Synchronous (a few hundred bytes, once per cloud): the credential provider is rebuilt at once.
   */
  private kubeloginEnvironmentFilePath(cloud: AzureCloudEndpoints): string {
    const content = `${JSON.stringify(kubeloginEnvironmentFile(cloud), null, 2)}\n`;
    const dir = this.options.kubeloginEnvironmentDir ?? path.join(os.tmpdir(), 'flux-orchestrator-kubelogin');
    const file = path.join(dir, `azure-environment-${createHash('sha256').update(content).digest('hex').slice(0, 16)}.json`);
    if (this.writtenEnvironmentFiles.has(file)) return file;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, content, { mode: 0o600 });
    chmodSync(file, 0o600);
    this.writtenEnvironmentFiles.add(file);
    return file;
  }

  /**
   * A kubeconfig a person can use with kubectl (+ kubelogin). Credentials only when asked for:
   * the subscription's client secret (kubelogin clusters), or the local account's certificate,
   * key and token (clusters with local accounts), which would otherwise work on the cluster as is.
   */
  async downloadableKubeconfig(cluster: ClusterRow, storedKubeconfig: string, includeSecret: boolean): Promise<DownloadableKubeconfig> {
    if (!cluster.azure_subscription_id) throw new ApiError(409, 'not_synced', 'Only clusters synced from Azure have a downloadable kubeconfig; the uploaded ones hold your own credentials.');
    const row = await this.requireRow(cluster.azure_subscription_id);
    const settings = this.settingsOf(row);
    const stored = parseStoredKubeconfig(storedKubeconfig) as Record<string, unknown>;
    const notes: string[] = [];
    let document = stored;
    let credentialIncluded = false;
    if (hasInlineCredentials(stored)) {
      credentialIncluded = includeSecret;
      if (!includeSecret) {
        document = withoutInlineCredentials(stored);
        notes.push('The cluster\'s local account certificate, key and token are left out; download with include_secret=true to include them.');
      }
    } else if (includeSecret && settings.client_secret) {
      document = withKubeloginEnv(storedKubeconfig, { [KUBELOGIN_SECRET_ENV]: settings.client_secret });
      credentialIncluded = true;
    }
    const cloud = cloudEndpoints(settings);
    if (cloud.custom && !hasInlineCredentials(stored)) {
      notes.push(
        'This cluster is in a custom Azure cloud. kubelogin reaches it as AzureStackCloud: save the JSON below to a file and',
        `set ${KUBELOGIN_ENVIRONMENT_FILE_ENV} to that file's path before running kubectl.`,
        ...JSON.stringify(kubeloginEnvironmentFile(cloud), null, 2).split('\n'),
      );
    }
    const header = notes.map((line) => `# ${line}`.trimEnd()).join('\n');
    return { text: `${header ? `${header}\n` : ''}${stringify(document)}`, credentialIncluded };
  }

  /** Subscriptions whose auto-sync is due at `now`. */
  async dueForAutoSync(now: Date): Promise<string[]> {
    return (await this.options.repo.list())
      .filter((row) => row.auto_sync_interval_minutes > 0)
      .filter((row) => !row.last_synced_at || Date.parse(row.last_synced_at) + row.auto_sync_interval_minutes * 60_000 <= now.getTime())
      .map((row) => row.subscription_id);
  }

  sealedCollection(): SealedCollection {
    const repo = this.options.repo;
    return {
      name: 'azure_subscriptions.client_secret',
      list: async () => (await repo.listSealed()).map((row) => ({ id: row.subscription_id, sealed: row.client_secret_sealed })),
      context: clientSecretSealContext,
      write: async (id, sealed) => void (await repo.update(id, { client_secret_sealed: sealed })),
    };
  }

  private testConnection(settings: ConnectionSettings): Promise<ConnectionTestResult> {
    return testConnection(this.gateway(settings), problemContext(settings));
  }

  /**
   * Workload identity reads the token file the platform mounts (AZURE_FEDERATED_TOKEN_FILE);
   * without it every call would fail deep in the SDK, so say which setting is missing instead.
   */
  private requireIdentitySettings(settings: Pick<ConnectionSettings, 'auth_method'>): void {
    const env = this.options.env ?? process.env;
    if (settings.auth_method === 'workload_identity' && !env.AZURE_FEDERATED_TOKEN_FILE) {
      throw new ApiError(
        400,
        'azure_setting_missing',
        'auth_method workload_identity needs AZURE_FEDERATED_TOKEN_FILE in the server\'s environment (the federated token file the platform mounts, e.g. the AKS workload identity webhook); it is not set. Set it and restart the server, or use another auth_method.',
        [{ field: 'AZURE_FEDERATED_TOKEN_FILE', message: 'is not set in the server\'s environment' }],
      );
    }
  }

  /** Custom-cloud endpoints go through the same address policy as cluster servers. */
  private async checkEndpoints(settings: Omit<ConnectionSettings, 'subscription_id'>): Promise<void> {
    const problems: Array<{ field: string; message: string }> = [];
    for (const field of ['authority_host', 'resource_manager_endpoint'] as const) {
      const url = settings[field];
      const problem = url ? await this.endpointPolicy.problemWith(url, field) : undefined;
      if (problem) problems.push({ field: `body.${field}`, message: problem.replace(new RegExp(`^${field} `), '') });
    }
    if (problems.length > 0) throw ApiError.validation(problems);
  }

  private gateway(settings: ConnectionSettings): ArmGateway {
    this.requireIdentitySettings(settings);
    const { credential } = this.options.identities.get(identitySettings(settings));
    return new ArmGateway(credential, settings.subscription_id, cloudEndpoints(settings));
  }

  private azureFailure(error: unknown, context: ProblemContext): ApiError {
    const problem = classifyAzureError(error, context);
    const status = problem.kind === 'throttled' ? 503 : problem.kind === 'unreachable' || problem.kind === 'other' ? 502 : 400;
    return new ApiError(status, `azure_${problem.kind}`, problem.message);
  }

  private settingsOf(row: AzureSubscriptionRow): ConnectionSettings {
    return {
      subscription_id: row.subscription_id,
      tenant_id: row.tenant_id,
      client_id: row.client_id,
      client_secret: row.client_secret_sealed ? this.options.keyRing.open(row.client_secret_sealed, clientSecretSealContext(row.subscription_id)) : null,
      auth_method: row.auth_method as AuthMethod,
      environment: row.environment as AzureEnvironment,
      authority_host: row.authority_host,
      resource_manager_endpoint: row.resource_manager_endpoint,
      resource_manager_audience: row.resource_manager_audience,
    };
  }

  private async forgetUnusedIdentities(): Promise<void> {
    const rows = await this.options.repo.list();
    this.options.identities.retain(rows.map((row) => identitySettings(this.settingsOf(row))));
  }

  private async registeredClusters(subscriptionId: string): Promise<Map<string, string>> {
    const rows = await this.options.clusters.listBySource(subscriptionId);
    return new Map(rows.map((row) => [row.source_ref ?? '', row.id]));
  }

  private async requireRow(subscriptionId: string): Promise<AzureSubscriptionRow> {
    const row = await this.options.repo.find(subscriptionId);
    if (!row) throw ApiError.notFound(`Azure subscription ${subscriptionId}`);
    return row;
  }
}

function identitySettings(settings: Omit<ConnectionSettings, 'subscription_id'>): AzureIdentitySettings {
  return { authMethod: settings.auth_method, tenantId: settings.tenant_id, clientId: settings.client_id, clientSecret: settings.client_secret, cloud: cloudEndpoints(settings) };
}

function problemContext(settings: ConnectionSettings): ProblemContext {
  return { subscriptionId: settings.subscription_id, clientId: settings.client_id, tenantId: settings.tenant_id, audience: cloudEndpoints(settings).resourceManagerAudience };
}

function duplicate(subscriptionId: string): ApiError {
  return ApiError.conflict(`Azure subscription ${subscriptionId} is already added; update it with PATCH instead`);
}

function toApi(row: AzureSubscriptionRow, clusterCount: number): AzureSubscription {
  return {
    subscription_id: row.subscription_id,
    name: row.name,
    tenant_id: row.tenant_id,
    client_id: row.client_id,
    auth_method: row.auth_method as AuthMethod,
    environment: row.environment as AzureEnvironment,
    authority_host: row.authority_host,
    resource_manager_endpoint: row.resource_manager_endpoint,
    resource_manager_audience: row.resource_manager_audience,
    use_admin_credentials: row.use_admin_credentials === 1,
    cluster_auth_mode: row.cluster_auth_mode as ClusterAuthMode,
    status: row.status as SubscriptionStatus,
    status_message: row.status_message,
    last_checked_at: row.last_checked_at,
    last_synced_at: row.last_synced_at,
    cluster_count: clusterCount,
    auto_sync_interval_minutes: row.auto_sync_interval_minutes,
    has_client_secret: row.client_secret_sealed !== null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
