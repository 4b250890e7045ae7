/**
 * Generates one simulated cluster's objects, deterministically from a seed: a realistic mix of
 * Flux objects (mostly Kustomizations, then HelmReleases and their sources, notification and
 * image automation objects, a FluxInstance and FluxReport), the namespaces and workloads they
 * point at, and the Flux controller Deployments and Pods in `flux-system`. Objects already carry
 * the status the simulated controllers would give them (failing ones already failed), so a
 * freshly started fleet shows a realistic picture and nothing needs reconciling at start.
 *
 * Everything follows the cluster's Flux release: objects are written at their kind's storage
 * version, kinds the release does not serve are not generated (no operator objects without the
 * Flux Operator, no ArtifactGenerator before 2.7), HelmReleases use `chartRef` only from 2.3 and
 * have the v2beta1 status shape on 2.0–2.1, and the controllers run the release's images.
 */
import type { KubeObject, ObjectStore } from '../store/types.js';
import { kubeTime } from './flux-conditions.js';
import { FAIL_MESSAGE_ANNOTATION, FAIL_REASON_ANNOTATION, FAIL_STALLED_ANNOTATION } from './flux-controller-simulator.js';
import { FLUX_KINDS } from './flux-kinds.js';
import { DEFAULT_FLUX_RELEASE, findFluxRelease, fluxDeploymentsOf, servedVersionsOf, storageApiVersion, type FluxRelease } from './flux-releases.js';
import { sha256Digest, sourceRevision } from './flux-revisions.js';
import { helmChartOf, reconciledStatus, STATIC_KINDS } from './flux-status-builders.js';
import { imageRepositoryRefOf, scannedTags, selectLatestTag } from './image-policy.js';
import type { ReconcileOutcome } from './flux-status-builders.js';
import { ociChartVersion } from './helm-release-source.js';
import { deploymentObject, inventoryId, namespaceObject, replicaSetHash, serviceObject } from './flux-workloads.js';
import type { InventoryEntry } from './flux-workloads.js';
import { resolveKind } from './kind-resolver.js';
import { holdsToolkitLease, leaderElectionLease } from './leader-election-leases.js';
import { helmReleaseV2beta1Status, withHelmReleaseInventory } from './release-shaped-status.js';
import { SeededRandom } from './seeded-random.js';

export interface GenerateClusterOptions {
  clusterName: string;
  /** Number of Flux objects to generate (workloads, namespaces, pods and events come on top). */
  objects: number;
  seed: number | string;
  /** Share of reconcilable Flux objects that are failing. Default 0.1. */
  failingShare?: number;
  /** Share of Kustomizations, HelmReleases and sources that are suspended. Default 0.05. */
  suspendedShare?: number;
  /** The cluster's Flux release (`2.6`, `v2.6.4`): kinds, versions and controllers. Default: the simulator's default release. */
  fluxVersion?: string;
  /** Reference time for status timestamps (same seed + same `now` → identical output). Default: now. */
  now?: Date;
}

const FLUX = 'flux-system';
/** Media type of a Helm chart layer in an OCI artifact (what an OCIRepository for a chart selects). */
const HELM_CHART_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

const APP_NAMES = [
  'podinfo', 'frontend', 'checkout', 'payments', 'catalog', 'search', 'orders', 'inventory', 'notifications', 'auth',
  'gateway', 'billing', 'reports', 'analytics', 'recommendations', 'cart', 'shipping', 'profile', 'media', 'webhooks',
];
const TENANTS = ['team-a', 'team-b', 'tenant-retail', 'tenant-data', 'tenant-platform'];
const CHARTS: ReadonlyArray<{ chart: string; repo: string; url: string; namespace: string }> = [
  { chart: 'ingress-nginx', repo: 'ingress-nginx', url: 'https://kubernetes.github.io/ingress-nginx', namespace: 'ingress-nginx' },
  { chart: 'cert-manager', repo: 'jetstack', url: 'https://charts.jetstack.io', namespace: 'cert-manager' },
  { chart: 'kube-prometheus-stack', repo: 'prometheus-community', url: 'https://prometheus-community.github.io/helm-charts', namespace: 'monitoring' },
  { chart: 'external-dns', repo: 'external-dns', url: 'https://kubernetes-sigs.github.io/external-dns', namespace: 'external-dns' },
  { chart: 'metrics-server', repo: 'metrics-server', url: 'https://kubernetes-sigs.github.io/metrics-server', namespace: 'kube-system' },
  { chart: 'sealed-secrets', repo: 'sealed-secrets', url: 'https://bitnami-labs.github.io/sealed-secrets', namespace: 'kube-system' },
  { chart: 'loki', repo: 'grafana', url: 'https://grafana.github.io/helm-charts', namespace: 'monitoring' },
  { chart: 'grafana', repo: 'grafana', url: 'https://grafana.github.io/helm-charts', namespace: 'monitoring' },
  { chart: 'redis', repo: 'bitnami', url: 'oci://registry-1.docker.io/bitnamicharts', namespace: 'redis' },
  { chart: 'podinfo', repo: 'podinfo', url: 'https://stefanprodan.github.io/podinfo', namespace: 'podinfo' },
];

/** Flux's reasons and messages for each kind's typical failures. */
const FAILURES: Record<string, ReadonlyArray<Omit<Extract<ReconcileOutcome, { ready: false }>, 'ready'>>> = {
  Kustomization: [
    { reason: 'BuildFailed', message: "kustomize build failed: accumulating resources: accumulation err='accumulating resources from './overlays/production': no such file or directory'" },
    { reason: 'HealthCheckFailed', message: "health check failed after 5m0s: timeout waiting for: [Deployment/{ns}/{name} status: 'InProgress']" },
    { reason: 'ReconciliationFailed', message: 'Deployment/{ns}/{name} dry-run failed: Deployment.apps "{name}" is invalid: spec.selector: Invalid value: field is immutable' },
  ],
  HelmRelease: [
    { reason: 'UpgradeFailed', message: 'Helm upgrade failed for release {ns}/{name} with chart {chart}: context deadline exceeded' },
    { reason: 'RetriesExceeded', message: 'Failed to upgrade after 3 attempt(s)', stalled: true },
  ],
  GitRepository: [
    { reason: 'GitOperationFailed', message: "failed to checkout and determine revision: unable to clone 'https://github.com/acme/{name}': authentication required" },
  ],
  OCIRepository: [{ reason: 'OCIArtifactPullFailed', message: 'failed to determine artifact digest: GET https://ghcr.io/v2/acme/manifests/{name}/manifests/latest: MANIFEST_UNKNOWN' }],
  HelmRepository: [{ reason: 'IndexationFailed', message: 'failed to fetch Helm repository index: failed to cache index to temporary file: failed to fetch {url}/index.yaml : 404 Not Found' }],
  HelmChart: [{ reason: 'ChartPullFailed', message: "invalid chart reference: failed to get chart version for remote reference: no '{name}' chart with version matching '>=99.0.0' found" }],
  ImageRepository: [{ reason: 'ReconciliationFailed', message: 'GET https://ghcr.io/token?scope=repository%3Aacme%2F{name}%3Apull: UNAUTHORIZED: authentication required' }],
  ImagePolicy: [{ reason: 'ReconciliationFailed', message: "version list argument cannot be empty: no tags found in ImageRepository '{name}'" }],
  ImageUpdateAutomation: [{ reason: 'GitOperationFailed', message: 'failed to push to remote: remote: Permission to acme/fleet.git denied' }],
  Receiver: [{ reason: 'TokenNotFound', message: "unable to read token from secret 'flux-system/webhook-token': secret not found" }],
  default: [{ reason: 'ReconciliationFailed', message: 'reconciliation failed: {name}' }],
};

interface Draft {
  object: KubeObject;
  /** Fails when generated (annotated so the simulator keeps it failing). */
  canFail: boolean;
  canSuspend: boolean;
}

class NameAllocator {
  private readonly used = new Set<string>();

  unique(scope: string, base: string): string {
    let name = base;
    for (let n = 2; this.used.has(`${scope}/${name}`); n += 1) name = `${base}-${n}`;
    this.used.add(`${scope}/${name}`);
    return name;
  }
}

function objectOf(apiVersion: string, kind: string, namespace: string | undefined, name: string, spec: Record<string, unknown>, labels?: Record<string, string>): KubeObject {
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}), generation: 1, ...(labels ? { labels } : {}) }, spec };
}

function fill(template: string, object: KubeObject): string {
  const spec = object.spec ?? {};
  return template
    .replaceAll('{name}', object.metadata.name)
    .replaceAll('{ns}', typeof spec.targetNamespace === 'string' ? spec.targetNamespace : (object.metadata.namespace ?? 'default'))
    .replaceAll('{chart}', object.kind === 'HelmRelease' ? `${helmChartOf(object).chartName}@${helmChartOf(object).chartVersion}` : '')
    .replaceAll('{url}', String(spec.url ?? ''));
}

/**
 * Builds the objects of one cluster. Same options (including `now`) → identical output.
 * Returned objects are plain and not yet stored; pass them to {@link seedCluster}.
 */
export function generateClusterObjects(options: GenerateClusterOptions): KubeObject[] {
  const random = new SeededRandom(`${options.seed}/${options.clusterName}`);
  const now = options.now ?? new Date();
  const release = options.fluxVersion ? findFluxRelease(options.fluxVersion) : DEFAULT_FLUX_RELEASE;
  const serves = (kind: string): boolean => servedVersionsOf(release, kind).length > 0;
  // Objects are written at their kind's storage version, as the API server stores them.
  const api = (kind: string): string => {
    const apiVersion = storageApiVersion(release, kind);
    if (!apiVersion) throw new Error(`Flux ${release.version} does not serve ${kind}`);
    return apiVersion;
  };
  const names = new NameAllocator();
  const drafts: Draft[] = [];
  const workloads: KubeObject[] = [];
  const namespaces = new Set<string>([FLUX]);
  const inventories = new Map<KubeObject, InventoryEntry[]>();
  const add = (object: KubeObject, canFail = true, canSuspend = true): KubeObject => {
    drafts.push({ object, canFail, canSuspend });
    return object;
  };
  const budget = Math.max(0, Math.floor(options.objects));
  const remaining = () => budget - drafts.length;
  // Slots kept for what is added after the weighted mix: the FluxReport (it counts everything
  // else) and, from Flux 2.7, ArtifactGenerator bundles (generator, its artifact, a consumer).
  const reportsStatus = serves('FluxReport');
  const artifactBundles = serves('ArtifactGenerator') && budget >= 20 ? 1 + Math.floor(budget / 150) : 0;
  const reserved = (reportsStatus ? 1 : 0) + ARTIFACT_BUNDLE_SIZE * artifactBundles;
  const room = () => remaining() - reserved;
  const fleetRepoUrl = `https://github.com/acme/fleet-infra`;

  // The core every Flux installation has: operator objects, the sync source and root Kustomizations.
  const core: Array<() => void> = [
    () => {
      if (serves('FluxInstance')) add(objectOf(api('FluxInstance'), 'FluxInstance', FLUX, 'flux', fluxInstanceSpec(release, options.clusterName)), false, false);
    },
    () => add(objectOf(api('GitRepository'), 'GitRepository', FLUX, names.unique('git', FLUX), { interval: '1m', url: fleetRepoUrl, ref: { branch: 'main' }, secretRef: { name: FLUX } }), false, false),
    () => add(objectOf(api('Kustomization'), 'Kustomization', FLUX, names.unique('ks', FLUX), { interval: '10m', path: `./clusters/${options.clusterName}`, prune: true, sourceRef: { kind: 'GitRepository', name: FLUX } }), false, false),
    () => add(objectOf(api('Kustomization'), 'Kustomization', FLUX, names.unique('ks', 'infrastructure'), { interval: '1h', retryInterval: '1m', path: './infrastructure', prune: true, wait: true, sourceRef: { kind: 'GitRepository', name: FLUX } }), false, false),
    () => add(objectOf(api('Kustomization'), 'Kustomization', FLUX, names.unique('ks', 'apps'), { interval: '10m', path: './apps/production', prune: true, dependsOn: [{ name: 'infrastructure' }], sourceRef: { kind: 'GitRepository', name: FLUX } }), false, false),
  ];
  for (const step of core) if (room() > 0) step();

  const helmRepositories = new Map<string, KubeObject>();
  const chartRepositories = new Map<string, KubeObject>();
  let imageAutomation: KubeObject | undefined;
  let provider: KubeObject | undefined;
  const units: Array<{ weight: number; size: number; build: () => void }> = [
    {
      weight: 45,
      size: 1,
      build: () => {
        const tenant = random.chance(0.3) ? random.pick(TENANTS) : undefined;
        const namespace = tenant ?? FLUX;
        const app = names.unique(`ks/${namespace}`, random.pick(APP_NAMES));
        const target = tenant ?? app;
        const ks = add(objectOf(api('Kustomization'), 'Kustomization', namespace, app, {
          interval: random.pick(['5m', '10m', '30m']),
          path: tenant ? `./tenants/${tenant}/${app}` : `./apps/production/${app}`,
          prune: true,
          targetNamespace: target,
          sourceRef: { kind: 'GitRepository', name: FLUX, namespace: FLUX },
          ...(random.chance(0.3) ? { dependsOn: [{ name: 'infrastructure', namespace: FLUX }] } : {}),
          ...(random.chance(0.4) ? { wait: true, timeout: '5m' } : {}),
        }));
        namespaces.add(target);
        const deployment = deploymentObject(target, app, { replicas: 1 + random.int(3), labels: { 'kustomize.toolkit.fluxcd.io/name': app, 'kustomize.toolkit.fluxcd.io/namespace': namespace } });
        const service = serviceObject(target, app);
        workloads.push(deployment, service);
        inventories.set(ks, [inventoryId(namespaceObject(target)), inventoryId(deployment), inventoryId(service)]);
      },
    },
    {
      weight: 16,
      size: 2,
      build: () => {
        const chart = random.pick(CHARTS);
        // From 2.3 an OCI chart is an OCIRepository the HelmRelease names in `chartRef`.
        const byChartRef = chart.url.startsWith('oci://') && release.features.helmReleaseChartRef;
        const known = byChartRef ? chartRepositories.get(chart.chart) : helmRepositories.get(chart.repo);
        if (!known && room() < 3) {
          units[0]!.build();
          return;
        }
        let repository = known;
        if (!repository && byChartRef) {
          repository = add(objectOf(api('OCIRepository'), 'OCIRepository', FLUX, names.unique('ocirepo', chart.chart), {
            interval: '1h',
            url: `${chart.url}/${chart.chart}`,
            ref: { semver: '*' },
            layerSelector: { mediaType: HELM_CHART_LAYER, operation: 'copy' },
          }));
          chartRepositories.set(chart.chart, repository);
        } else if (!repository) {
          const oci = chart.url.startsWith('oci://');
          repository = add(objectOf(api('HelmRepository'), 'HelmRepository', FLUX, names.unique('helmrepo', chart.repo), { interval: '1h', url: chart.url, ...(oci ? { type: 'oci' } : {}) }));
          helmRepositories.set(chart.repo, repository);
        }
        const name = names.unique(`hr/${FLUX}`, chart.chart);
        const version = random.chance(0.5) ? '*' : undefined;
        const helmRelease = add(objectOf(api('HelmRelease'), 'HelmRelease', FLUX, name, {
          interval: '30m',
          releaseName: name,
          targetNamespace: chart.namespace,
          install: { createNamespace: true, remediation: { retries: 3 } },
          upgrade: { remediation: { retries: 3, remediateLastFailure: true } },
          ...(byChartRef
            ? { chartRef: { kind: 'OCIRepository', name: repository.metadata.name } }
            : { chart: { spec: { chart: chart.chart, ...(version ? { version } : {}), sourceRef: { kind: 'HelmRepository', name: repository.metadata.name }, interval: '1h' } } }),
          values: { replicaCount: 1 + random.int(2) },
        }));
        namespaces.add(chart.namespace);
        const deployment = deploymentObject(chart.namespace, name, { labels: { 'app.kubernetes.io/managed-by': 'Helm', 'helm.toolkit.fluxcd.io/name': name, 'helm.toolkit.fluxcd.io/namespace': FLUX } });
        const service = serviceObject(chart.namespace, name);
        workloads.push(deployment, service);
        inventories.set(helmRelease, [inventoryId(deployment), inventoryId(service)]);
        if (repository.kind === 'HelmRepository' && repository.spec?.type !== 'oci') {
          add(objectOf(api('HelmChart'), 'HelmChart', FLUX, `${FLUX}-${name}`, { chart: chart.chart, version: version ?? '*', interval: '1h', reconcileStrategy: 'ChartVersion', sourceRef: { kind: 'HelmRepository', name: repository.metadata.name } }), true, false);
        }
      },
    },
    {
      weight: 7,
      size: 1,
      build: () => {
        const name = names.unique('git', random.pick(['platform-config', 'team-manifests', 'shared-policies', 'app-configs', 'tenants']));
        add(objectOf(api('GitRepository'), 'GitRepository', FLUX, name, { interval: random.pick(['1m', '5m']), url: `https://github.com/acme/${name}`, ref: random.chance(0.8) ? { branch: 'main' } : { tag: `v1.${random.int(9)}.${random.int(9)}` } }));
      },
    },
    {
      weight: 6,
      size: 2,
      build: () => {
        const app = names.unique(`ocirepo`, random.pick(APP_NAMES));
        add(objectOf(api('OCIRepository'), 'OCIRepository', FLUX, app, { interval: '5m', url: `oci://ghcr.io/acme/manifests/${app}`, ref: { tag: 'latest' } }));
        const ks = add(objectOf(api('Kustomization'), 'Kustomization', FLUX, names.unique(`ks/${FLUX}`, `${app}-oci`), { interval: '10m', path: './', prune: true, targetNamespace: app, sourceRef: { kind: 'OCIRepository', name: app } }));
        namespaces.add(app);
        const deployment = deploymentObject(app, app);
        workloads.push(deployment);
        inventories.set(ks, [inventoryId(namespaceObject(app)), inventoryId(deployment)]);
      },
    },
    {
      weight: 6,
      size: 1,
      build: () => {
        if (!provider) {
          provider = add(objectOf(api('Provider'), 'Provider', FLUX, names.unique('provider', random.pick(['slack', 'msteams', 'github'])), { type: 'slack', channel: 'flux-alerts', secretRef: { name: 'slack-webhook' } }), false, false);
          return;
        }
        add(objectOf(api('Alert'), 'Alert', FLUX, names.unique('alert', random.pick(['on-call', 'deployments', 'platform', 'security'])), {
          providerRef: { name: provider.metadata.name },
          eventSeverity: random.pick(['info', 'error']),
          eventSources: [{ kind: 'Kustomization', name: '*' }, { kind: 'HelmRelease', name: '*' }],
        }), false, false);
      },
    },
    {
      weight: 1,
      size: 1,
      build: () => {
        add(objectOf(api('Receiver'), 'Receiver', FLUX, names.unique('receiver', 'github-receiver'), {
          type: 'github', events: ['ping', 'push'], secretRef: { name: 'webhook-token' }, resources: [{ kind: 'GitRepository', name: FLUX }],
        }));
      },
    },
    {
      weight: 5,
      size: 2,
      build: () => {
        const app = names.unique('imagerepo', random.pick(APP_NAMES));
        add(objectOf(api('ImageRepository'), 'ImageRepository', FLUX, app, { image: `ghcr.io/acme/${app}`, interval: '5m' }));
        add(objectOf(api('ImagePolicy'), 'ImagePolicy', FLUX, app, { imageRepositoryRef: { name: app }, policy: { semver: { range: '>=1.0.0' } } }));
        if (!imageAutomation && room() >= 1) {
          imageAutomation = add(objectOf(api('ImageUpdateAutomation'), 'ImageUpdateAutomation', FLUX, 'flux-system', {
            interval: '30m',
            sourceRef: { kind: 'GitRepository', name: FLUX },
            git: { checkout: { ref: { branch: 'main' } }, commit: { author: { email: 'fluxcdbot@users.noreply.github.com', name: 'fluxcdbot' } }, push: { branch: 'main' } },
            update: { path: './apps', strategy: 'Setters' },
          }));
        }
      },
    },
    {
      weight: 1,
      size: 1,
      build: () => {
        // Without the operator's ResourceSet API, the same slot is an application Kustomization.
        if (!serves('ResourceSet')) {
          units[0]!.build();
          return;
        }
        add(objectOf(api('ResourceSet'), 'ResourceSet', FLUX, names.unique('rset', random.pick(['preview-envs', 'tenants', 'feature-branches'])), {
          inputs: [{ tenant: 'team-a' }, { tenant: 'team-b' }],
          resources: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: '<< inputs.tenant >>' } }],
        }));
      },
    },
  ];
  const totalWeight = units.reduce((sum, unit) => sum + unit.weight, 0);
  while (room() > 0) {
    let roll = random.next() * totalWeight;
    const unit = units.find((candidate) => (roll -= candidate.weight) < 0) ?? units[0]!;
    if (unit.size <= room()) unit.build();
    else units[0]!.build();
  }
  for (let bundle = 0; bundle < artifactBundles && remaining() >= ARTIFACT_BUNDLE_SIZE + (reportsStatus ? 1 : 0); bundle += 1) {
    const generated = artifactGeneratorBundle(names, random, api);
    for (const object of generated.objects) add(object);
    workloads.push(...generated.workloads);
    namespaces.add(generated.targetNamespace);
    inventories.set(generated.consumer, generated.inventory);
  }
  // The FluxReport comes last so it can count everything else.
  const reportSlot = reportsStatus && remaining() >= 1;

  finishDrafts(drafts, inventories, random, now, options, release);
  if (reportSlot) drafts.push({ object: fluxReport(drafts, release, options.clusterName, now), canFail: false, canSuspend: false });

  const system = fluxSystemObjects(release, random, now);
  const events = failureEvents(drafts, random, now);
  return [...[...namespaces].sort().map((name) => namespaceObject(name)), ...system, syncSecret(), ...workloads, ...drafts.map((draft) => draft.object), ...events];
}

/** The Secret `flux bootstrap` writes for the sync GitRepository's `secretRef` (placeholder values). */
function syncSecret(): KubeObject {
  const base64 = (text: string) => Buffer.from(text).toString('base64');
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: FLUX, namespace: FLUX }, type: 'Opaque', data: { username: base64('git'), password: base64('simulated') } };
}

const ARTIFACT_BUNDLE_SIZE = 3;

/**
 * Flux 2.7's source composition: an ArtifactGenerator (source-watcher) that builds an
 * ExternalArtifact from part of the fleet repository, and a Kustomization applying it.
 */
function artifactGeneratorBundle(names: NameAllocator, random: SeededRandom, api: (kind: string) => string): { objects: KubeObject[]; consumer: KubeObject; workloads: KubeObject[]; inventory: InventoryEntry[]; targetNamespace: string } {
  const app = names.unique('artifactgenerator', random.pick(APP_NAMES));
  const artifact = `${app}-manifests`;
  const generator = objectOf(api('ArtifactGenerator'), 'ArtifactGenerator', FLUX, app, {
    sources: [{ alias: 'fleet', kind: 'GitRepository', name: FLUX }],
    artifacts: [{ name: artifact, originRevision: '@fleet', copy: [{ from: `@fleet/components/${app}/**`, to: '@artifact/' }] }],
  });
  const external = objectOf(api('ExternalArtifact'), 'ExternalArtifact', FLUX, artifact, {
    sourceRef: { apiVersion: api('ArtifactGenerator'), kind: 'ArtifactGenerator', name: app, namespace: FLUX },
  });
  const consumer = objectOf(api('Kustomization'), 'Kustomization', FLUX, names.unique(`ks/${FLUX}`, artifact), {
    interval: '10m',
    path: './',
    prune: true,
    targetNamespace: app,
    sourceRef: { kind: 'ExternalArtifact', name: artifact },
  });
  const deployment = deploymentObject(app, app, { labels: { 'kustomize.toolkit.fluxcd.io/name': consumer.metadata.name, 'kustomize.toolkit.fluxcd.io/namespace': FLUX } });
  return { objects: [generator, external, consumer], consumer, workloads: [deployment], inventory: [inventoryId(namespaceObject(app)), inventoryId(deployment)], targetNamespace: app };
}

function fluxInstanceSpec(release: FluxRelease, clusterName: string): Record<string, unknown> {
  return {
    distribution: { version: `${release.minor}.x`, registry: 'ghcr.io/fluxcd', artifact: 'oci://ghcr.io/controlplaneio-fluxcd/flux-operator-manifests' },
    components: release.components.map((component) => component.name),
    cluster: { type: 'kubernetes', size: 'medium', multitenant: false, networkPolicy: true, domain: 'cluster.local' },
    sync: { kind: 'GitRepository', url: 'https://github.com/acme/fleet-infra', ref: 'refs/heads/main', path: `clusters/${clusterName}`, pullSecret: 'flux-system' },
  };
}

/** Chooses failing and suspended objects, then writes the status each would have by now. */
function finishDrafts(drafts: Draft[], inventories: Map<KubeObject, InventoryEntry[]>, random: SeededRandom, now: Date, options: GenerateClusterOptions, release: FluxRelease): void {
  const reconcilable = drafts.filter((draft) => !STATIC_KINDS.has(draft.object.kind));
  const failing = new Set(sample(reconcilable.filter((draft) => draft.canFail), Math.round(reconcilable.length * (options.failingShare ?? 0.1)), random));
  const suspendable = reconcilable.filter((draft) => draft.canSuspend && !failing.has(draft) && ['Kustomization', 'HelmRelease', 'GitRepository', 'OCIRepository', 'HelmRepository', 'ImageRepository', 'ImageUpdateAutomation'].includes(draft.object.kind));
  const suspended = new Set(sample(suspendable, Math.round(reconcilable.length * (options.suspendedShare ?? 0.05)), random));
  const revisions = new Map<string, string>();
  const byRef = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? FLUX}/${name}`;

  // Sources before their consumers, so Kustomizations apply the source's revision.
  const order = [...reconcilable].sort((a, b) => Number(isSource(b.object)) - Number(isSource(a.object)));
  for (const draft of order) {
    const { object } = draft;
    if (suspended.has(draft)) object.spec = { ...object.spec, suspend: true };
    const time = new Date(now.getTime() - random.int(3_600_000));
    const elapsedMs = 200 + random.int(4000);
    let revision = sourceRevision(object);
    const sourceRef = (object.spec?.sourceRef ?? undefined) as { kind?: string; name?: string; namespace?: string } | undefined;
    if (object.kind === 'Kustomization' && sourceRef?.kind && sourceRef.name) revision = revisions.get(byRef(sourceRef.kind, sourceRef.namespace ?? object.metadata.namespace, sourceRef.name));
    if (object.kind === 'HelmRelease') {
      // A chartRef to an OCIRepository installs what that source resolved (sources come first in this loop).
      const chartRef = object.spec?.chartRef as { kind?: string; name?: string; namespace?: string } | undefined;
      const sourceRevision = chartRef?.kind === 'OCIRepository' && chartRef.name ? revisions.get(byRef('OCIRepository', chartRef.namespace ?? object.metadata.namespace, chartRef.name)) : undefined;
      revision = sourceRevision ? ociChartVersion(sourceRevision).version : helmChartOf(object).chartVersion;
    }
    if (revision && isSource(object)) revisions.set(byRef(object.kind, object.metadata.namespace, object.metadata.name), revision);
    const inventory = object.kind === 'Kustomization' ? inventoryFor(object, drafts, inventories, release) : undefined;
    const observed = object.kind === 'ImagePolicy' ? generatedImagePolicyRef(object, drafts) : undefined;
    object.status = reconciledStatus(object, { now: time, elapsedMs, outcome: { ready: true }, revision, inventory, observed });
    if (failing.has(draft)) {
      const templates = FAILURES[object.kind] ?? FAILURES.default!;
      const template = random.pick(templates);
      const failure = { ready: false as const, reason: template.reason, message: fill(template.message, object), stalled: template.stalled };
      object.metadata.annotations = {
        ...object.metadata.annotations,
        [FAIL_REASON_ANNOTATION]: failure.reason,
        [FAIL_MESSAGE_ANNOTATION]: failure.message,
        ...(failure.stalled ? { [FAIL_STALLED_ANNOTATION]: 'true' } : {}),
      };
      // It worked before and broke on a later attempt, as most real failures do.
      const failedAt = new Date(Math.min(now.getTime(), time.getTime() + 60_000 + random.int(600_000)));
      const nextRevision = object.kind === 'Kustomization' && revision ? revision.replace(/[0-9a-f]{40}$/, sha256Digest(revision).slice(7, 47)) : revision;
      object.status = reconciledStatus(object, { now: failedAt, elapsedMs, outcome: failure, revision: nextRevision });
    }
    if (object.kind === 'HelmRelease') object.status = helmReleaseStatusIn(release, object.status, inventories.get(object));
  }
}

/** The `latestRef` a generated ImagePolicy selects from its generated ImageRepository's tags (as the controller simulator would). */
function generatedImagePolicyRef(policy: KubeObject, drafts: readonly Draft[]): Record<string, unknown> | undefined {
  const ref = imageRepositoryRefOf(policy);
  const repository = drafts.find(({ object }) => object.kind === 'ImageRepository' && object.metadata.name === ref.name && object.metadata.namespace === ref.namespace)?.object;
  if (!repository) return undefined;
  const selection = selectLatestTag(scannedTags(repository), policy.spec ?? {});
  return selection.ok ? { latestRef: { name: String(repository.spec?.image ?? ''), tag: selection.tag } } : undefined;
}

/** A HelmRelease's status in the release's shape (the builders write the newest one). */
function helmReleaseStatusIn(release: FluxRelease, status: Record<string, unknown>, inventory: InventoryEntry[] | undefined): Record<string, unknown> {
  if (servedVersionsOf(release, 'HelmRelease')[0] === 'v2beta1') return helmReleaseV2beta1Status(status);
  return release.features.helmReleaseInventory && inventory ? withHelmReleaseInventory(status, inventory) : status;
}

function isSource(object: KubeObject): boolean {
  return FLUX_KINDS.some((definition) => definition.kind === object.kind && definition.category === 'source');
}

function inventoryFor(ks: KubeObject, drafts: Draft[], inventories: Map<KubeObject, InventoryEntry[]>, release: FluxRelease): InventoryEntry[] {
  const own = inventories.get(ks);
  if (own) return own;
  const flux = (kinds: string[], exclude: string[] = []) =>
    drafts.filter((draft) => kinds.includes(draft.object.kind) && !exclude.includes(draft.object.metadata.name)).map((draft) => inventoryId(draft.object));
  const sorted = (entries: InventoryEntry[]) => entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  switch (ks.metadata.name) {
    case FLUX:
      return sorted([
        { id: `_${FLUX}__Namespace`, v: 'v1' },
        ...release.components.map((component) => ({ id: `${FLUX}_${component.name}_apps_Deployment`, v: 'v1' })),
        ...flux(['FluxInstance']),
        ...flux(['GitRepository']).filter((entry) => entry.id.startsWith(`${FLUX}_${FLUX}_`)),
        ...flux(['Kustomization']).filter((entry) => /^flux-system_(infrastructure|apps)_/.test(entry.id)),
      ]);
    case 'infrastructure':
      return sorted(flux(['HelmRepository', 'HelmRelease']));
    case 'apps':
      return sorted(flux(['Kustomization', 'OCIRepository', 'ArtifactGenerator', 'ImageRepository', 'ImagePolicy', 'ImageUpdateAutomation', 'Alert', 'Provider', 'Receiver'], [FLUX, 'infrastructure', 'apps']));
    default:
      return [];
  }
}

function sample<T>(items: readonly T[], count: number, random: SeededRandom): T[] {
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0) picked.push(pool.splice(random.int(pool.length), 1)[0]!);
  return picked;
}

/** The Flux Operator's report of the installation: distribution, components and per-kind stats. */
function fluxReport(drafts: Draft[], release: FluxRelease, clusterName: string, now: Date): KubeObject {
  const reconcilers = FLUX_KINDS.map((definition) => {
    const objects = drafts.filter((draft) => draft.object.kind === definition.kind).map((draft) => draft.object);
    const apiVersion = storageApiVersion(release, definition.kind);
    if (objects.length === 0 || !apiVersion) return undefined;
    const failing = objects.filter((object) => ((object.status?.conditions ?? []) as Array<{ type: string; status: string }>).some((c) => c.type === 'Ready' && c.status === 'False')).length;
    const suspended = objects.filter((object) => object.spec?.suspend === true).length;
    return { apiVersion, kind: definition.kind, stats: { running: objects.length - failing - suspended, failing, suspended } };
  }).filter((entry) => entry !== undefined);
  const sync = drafts.find((draft) => draft.object.kind === 'Kustomization' && draft.object.metadata.name === FLUX)?.object;
  const report = objectOf(storageApiVersion(release, 'FluxReport')!, 'FluxReport', FLUX, 'flux', {
    distribution: { entitlement: 'Issued by controlplane', managedBy: 'FluxInstance/flux-system/flux', status: 'Installed', version: release.version },
    ...(release.operator ? { operator: { apiVersion: storageApiVersion(release, 'FluxInstance'), version: release.operator.version, platform: 'linux/amd64' } } : {}),
    cluster: { platform: 'linux/amd64', serverVersion: 'v1.31.3', nodes: 3 },
    components: release.components.map((component) => ({
      name: component.name,
      image: `${component.image}:${component.version}@${sha256Digest(component.name)}`,
      ready: true,
      status: 'Current Deployment is available. Replicas: 1',
    })),
    reconcilers,
    ...(sync ? { sync: { id: `kustomization/${FLUX}`, path: `clusters/${clusterName}`, ready: true, source: 'https://github.com/acme/fleet-infra', status: String((sync.status?.conditions as Array<{ message: string }> | undefined)?.[0]?.message ?? '') } } : {}),
  });
  report.status = reconciledStatus(report, { now, elapsedMs: 120, outcome: { ready: true } });
  return report;
}

/**
 * The release's Deployments and Pods in flux-system, already running, and their leader-election
 * Leases. Flux's controllers carry the distribution version; the Flux Operator its own.
 */
function fluxSystemObjects(release: FluxRelease, random: SeededRandom, now: Date): KubeObject[] {
  const started = new Date(now.getTime() - 86_400_000 * (1 + random.int(20)));
  const startedAt = kubeTime(started);
  const objects: KubeObject[] = [];
  for (const component of fluxDeploymentsOf(release)) {
    const image = `${component.image}:${component.version}`;
    const labels: Record<string, string> =
      component === release.operator
        ? { app: component.name, 'app.kubernetes.io/name': component.name, 'app.kubernetes.io/instance': component.name, 'app.kubernetes.io/version': component.version }
        : { app: component.name, 'app.kubernetes.io/component': component.name, 'app.kubernetes.io/instance': FLUX, 'app.kubernetes.io/part-of': 'flux', 'app.kubernetes.io/version': release.version, 'control-plane': 'controller' };
    const deployment = deploymentObject(FLUX, component.name, { image, labels });
    deployment.spec = { ...deployment.spec, selector: { matchLabels: { app: component.name } }, template: { metadata: { labels: { app: component.name } }, spec: { serviceAccountName: component.name, containers: [{ name: 'manager', image, args: ['--events-addr=http://notification-controller.flux-system.svc.cluster.local./', '--watch-all-namespaces=true', '--log-level=info', '--log-encoding=json', '--enable-leader-election'] }] } } };
    const hash = replicaSetHash(component.name);
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${component.name}-${hash}-${random.hex(5)}`,
        namespace: FLUX,
        labels: { app: component.name, 'pod-template-hash': hash },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${component.name}-${hash}`, controller: true, blockOwnerDeletion: true }],
      },
      spec: { serviceAccountName: component.name, nodeName: `aks-system-${random.int(99999999).toString().padStart(8, '0')}-vmss000000`, containers: [{ name: 'manager', image }] },
      status: {
        phase: 'Running',
        podIP: `10.244.${random.int(255)}.${random.int(255)}`,
        startTime: startedAt,
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: startedAt }, { type: 'ContainersReady', status: 'True', lastTransitionTime: startedAt }],
        containerStatuses: [{ name: 'manager', image, imageID: `${image}@${sha256Digest(image)}`, ready: true, started: true, restartCount: 0, state: { running: { startedAt } } }],
      },
    };
    objects.push(deployment, pod);
    if (holdsToolkitLease(image)) objects.push(leaderElectionLease(FLUX, component.name, pod.metadata.name, started, now));
  }
  return objects;
}

/** One Warning event per failing object, as its controller recorded it. */
function failureEvents(drafts: Draft[], random: SeededRandom, now: Date): KubeObject[] {
  const events: KubeObject[] = [];
  for (const { object } of drafts) {
    const ready = ((object.status?.conditions ?? []) as Array<{ type: string; status: string; reason: string; message: string; lastTransitionTime: string }>).find((c) => c.type === 'Ready');
    if (ready?.status !== 'False') continue;
    const component = FLUX_DEPLOYMENT_NAMES.find((name) => name.startsWith(componentPrefix(object.kind))) ?? 'kustomize-controller';
    events.push({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${object.metadata.name}.${random.hex(16)}`, namespace: object.metadata.namespace ?? 'default' },
      involvedObject: { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace },
      reason: ready.reason,
      message: ready.message,
      type: 'Warning',
      source: { component },
      reportingComponent: component,
      reportingInstance: '',
      firstTimestamp: ready.lastTransitionTime,
      lastTimestamp: kubeTime(now),
      count: 1 + random.int(30),
      eventTime: null,
    });
  }
  return events;
}

const FLUX_DEPLOYMENT_NAMES = ['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller', 'image-reflector-controller', 'image-automation-controller', 'source-watcher', 'flux-operator'];

function componentPrefix(kind: string): string {
  if (kind === 'Kustomization') return 'kustomize';
  if (kind === 'HelmRelease') return 'helm';
  if (kind === 'ImageUpdateAutomation') return 'image-automation';
  if (kind === 'ArtifactGenerator') return 'source-watcher';
  if (kind.startsWith('Image')) return 'image-reflector';
  if (['Alert', 'Provider', 'Receiver'].includes(kind)) return 'notification';
  if (['FluxInstance', 'FluxReport', 'ResourceSet', 'ResourceSetInputProvider'].includes(kind)) return 'flux-operator';
  return 'source';
}

/**
 * Creates generated (or loaded) objects in a store: namespaces first, then everything else in
 * order; Events get their involved object's uid filled in. Objects that already exist are
 * skipped. Returns how many were created.
 */
export function seedCluster(store: ObjectStore, objects: readonly KubeObject[]): number {
  const ordered = [...objects].sort((a, b) => rank(a) - rank(b));
  let created = 0;
  for (const object of ordered) {
    const { groupResource } = resolveKind(object.apiVersion, object.kind);
    if (store.get(groupResource, object.metadata.namespace, object.metadata.name)) continue;
    let toCreate = object;
    const involved = object.involvedObject as { apiVersion?: string; kind?: string; name?: string; namespace?: string; uid?: string } | undefined;
    if (object.kind === 'Event' && involved?.apiVersion && involved.kind && involved.name && !involved.uid) {
      const target = store.get(resolveKind(involved.apiVersion, involved.kind).groupResource, involved.namespace, involved.name);
      if (target) toCreate = { ...object, involvedObject: { ...involved, uid: target.metadata.uid, resourceVersion: target.metadata.resourceVersion } };
    }
    store.create(groupResource, toCreate);
    created += 1;
  }
  return created;
}

function rank(object: KubeObject): number {
  if (object.kind === 'Namespace') return 0;
  if (object.kind === 'Event') return 2;
  return 1;
}
