/**
 * What `npm run demo` stages on top of the generated fleet, so that every fleet-depth view has
 * something true to show on the first clusters: a Kustomization waiting on a dependency that does
 * not exist (the graph's missing node), a failing health check whose Deployment really is not
 * rolled out, with crash-looping pods and their logs (the inventory tree, pod logs), and podinfo
 * at different chart versions across clusters (the fleet matrix). Everything goes through the
 * simulated clusters' stores; their simulated controllers then do what Flux would.
 */
import type { KubeObject, SimCluster } from '../sim/src/index.js';

const KUSTOMIZATIONS = 'kustomize.toolkit.fluxcd.io/kustomizations';
const HELM_RELEASES = 'helm.toolkit.fluxcd.io/helmreleases';
const DEPLOYMENTS = 'apps/deployments';
const PODS = '/pods';

/** Chart version ranges of podinfo on the second and third cluster (the first keeps the latest). */
const PODINFO_RANGES = ['6.5.x', '6.6.x'];

/** Stages the scenarios on the reachable clusters (taken by name); returns one line per scenario staged. */
export function stageDemoScenarios(clusters: readonly SimCluster[]): string[] {
  const staged: string[] = [];
  const [first, ...others] = [...clusters].sort((a, b) => a.name.localeCompare(b.name));
  if (!first) return staged;
  staged.push(missingDependency(first));
  // The first cluster (by name) whose generated fleet has a failing health check.
  for (const cluster of [first, ...others]) {
    const crashing = crashLoopingHealthCheck(cluster);
    if (!crashing) continue;
    staged.push(crashing);
    break;
  }
  others.slice(0, PODINFO_RANGES.length).forEach((cluster, index) => {
    const pinned = pinPodinfo(cluster, PODINFO_RANGES[index]!);
    if (pinned) staged.push(pinned);
  });
  return staged;
}

/** A Kustomization that depends on `infra-configs`, which nobody created: DependencyNotReady. */
function missingDependency(cluster: SimCluster): string {
  const object: KubeObject = {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'apps-production', namespace: 'flux-system', generation: 1 },
    spec: {
      interval: '10m',
      path: './apps/production',
      prune: true,
      wait: true,
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      dependsOn: [{ name: 'infra-configs' }],
    },
  };
  cluster.store.create(KUSTOMIZATIONS, object);
  return `${cluster.name}: Kustomization flux-system/apps-production depends on infra-configs, which does not exist`;
}

/**
 * The first Kustomization whose health check fails gets a Deployment that is really not rolled
 * out: no replica available, its progress deadline exceeded, and its pods in CrashLoopBackOff,
 * each with a log that says why.
 */
function crashLoopingHealthCheck(cluster: SimCluster): string | undefined {
  const kustomization = cluster.store
    .list(KUSTOMIZATIONS)
    .items.find((item) => item.metadata.annotations?.['sim.flux-orchestrator.dev/fail-reason'] === 'HealthCheckFailed');
  const entries = ((kustomization?.status?.inventory as { entries?: Array<{ id: string }> } | undefined)?.entries ?? []).map((entry) => entry.id);
  const deploymentId = entries.find((id) => id.endsWith('_apps_Deployment'));
  if (!kustomization || !deploymentId) return undefined;
  const [namespace, name] = deploymentId.split('_') as [string, string];
  const deployment = cluster.store.get(DEPLOYMENTS, namespace, name);
  if (!deployment) return undefined;
  const replicas = Number((deployment.spec as { replicas?: number }).replicas ?? 1);
  const template = (deployment.spec as { template: { metadata: { labels: Record<string, string> }; spec: { containers: Array<{ name: string; image: string }> } } }).template;
  const container = template.spec.containers[0]!;
  const replicaSet = `${name}-7c9f8d6b5`;
  cluster.store.updateStatus(DEPLOYMENTS, {
    ...deployment,
    status: {
      observedGeneration: deployment.metadata.generation ?? 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: 0,
      availableReplicas: 0,
      unavailableReplicas: replicas,
      conditions: [
        { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
        { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${replicaSet}" has timed out progressing.` },
      ],
    },
  });
  for (let index = 0; index < replicas; index += 1) {
    const podName = `${replicaSet}-${['x2k4p', 'q8m7z', 'h5n3w'][index % 3]}`;
    cluster.store.create(PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: podName, namespace, labels: { ...template.metadata.labels, 'pod-template-hash': '7c9f8d6b5' } },
      spec: { containers: [{ name: container.name, image: container.image }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${container.name}]` }],
        containerStatuses: [
          {
            name: container.name,
            image: container.image,
            ready: false,
            restartCount: 7 + index,
            state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${container.name} pod=${podName}` } },
            lastState: { terminated: { exitCode: 1, reason: 'Error' } },
          },
        ],
      },
    });
    for (const line of [
      `{"level":"info","msg":"starting ${name}","version":"1.0.0"}`,
      `{"level":"info","msg":"connecting to database","host":"postgres.${namespace}.svc:5432"}`,
      `{"level":"error","msg":"database connection failed: password authentication failed for user \\"${name}\\"","exit":1}`,
    ]) {
      cluster.logs.append(namespace, podName, container.name, line);
    }
  }
  return `${cluster.name}: Kustomization ${kustomization.metadata.namespace}/${kustomization.metadata.name} fails its health check; Deployment ${namespace}/${name} has ${replicas} pods in CrashLoopBackOff`;
}

/** podinfo's HelmRelease pinned to a chart version range: the matrix shows who runs which. */
function pinPodinfo(cluster: SimCluster, range: string): string | undefined {
  const release = cluster.store.list(HELM_RELEASES).items.find((item) => item.metadata.name === 'podinfo');
  const chartSpec = (release?.spec as { chart?: { spec?: Record<string, unknown> } } | undefined)?.chart?.spec;
  if (!release || !chartSpec) return undefined;
  const changed = structuredClone(release);
  (changed.spec as { chart: { spec: Record<string, unknown> } }).chart.spec.version = range;
  cluster.store.update(HELM_RELEASES, changed, { preserveStatus: true });
  return `${cluster.name}: HelmRelease ${release.metadata.namespace}/podinfo pinned to chart ${range}`;
}
