/**
 * The fleet benchmark's baselines: what it takes to see every Flux object of a fleet without the
 * product.
 *
 * - kubectl: `kubectl get <every Flux kind> -A -o json`, one cluster after another (what a person
 *   with a folder of kubeconfigs does today);
 * - the floor: one bare concurrent `@kubernetes/client-node` list of every Flux kind on every
 *   cluster at once (no watch, no index, nothing kept): the least any tool must do;
 * - an informational second floor over plain Node `https` with one kept-alive connection per
 *   cluster (client-node opens a new TLS connection for every request).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { ApisApi, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';

export interface FluxResource {
  group: string;
  version: string;
  plural: string;
  kind: string;
}

/** Groups whose kinds count as Flux kinds: the toolkit's, its extensions' and the Flux Operator's. */
function isFluxGroup(group: string): boolean {
  return group.endsWith('.fluxcd.io') || group === 'fluxcd.controlplane.io';
}

/**
 * Every Flux kind a cluster serves, each in the first version its group lists that serves it
 * (the preferred version first), from the cluster's discovery documents.
 */
export async function discoverFluxResources(kubeconfig: string): Promise<FluxResource[]> {
  const config = new KubeConfig();
  config.loadFromString(kubeconfig);
  const groups = (await config.makeApiClient(ApisApi).getAPIVersions()).groups.filter((group) => isFluxGroup(group.name));
  const custom = config.makeApiClient(CustomObjectsApi);
  const resources: FluxResource[] = [];
  for (const group of groups) {
    const versions = [group.preferredVersion?.version, ...group.versions.map((version) => version.version)].filter((version, index, all): version is string => !!version && all.indexOf(version) === index);
    const seen = new Set<string>();
    for (const version of versions) {
      const list = await custom.getAPIResources({ group: group.name, version });
      for (const resource of list.resources) {
        if (resource.name.includes('/') || seen.has(resource.name)) continue;
        seen.add(resource.name);
        resources.push({ group: group.name, version, plural: resource.name, kind: resource.kind });
      }
    }
  }
  return resources.sort((a, b) => `${a.group}/${a.plural}`.localeCompare(`${b.group}/${b.plural}`));
}

export interface BaselineResult {
  seconds: number;
  objects: number;
  perCluster: Map<string, number>;
}

/**
 * `kubectl get <plural.group,...> -A -o json` for each kubeconfig in turn (async execFile of
 * /usr/bin/kubectl). Only the kubectl calls are timed: counting the items of each answer happens
 * between calls, outside the clock. A fresh `--cache-dir`, so discovery is as cold as it is for
 * any new kubeconfig (each simulated cluster has its own address, so a cache would not be shared
 * anyway).
 */
export async function kubectlSequential(clusters: Array<{ name: string; kubeconfigPath: string }>, resources: FluxResource[]): Promise<BaselineResult> {
  const kinds = resources.map((resource) => `${resource.plural}.${resource.group}`).join(',');
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'fo-bench-kubectl-'));
  const perCluster = new Map<string, number>();
  let timed = 0;
  let objects = 0;
  try {
    for (const cluster of clusters) {
      const started = performance.now();
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(
          '/usr/bin/kubectl',
          ['--kubeconfig', cluster.kubeconfigPath, '--cache-dir', cacheDir, 'get', kinds, '-A', '-o', 'json'],
          { maxBuffer: 512 * 1024 * 1024, env: { ...process.env, HOME: cacheDir } },
          (error, out, stderr) => (error ? reject(new Error(`kubectl for ${cluster.name}: ${error.message} ${stderr}`)) : resolve(out)),
        );
      });
      timed += performance.now() - started;
      const count = (JSON.parse(stdout) as { items: unknown[] }).items.length;
      perCluster.set(cluster.name, count);
      objects += count;
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  return { seconds: timed / 1000, objects, perCluster };
}

/**
 * The floor: for every cluster at once, `KubeConfig.loadFromString` and
 * `CustomObjectsApi.listClusterCustomObject` of every Flux kind, all requests in flight together.
 * Timed from the first kubeconfig load to the last answer.
 */
export async function clientNodeFloor(clusters: Array<{ name: string; kubeconfig: string }>, resources: FluxResource[]): Promise<BaselineResult> {
  const perCluster = new Map<string, number>();
  const started = performance.now();
  await Promise.all(
    clusters.map(async (cluster) => {
      const config = new KubeConfig();
      config.loadFromString(cluster.kubeconfig);
      const custom = config.makeApiClient(CustomObjectsApi);
      const counts = await Promise.all(
        resources.map(async (resource) => {
          const list = (await custom.listClusterCustomObject({ group: resource.group, version: resource.version, plural: resource.plural })) as { items: unknown[] };
          return list.items.length;
        }),
      );
      perCluster.set(
        cluster.name,
        counts.reduce((sum, count) => sum + count, 0),
      );
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  let objects = 0;
  for (const count of perCluster.values()) objects += count;
  return { seconds, objects, perCluster };
}

/**
 * Informational: the same lists over Node `https` with one kept-alive agent per cluster (one TLS
 * handshake per cluster instead of one per request), JSON parsed the same way.
 */
export async function keepAliveFloor(clusters: Array<{ name: string; kubeconfig: string }>, resources: FluxResource[]): Promise<BaselineResult> {
  const perCluster = new Map<string, number>();
  const started = performance.now();
  await Promise.all(
    clusters.map(async (cluster) => {
      const config = new KubeConfig();
      config.loadFromString(cluster.kubeconfig);
      const server = config.getCurrentCluster()!;
      const token = config.getCurrentUser()!.token!;
      const ca = Buffer.from(server.caData!, 'base64').toString();
      const agent = new Agent({ keepAlive: true, ca, maxSockets: 1 });
      try {
        const counts = await Promise.all(
          resources.map(
            (resource) =>
              new Promise<number>((resolve, reject) => {
                const req = request(`${server.server}/apis/${resource.group}/${resource.version}/${resource.plural}`, { agent, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (response) => {
                  const chunks: Buffer[] = [];
                  response.on('data', (chunk: Buffer) => chunks.push(chunk));
                  response.on('end', () => {
                    if (response.statusCode !== 200) reject(new Error(`${cluster.name} ${resource.plural}: HTTP ${response.statusCode}`));
                    else resolve((JSON.parse(Buffer.concat(chunks).toString()) as { items: unknown[] }).items.length);
                  });
                  response.on('error', reject);
                });
                req.on('error', reject);
                req.end();
              }),
          ),
        );
        perCluster.set(
          cluster.name,
          counts.reduce((sum, count) => sum + count, 0),
        );
      } finally {
        agent.destroy();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  let objects = 0;
  for (const count of perCluster.values()) objects += count;
  return { seconds, objects, perCluster };
}
