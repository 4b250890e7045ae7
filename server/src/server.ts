import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from './config/index.js';
import { AuditLog, auditRoutes } from './audit/index.js';
import { authRoutes, captureCaller, currentCaller, databaseRateLimitStore, IdentityService, OidcLogin, registerAuth, runAsCaller, type ClusterCatalog } from './auth/index.js';
import { AzureAutoSync, AzureIdentityRegistry, AzureSubscriptionsService, azureRoutes, defineAzureJobs } from './azure/index.js';
import { ClustersService, clustersRoutes, EndpointPolicy } from './clusters/index.js';
import { ClusterConnections } from './connections/index.js';
import { ClusterHealthChecker, SharedConnectionProber, WorkerClusterProber } from './health/index.js';
import { createJobRunner, JobRetention, jobsRoutes, localMembership, type JobRunner } from './jobs/index.js';
import { ClusterRollups, FleetEngine, FleetStream, FluxResourceService, InlineListDecoder, resourcesRoutes, WorkerListDecoder } from './fleet/index.js';
import { exportRoutes } from './export/index.js';
import { matrixRoutes } from './matrix/index.js';
import { graphRoutes } from './graph/index.js';
import { logsRoutes } from './logs/index.js';
import { ApiResourceCatalog, inventoryRoutes } from './inventory/index.js';
import { WorkloadActions, workloadsRoutes } from './workloads/index.js';
import { BulkActionRunner, bulkActionsRoutes, defineBulkActionJobs } from './bulk-actions/index.js';
import { EventBus } from './events/index.js';
import { EventRetention, KubeEventLog, kubeEventsRoutes, objectEventsReader, recordedEventPublisher, streamRecordedEvents } from './kube-events/index.js';
import { buildApp, Metrics } from './http/index.js';
import { InClusterRegistration } from './in-cluster/index.js';
import { loadKeyRing, verifyKeyRing, type KeyRing } from './secrets/index.js';
import { AuditRepo, AzureSubscriptionsRepo, ClustersRepo, FluxObjectsRepo, IdentityRepo, JobsRepo, KubeEventsRepo, openDatabase, secureDataDir, RateLimitsRepo, ReplicasRepo, SettingsRepo, sqliteFileOf, lockSqliteInstance, type KubeEventRow, type OpenDatabase } from './store/index.js';
import { ReplicaSet, replicasRoutes, singleProcessOverview } from './replicas/index.js';

export const VERSION = '0.1.0';

export interface RunningServer {
  app: FastifyInstance;
  /** The URL the server listens on. */
  url: string;
  database: OpenDatabase;
  keyRing: KeyRing;
  clusters: ClustersService;
  healthChecker: ClusterHealthChecker;
  azure: AzureSubscriptionsService;
  jobs: JobRunner;
  autoSync: AzureAutoSync;
  fleet: FleetEngine;
  identity: IdentityService;
  /** Stops accepting requests, finishes checks, closes the database. Idempotent. */
  close(): Promise<void>;
}

/** Wires the whole product from its configuration and starts listening. */
export async function startServer(config: AppConfig, logger: Logger): Promise<RunningServer> {
  const embedded = config.databaseUrl.startsWith('sqlite:');
  try {
    secureDataDir(config.dataDir);
  } catch (error) {
    logger.warn({ dataDir: config.dataDir, err: error }, 'Could not make the data dir private (0700): other users of this machine may read it');
  }
  const keys = await loadKeyRing({ encryptionKey: config.encryptionKey, previousKeys: config.previousEncryptionKeys, dataDir: config.dataDir, allowGenerate: embedded });
  if (keys.generatedKeyFile) {
    logger.warn(
      { keyFile: keys.generatedKeyFile },
      'No ENCRYPTION_KEY set: generated one into the data dir. Back it up, or set ENCRYPTION_KEY to its contents; without it the stored secrets cannot be read',
    );
  }
  // One process per SQLite file, refused before it touches the database (see replicas/).
  const sqliteFile = sqliteFileOf(config.databaseUrl);
  const instanceLock = sqliteFile && sqliteFile !== ':memory:' ? lockSqliteInstance(path.resolve(sqliteFile)) : undefined;
  let database: OpenDatabase;
  try {
    database = await openDatabase(config.databaseUrl, {
      onConnectionError: (error) => logger.warn({ err: error }, 'database connection lost; it is replaced when next needed'),
    });
  } catch (error) {
    instanceLock?.release();
    throw error;
  }
  try {
    await verifyKeyRing(new SettingsRepo(database.db), keys.keyRing);
  } catch (error) {
    await database.close();
    instanceLock?.release();
    throw error;
  }
  logger.info({ database: database.description }, 'database ready');

  const events = new EventBus();
  const objectsRepo = new FluxObjectsRepo(database.db, database.dialect);
  // On PostgreSQL, processes sharing the database are replicas: each watches a share of the
  // clusters and they tell each other what changed. SQLite and MariaDB run one process.
  const replicaSet =
    database.dialect === 'postgres' ? new ReplicaSet({ repo: new ReplicasRepo(database.db), databaseUrl: config.databaseUrl, objectsRepo, events, logger: logger.child({ component: 'replicas' }) }) : undefined;
  const owns = (clusterId: string): boolean => replicaSet?.owns(clusterId) ?? true;
  const clustersRepo = new ClustersRepo(database.db);
  const endpointPolicy = new EndpointPolicy({ allowNetworks: config.endpointAllowNetworks, denyNetworks: config.endpointDenyNetworks });
  const clusters = new ClustersService({
    repo: clustersRepo,
    keyRing: keys.keyRing,
    events,
    rules: { execAllowlist: config.execAllowlist, maxExpandedBytes: config.bodyLimitBytes },
    endpointPolicy,
  });
  // Read at scrape time, so the gauge is never stale.
  const metrics = new Metrics(async () => (await clusters.summary()).by_status);

  // Jobs of replicas that die are resumed or failed by the others (see jobs/).
  const jobs = createJobRunner({
    database,
    databaseUrl: config.databaseUrl,
    events,
    logger: logger.child({ component: 'jobs' }),
    membership: replicaSet ?? localMembership(),
    caller: { capture: captureCaller, runWith: runAsCaller },
    retentionDays: config.jobRetentionDays,
  });
  await jobs.recover();
  const jobRetention = new JobRetention({ repo: new JobsRepo(database.db), jobs, logger: logger.child({ component: 'jobs' }), retentionDays: config.jobRetentionDays });
  const audit = new AuditLog(new AuditRepo(database.db), logger.child({ component: 'audit' }), currentCaller, events);
  const identity = new IdentityService({
    repo: new IdentityRepo(database.db, database.dialect),
    logger: logger.child({ component: 'identity' }),
    sessionIdleMs: config.sessionIdleMinutes * 60_000,
    sessionMaxAgeMs: config.sessionMaxAgeHours * 3_600_000,
  });
  if (config.authMode === 'local') {
    const file = await identity.ensureInitialAdmin(config.dataDir);
    // The file, never the password: logs travel further than the data dir.
    if (file) logger.warn({ file }, 'First start: created the user "admin"; its initial password is in this file (readable by this user only). Sign in and change it, then delete the file');
  }
  // Azure supplies credentials to the connections and asks the health checker for checks: bind late.
  let requestHealthCheck: (clusterId: string) => void = () => undefined;
  const azure = new AzureSubscriptionsService({
    repo: new AzureSubscriptionsRepo(database.db),
    clusters,
    identities: new AzureIdentityRegistry(),
    keyRing: keys.keyRing,
    events,
    logger: logger.child({ component: 'azure' }),
    syncConcurrency: config.azureSyncConcurrency,
    requestHealthCheck: (clusterId) => requestHealthCheck(clusterId),
    defaultCloud: config.azureDefaultCloud,
    endpointPolicy,
    kubeloginEnvironmentDir: path.join(config.dataDir, 'kubelogin'),
  });
  defineAzureJobs(jobs, azure);
  const autoSync = new AzureAutoSync(azure, jobs, logger.child({ component: 'azure-auto-sync' }));
  const inCluster = config.inCluster.register ? new InClusterRegistration({ settings: config.inCluster, clusters, keyValues: new SettingsRepo(database.db), logger: logger.child({ component: 'in-cluster' }) }) : undefined;
  const connections = new ClusterConnections({
    repo: clustersRepo,
    clusters,
    events,
    logger: logger.child({ component: 'connections' }),
    execAllowlist: config.execAllowlist,
    authStrategies: [...(inCluster ? [inCluster.authStrategy()] : []), azure.authStrategy(config.execAllowlist)],
    endpointPolicy,
  });
  const healthChecker = new ClusterHealthChecker({
    repo: clustersRepo,
    connections,
    events,
    logger: logger.child({ component: 'health-checker' }),
    intervalSeconds: config.healthCheckIntervalSeconds,
    concurrency: config.healthCheckConcurrency,
    timeoutSeconds: config.healthCheckTimeoutSeconds,
    prober: config.healthCheckWorkers > 0 ? new WorkerClusterProber(config.healthCheckWorkers) : new SharedConnectionProber(),
    owns,
  });
  requestHealthCheck = (clusterId) => healthChecker.requestCheck(clusterId);

  const kubeEventsRepo = new KubeEventsRepo(database.db, database.dialect);
  const kubeEvents = new KubeEventLog({ repo: kubeEventsRepo, bus: events, logger: logger.child({ component: 'kube-events' }) });
  const eventRetention = new EventRetention({ repo: kubeEventsRepo, logger: logger.child({ component: 'kube-events' }), retentionDays: config.eventRetentionDays, jobs });
  const fleet = new FleetEngine({
    clustersRepo,
    objectsRepo,
    connections,
    events,
    eventSink: kubeEvents,
    logger: logger.child({ component: 'fleet' }),
    // Whether new clusters answer at all first, then their Flux objects (docs/fleet-engine.md).
    initialSyncGate: () => healthChecker.firstChecksStarted(),
    listDecoder: config.listDecodeWorkers > 0 ? new WorkerListDecoder() : new InlineListDecoder(),
    // Replicas see each other's changes when they are written: write them soon.
    ...(replicaSet ? { replication: replicaSet, persistIntervalMs: 200 } : {}),
  });
  const rollups = new ClusterRollups(fleet, clustersRepo, events);
  const stream = new FleetStream(fleet, rollups, events, logger.child({ component: 'stream' }), { recheckMs: config.streamRecheckSeconds * 1000 });
  streamRecordedEvents(kubeEvents, stream, fleet);
  if (replicaSet) {
    // Events reach the replica that watches their cluster; the others' streams get them relayed.
    const publish = recordedEventPublisher(stream, fleet);
    kubeEvents.onRecorded(replicaSet.relay<KubeEventRow>('fluxo_kube_events', (rows) => rows.forEach(publish)));
  }
  const fluxResources = new FluxResourceService(fleet, connections, objectsRepo, objectEventsReader(kubeEventsRepo));
  defineBulkActionJobs(jobs, new BulkActionRunner({ resources: fluxResources, audit, events, logger: logger.child({ component: 'bulk-actions' }) }));
  // Kind → plural per cluster, for inventories and workload actions (which name objects by kind).
  const apiResources = new ApiResourceCatalog();
  clusters.setFluxRollup((clusterId, inScope) => {
    const counts = inScope ? fleet.index.countsOfClusterWhere(clusterId, (record) => inScope(record.namespace)) : fleet.index.countsOfCluster(clusterId);
    return { sync: fleet.syncStatus(clusterId).state, objects: counts.total, failed: counts.failed, progressing: counts.progressing, suspended: counts.suspended, unknown: counts.unknown, ready: counts.ready };
  });

  // Role bindings scope clusters by id and labels: the fleet engine knows both, in memory.
  const catalog: ClusterCatalog = { cluster: (id) => fleet.cluster(id), clusters: () => fleet.clusterList() };
  const app = await buildApp({
    logger,
    metrics,
    bodyLimitBytes: config.bodyLimitBytes,
    webDir: config.webDir,
    version: VERSION,
    hosts: { allowedHosts: config.allowedHosts, listenHost: config.host, publicUrl: config.publicUrl },
    trustProxy: config.trustProxy,
    readiness: async () => {
      try {
        await database.ping();
        return { ready: true };
      } catch (error) {
        return { ready: false, reason: `database unavailable: ${(error as Error).message}` };
      }
    },
    registerAuth: (root) =>
      registerAuth(root, {
        mode: config.authMode,
        identity,
        catalog,
        // Counted in the database: replicas sharing it share one sign-in attempt limit.
        rateLimitStore: databaseRateLimitStore({ counters: new RateLimitsRepo(database.db, database.dialect), logger: logger.child({ component: 'rate-limit' }) }),
      }),
    registerApi: async (api) => {
      await api.register(authRoutes, {
        mode: config.authMode,
        identity,
        audit,
        loginAttemptsPerMinute: config.loginAttemptsPerMinute,
        cookieSecure: config.cookieSecure,
        ...(config.oidc ? { oidc: new OidcLogin(config.oidc, config.oidc.issuer.startsWith('http:')) } : {}),
      });
      await api.register(clustersRoutes, { service: clusters, checker: healthChecker, audit });
      await api.register(azureRoutes, { service: azure, clusters, jobs, audit, syncWaitMs: config.syncWaitSeconds * 1000 });
      await api.register(jobsRoutes, { jobs });
      await api.register(replicasRoutes, { source: replicaSet ?? singleProcessOverview(() => fleet.clusterList().length) });
      await api.register(auditRoutes, { audit });
      await api.register(resourcesRoutes, { engine: fleet, rollups, resources: fluxResources, stream, audit });
      await api.register(exportRoutes, { engine: fleet });
      await api.register(kubeEventsRoutes, { engine: fleet, repo: kubeEventsRepo });
      await api.register(matrixRoutes, { engine: fleet, clustersRepo });
      await api.register(graphRoutes, { engine: fleet, resources: fluxResources });
      await api.register(logsRoutes, { engine: fleet, connections, resources: fluxResources });
      await api.register(inventoryRoutes, { resources: fluxResources, catalog: apiResources });
      await api.register(workloadsRoutes, { engine: fleet, actions: new WorkloadActions(fleet, connections), audit });
      await api.register(bulkActionsRoutes, { engine: fleet, jobs, audit });
    },
  });

  await healthChecker.ready();
  await inCluster?.register(); // before the watches start, so its first connection has the token
  connections.start();
  // The last known index is loaded before listening, so the first answers are never empty.
  await rollups.start();
  kubeEvents.start();
  // Every job type is defined by now.
  await jobs.start();
  eventRetention.start();
  jobRetention.start();
  // Listening before the stored index is loaded: nothing written in between is missed.
  await replicaSet?.join();
  await fleet.start();
  replicaSet?.onAcquired((clusterIds) => clusterIds.forEach((clusterId) => healthChecker.requestCheck(clusterId)));
  await replicaSet?.start(fleet);
  stream.start();
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  if (config.authMode === 'none') {
    logger.warn({ host: config.host }, 'AUTH_MODE=none: no login, every caller on this machine is admin (allowed on loopback only)');
  }
  healthChecker.start();
  autoSync.start();
  logger.info({ url }, 'Flux Orchestrator is listening');

  let closing: Promise<void> | undefined;
  return {
    app,
    url,
    database,
    keyRing: keys.keyRing,
    clusters,
    healthChecker,
    azure,
    jobs,
    autoSync,
    fleet,
    identity,
    close: () =>
      (closing ??= (async () => {
        autoSync.stop();
        // Streams first: app.close() waits for open connections, and SSE ones never end by themselves.
        stream.stop();
        await app.close();
        await fleet.stop();
        // After the last rows were written and announced: the leases go back at once.
        await replicaSet?.stop();
        // After the watches stopped: what they delivered is written.
        await kubeEvents.stop();
        await eventRetention.stop();
        await jobRetention.stop();
        rollups.stop();
        await jobs.drain();
        await healthChecker.stop();
        connections.stop();
        await database.close();
        instanceLock?.release();
      })()),
  };
}
