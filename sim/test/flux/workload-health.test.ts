import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/store/types.js';
import { startFluxApiCluster } from './flux-api-cluster.js';
import type { FluxApiCluster } from './flux-api-cluster.js';
import { condition, KS, waitFor, waitForReady } from './flux-test-helpers.js';

const REPOSITORY_URL = 'https://github.com/acme/workloads';
const clusters: FluxApiCluster[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(clusters.splice(0).map((cluster) => cluster.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function deployment(name: string, secret: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: app
          image: ghcr.io/example/app:1.0.0
          envFrom:
            - secretRef:
                name: ${secret}
`;
}

function kustomization(name: string, extra: string): string {
  return `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: flux-system
spec:
  interval: 10m
  path: ./${name}
  prune: true
  targetNamespace: apps
  sourceRef:
    kind: GitRepository
    name: workloads
${extra}`;
}

async function cluster(): Promise<FluxApiCluster> {
  const root = await mkdtemp(join(tmpdir(), 'sim-workloads-'));
  dirs.push(root);
  for (const name of ['waits', 'times-out', 'checks']) {
    await mkdir(join(root, name));
    await writeFile(join(root, name, 'deployment.yaml'), deployment(name, `${name}-secret`));
  }
  const api = await startFluxApiCluster({ localSources: [{ url: REPOSITORY_URL, dir: root }] });
  clusters.push(api);
  await api.create(`apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: workloads
  namespace: flux-system
spec:
  interval: 1h
  url: ${REPOSITORY_URL}
  ref:
    branch: main
`);
  return api;
}

function status(object: KubeObject): Record<string, unknown> {
  return (object.status ?? {}) as Record<string, unknown>;
}

describe('workload rollouts and Kustomization health checks', () => {
  it('keeps a wait: true Kustomization in progress until its Deployment rolls out, which needs its Secret', async () => {
    const api = await cluster();
    await api.create(kustomization('waits', '  wait: true\n  timeout: 1h\n'));
    const checking = await waitFor(() => {
      const object = api.store.get(KS, 'flux-system', 'waits');
      return condition(object, 'Healthy')?.status === 'Unknown' && object;
    }, 'health checks running');
    const revision = (api.store.get('source.toolkit.fluxcd.io/gitrepositories', 'flux-system', 'workloads')!.status?.artifact as { revision: string }).revision;
    expect(condition(checking, 'Reconciling')).toMatchObject({ status: 'True', reason: 'Progressing', message: `Running health checks for revision ${revision} with a timeout of 1h0m0s` });
    expect(condition(checking, 'Ready')?.status).toBe('Unknown');

    // The Deployment reports a rollout that cannot finish: its pods need a Secret that is not there.
    const rolling = await api.getJson('deployments', 'apps', 'waits');
    expect(status(rolling)).toMatchObject({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, unavailableReplicas: 2 });
    expect(status(rolling).readyReplicas).toBeUndefined();
    expect(condition(rolling, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });

    await api.run(['create', 'secret', 'generic', 'waits-secret', '-n', 'apps', '--from-literal=token=x']);
    const ready = await waitForReady(api.store, KS, 'flux-system', 'waits', 'True', 'ReconciliationSucceeded');
    expect(condition(ready, 'Healthy')).toMatchObject({ status: 'True', reason: 'Succeeded' });
    expect(condition(ready, 'Healthy')?.message).toMatch(/^Health check passed in /);
    expect(status(await api.getJson('deployments', 'apps', 'waits'))).toMatchObject({ observedGeneration: 1, replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 });
  });

  it('fails with HealthCheckFailed when the timeout passes first, and records the inventory', async () => {
    const api = await cluster();
    await api.create(kustomization('times-out', '  wait: true\n  timeout: 30s\n'));
    const failed = await waitForReady(api.store, KS, 'flux-system', 'times-out', 'False', 'HealthCheckFailed');
    expect(condition(failed, 'Ready')?.message).toBe("timeout waiting for: [Deployment/apps/times-out status: 'InProgress']");
    expect(condition(failed, 'Healthy')).toMatchObject({ status: 'False', reason: 'HealthCheckFailed' });
    expect((status(failed).inventory as { entries: Array<{ id: string }> }).entries.map((entry) => entry.id)).toEqual(['apps_times-out_apps_Deployment']);
  });

  it('checks only the spec.healthChecks objects without wait', async () => {
    const api = await cluster();
    await api.create(kustomization('checks', '  timeout: 30s\n  healthChecks:\n    - apiVersion: apps/v1\n      kind: Deployment\n      name: checks\n      namespace: apps\n    - apiVersion: apps/v1\n      kind: Deployment\n      name: absent\n      namespace: apps\n'));
    const failed = await waitForReady(api.store, KS, 'flux-system', 'checks', 'False', 'HealthCheckFailed');
    expect(condition(failed, 'Ready')?.message).toBe("timeout waiting for: [Deployment/apps/checks status: 'InProgress', Deployment/apps/absent status: 'NotFound']");
  });

  it('rolls out a Deployment created through the API', async () => {
    const api = await cluster();
    await api.run(['create', 'deployment', 'web', '-n', 'apps', '--image=nginx:1.27', '--replicas=3']);
    const rolled = await waitFor(() => {
      const object = api.store.get('apps/deployments', 'apps', 'web');
      return status(object ?? ({} as KubeObject)).readyReplicas === 3 && object;
    }, 'web rolled out');
    expect(condition(rolled, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    // A new generation rolls out again.
    await api.run(['scale', 'deployment', 'web', '-n', 'apps', '--replicas=1']);
    const scaled = await waitFor(() => {
      const object = api.store.get('apps/deployments', 'apps', 'web');
      const current = status(object ?? ({} as KubeObject));
      return current.observedGeneration === object?.metadata.generation && current.readyReplicas === 1 && object;
    }, 'web scaled');
    expect(status(scaled)).toMatchObject({ replicas: 1, availableReplicas: 1 });
  });
});
