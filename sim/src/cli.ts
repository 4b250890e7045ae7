/**
 * `npm run sim -- --clusters N --objects M --azure-subscriptions S --out DIR`
 *
 * Starts a simulated fleet, writes `DIR/ca.pem`, `DIR/clusters/*.yaml` and `DIR/manifest.json`
 * (absolute paths, each cluster's Flux version, the `--source` mappings), prints where everything
 * is and serves until SIGINT/SIGTERM. Clusters run a mix of Flux releases unless `--flux-version`
 * names one, and listen on random ports unless `--base-port` fixes them.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startFleet } from './fleet.js';
import { FLUX_RELEASES, MIXED_FLEET_FLUX_VERSIONS, findFluxRelease } from './flux/flux-releases.js';
import { durationMs } from './flux/flux-revisions.js';
import { CertificateAuthority } from './pki/certificate-authority.js';
import { parseSourceOptions } from './source-option.js';

const USAGE = `Usage: npm run sim -- [--clusters N] [--objects M] [--azure-subscriptions S] [--out DIR] [--base-port P] [--flux-version X | --flux-versions X,Y]
  --clusters N                  plain clusters (default 3)
  --objects M                   Flux objects per cluster (default 50)
  --azure-subscriptions S       Azure subscriptions, each with its own AKS clusters (default 0)
  --clusters-per-subscription K AKS clusters per subscription (default 3)
  --out DIR                     output directory (default .sim)
  --base-port P                 cluster i listens on 127.0.0.1:P+i (plain clusters first, in name
                                order, then AKS clusters; default: random free ports)
  --seed X                      seed of the generated fleet (default 1)
  --reconcile-delay-ms D        Flux reconcile delay (default 500)
  --requeue-dependency D        the controllers' --requeue-dependency: how long an object whose
                                dependsOn is not ready waits before its next attempt, a Go duration
                                such as 30s, 5s or 500ms (default 30s, as in Flux)
  --manifests FILE              multi-document Flux YAML applied to every plain cluster
  --flux-version X              Flux release of every cluster, e.g. 2.6 or v2.6.4
  --flux-versions X,Y,...       Flux releases assigned to clusters round-robin
                                (default: ${MIXED_FLEET_FLUX_VERSIONS.join(',')}; known: ${FLUX_RELEASES.map((release) => release.minor).join(', ')})
  --unreachable HOST|URL        a host (github.com) or URL prefix the simulated sources cannot reach;
                                repeat for several (their fetches fail as on a real cluster)
  --source URL=DIR              serve a GitRepository/OCIRepository URL (http(s)://, ssh://, oci://)
                                from a local directory: Kustomizations of it build spec.path there with
                                kubectl kustomize and apply the objects; every cluster, AKS included;
                                repeat for several (DIR relative to the current directory)
  --arm-latency-ms L            delay every ARM call by L ms (default 0)
  --ca-cert FILE --ca-key FILE  sign with this CA instead of a new one (e.g. one NODE_EXTRA_CA_CERTS already trusts)`;

function count(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a non-negative integer, got "${raw}"\n\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

/** `--requeue-dependency`: a positive Go duration (`30s`, `1m`, `500ms`), in ms. Exits otherwise. */
function requeueDependency(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = durationMs(raw);
  if (value === undefined || value <= 0) {
    console.error(`--requeue-dependency must be a positive duration such as 30s, 5s or 500ms, got "${raw}"\n\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

/** `--base-port`: a port number with room for every cluster after it. Exits otherwise. */
function basePort(raw: string | undefined, clusters: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 65_535) {
    console.error(`--base-port must be a port number (1-65535), got "${raw}"\n\n${USAGE}`);
    process.exit(2);
  }
  if (value + clusters - 1 > 65_535) {
    console.error(`--base-port ${value} leaves no room for ${clusters} clusters (the last would listen on ${value + clusters - 1})\n\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

/** The releases to assign round-robin: `--flux-version`, `--flux-versions`, or the mixed default. Exits on unknown ones. */
function fluxReleases(single: string | undefined, list: string | undefined): string[] {
  if (single !== undefined && list !== undefined) {
    console.error(`--flux-version and --flux-versions exclude each other\n\n${USAGE}`);
    process.exit(2);
  }
  const versions = single !== undefined ? [single] : list !== undefined ? list.split(',').map((version) => version.trim()).filter((version) => version !== '') : [...MIXED_FLEET_FLUX_VERSIONS];
  if (versions.length === 0) {
    console.error(`--flux-versions needs at least one release\n\n${USAGE}`);
    process.exit(2);
  }
  try {
    for (const version of versions) findFluxRelease(version);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  return versions;
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        clusters: { type: 'string' },
        objects: { type: 'string' },
        'azure-subscriptions': { type: 'string' },
        'clusters-per-subscription': { type: 'string' },
        out: { type: 'string' },
        'base-port': { type: 'string' },
        seed: { type: 'string' },
        'reconcile-delay-ms': { type: 'string' },
        'requeue-dependency': { type: 'string' },
        manifests: { type: 'string' },
        'flux-version': { type: 'string' },
        'flux-versions': { type: 'string' },
        'arm-latency-ms': { type: 'string' },
        unreachable: { type: 'string', multiple: true },
        source: { type: 'string', multiple: true },
        'ca-cert': { type: 'string' },
        'ca-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const str = (key: string): string | undefined => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const outDir = resolve(str('out') ?? '.sim');
  let sources;
  try {
    sources = parseSourceOptions(Array.isArray(values.source) ? values.source : [], process.cwd());
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const manifestsPath = str('manifests');
  const manifests = manifestsPath ? await readFile(resolve(manifestsPath), 'utf8') : undefined;
  const caCert = str('ca-cert');
  const caKey = str('ca-key');
  if ((caCert === undefined) !== (caKey === undefined)) {
    console.error(`--ca-cert and --ca-key go together\n\n${USAGE}`);
    process.exit(2);
  }
  const ca = caCert && caKey ? await CertificateAuthority.load(await readFile(resolve(caCert), 'utf8'), await readFile(resolve(caKey), 'utf8')) : undefined;
  const armLatencyMs = count('arm-latency-ms', str('arm-latency-ms'), 0);
  const fluxVersions = fluxReleases(str('flux-version'), str('flux-versions'));
  const clusters = count('clusters', str('clusters'), 3);
  const azureSubscriptions = count('azure-subscriptions', str('azure-subscriptions'), 0);
  const clustersPerSubscription = count('clusters-per-subscription', str('clusters-per-subscription'), 3);
  const firstPort = basePort(str('base-port'), clusters + azureSubscriptions * clustersPerSubscription);
  const requeueDependencyMs = requeueDependency(str('requeue-dependency'));
  const started = Date.now();
  const fleet = await startFleet({
    ...(ca ? { ca } : {}),
    clusters,
    objectsPerCluster: count('objects', str('objects'), 50),
    azureSubscriptions,
    clustersPerSubscription,
    ...(firstPort !== undefined ? { basePort: firstPort } : {}),
    seed: count('seed', str('seed'), 1),
    reconcileDelayMs: count('reconcile-delay-ms', str('reconcile-delay-ms'), 500),
    ...(requeueDependencyMs !== undefined ? { requeueDependencyMs } : {}),
    outDir,
    fluxVersions,
    ...(manifests ? { manifests } : {}),
    sources,
  });
  if (armLatencyMs > 0) fleet.azure?.faults.set({ latencyMs: armLatencyMs });
  const unreachable = Array.isArray(values.unreachable) ? values.unreachable : [];
  for (const target of unreachable) fleet.setUnreachable(target);
  const manifest = fleet.manifest();
  console.log(`Simulated fleet ready in ${Date.now() - started} ms`);
  console.log(`  clusters:  ${manifest.clusters.length} (${manifest.clusters[0]?.server ?? '-'}${manifest.clusters.length > 1 ? ' ...' : ''})`);
  if (unreachable.length > 0) console.log(`  unreachable from the simulated sources: ${unreachable.join(', ')}`);
  sources.forEach((source, index) => console.log(`  ${index === 0 ? 'sources:  ' : '          '} ${source.url} -> ${source.dir}`));
  if (manifest.azure) {
    const aks = manifest.azure.subscriptions.reduce((sum, subscription) => sum + subscription.cluster_count, 0);
    console.log(`  azure:     ${manifest.azure.subscriptions.length} subscriptions, ${aks} AKS clusters`);
    console.log(`             authority host ${manifest.azure.authority_host}, ARM ${manifest.azure.resource_manager_endpoint}`);
  }
  const perRelease = new Map<string, number>();
  for (const cluster of fleet.clusters.values()) perRelease.set(cluster.fluxRelease.version, (perRelease.get(cluster.fluxRelease.version) ?? 0) + 1);
  // Clusters start in parallel: sorted by version so the line does not depend on which came up first.
  const releases = [...perRelease].sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }));
  console.log(`  flux:      ${releases.map(([version, clusters]) => `${version} ×${clusters}`).join(', ')}`);
  if (requeueDependencyMs !== undefined) console.log(`  requeue:   an object whose dependsOn is not ready retries in ${manifest.requeue_dependency}`);
  console.log(`  CA:        ${manifest.ca_file}`);
  console.log(`  manifest:  ${resolve(outDir, 'manifest.json')}`);
  if (manifest.clusters[0]) console.log(`  try:       kubectl --kubeconfig ${manifest.clusters[0].kubeconfig} get kustomizations -A`);
  console.log('Serving until interrupted (Ctrl+C).');

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received, stopping the fleet...`);
    fleet.stop().then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('Failed to stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('Simulator failed to start:', error);
  process.exit(1);
});
