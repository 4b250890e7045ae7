import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatedFluxCluster } from '../../src/flux/simulated-flux-cluster.js';
import type { SimulatedFluxCluster } from '../../src/flux/simulated-flux-cluster.js';
import { condition, KS, waitFor, waitForReady } from './flux-test-helpers.js';

const clusters: SimulatedFluxCluster[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const cluster of clusters.splice(0)) cluster.stop();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const REPOSITORY_URL = 'https://github.com/acme/local-fleet';

async function files(root: string, entries: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(entries)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

function kustomization(name: string, path: string, extra = ''): string {
  return `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: flux-system
spec:
  interval: 10m
  path: ${path}
  prune: true
  sourceRef:
    kind: GitRepository
    name: local
${extra}`;
}

describe('sources backed by a local directory', () => {
  it('builds each Kustomization path with kubectl kustomize, applies it with an inventory, prunes, and reports build errors', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sim-local-source-'));
    dirs.push(root);
    await files(root, {
      'apps/podinfo/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: podinfo\nresources:\n  - namespace.yaml\n  - deployment.yaml\nconfigMapGenerator:\n  - name: podinfo-settings\n    literals:\n      - color=blue\n',
      'apps/podinfo/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: podinfo\n',
      'apps/podinfo/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: podinfo\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: podinfo\n  template:\n    metadata:\n      labels:\n        app: podinfo\n    spec:\n      containers:\n        - name: podinfo\n          image: ghcr.io/stefanprodan/podinfo:6.7.1\n',
      'plain/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n',
      'plain/nested/config.yml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  a: "1"\n',
      'broken/kustomization.yaml': 'resources:\n  - does-not-exist.yaml\n',
    });
    const cluster = createSimulatedFluxCluster({
      clusterName: 'local',
      reconcileDelayMs: 5,
      timeScale: 0.001,
      sources: [{ url: `${REPOSITORY_URL}.git`, dir: root }],
      manifests: [
        `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: local\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: ${REPOSITORY_URL}\n  ref:\n    branch: main\n`,
        kustomization('podinfo', './apps/podinfo'),
        kustomization('web', './plain', '  targetNamespace: web\n'),
        kustomization('broken', './broken'),
        kustomization('missing', './nowhere'),
      ].join('---\n'),
    });
    clusters.push(cluster);
    const { store } = cluster;
    store.create('/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } });

    const podinfo = await waitForReady(store, KS, 'flux-system', 'podinfo', 'True', 'ReconciliationSucceeded', 15_000);
    const ids = (podinfo.status?.inventory as { entries: Array<{ id: string; v: string }> }).entries;
    const settings = ids.find((entry) => entry.id.startsWith('podinfo_podinfo-settings-'));
    expect(settings?.id).toMatch(/^podinfo_podinfo-settings-[a-z0-9]{10}__ConfigMap$/);
    expect(ids.map((entry) => entry.id)).toEqual(['_podinfo__Namespace', settings!.id, 'podinfo_podinfo_apps_Deployment'].sort());
    expect(ids.find((entry) => entry.id === 'podinfo_podinfo_apps_Deployment')?.v).toBe('v1');
    const deployment = store.get('apps/deployments', 'podinfo', 'podinfo');
    expect(deployment?.spec?.replicas).toBe(2);
    expect(deployment?.metadata.labels).toMatchObject({ 'kustomize.toolkit.fluxcd.io/name': 'podinfo', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' });

    const web = await waitForReady(store, KS, 'flux-system', 'web', 'True', undefined, 15_000);
    expect((web.status?.inventory as { entries: Array<{ id: string }> }).entries.map((entry) => entry.id)).toEqual(['web_web-config__ConfigMap', 'web_web__Service']);
    expect(store.get('/services', 'web', 'web')).toBeDefined();

    const broken = await waitForReady(store, KS, 'flux-system', 'broken', 'False', 'BuildFailed', 15_000);
    const buildError = condition(broken, 'Ready')?.message ?? '';
    expect(buildError).toMatch(/^kustomize build failed: accumulating resources: .*\/kustomization-[0-9a-f]{10}\/broken\/does-not-exist\.yaml/);
    expect(buildError).not.toContain(root);
    const missing = await waitForReady(store, KS, 'flux-system', 'missing', 'False', 'ArtifactFailed', 15_000);
    expect(condition(missing, 'Ready')?.message).toMatch(/^kustomization path not found: stat .*\/nowhere: no such file or directory$/);

    // A resource dropped from the directory is pruned on the next reconcile.
    await writeFile(join(root, 'apps/podinfo/kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: podinfo\nresources:\n  - namespace.yaml\n');
    cluster.simulator.requestReconcile({ groupResource: KS, namespace: 'flux-system', name: 'podinfo' }, 'after-edit');
    const pruned = await waitFor(() => {
      const object = store.get(KS, 'flux-system', 'podinfo');
      return object?.status?.lastHandledReconcileAt === 'after-edit' && condition(object, 'Ready')?.status === 'True' && object;
    }, 'podinfo rebuilt', 15_000);
    expect((pruned.status?.inventory as { entries: Array<{ id: string }> }).entries.map((entry) => entry.id)).toEqual(['_podinfo__Namespace']);
    expect(store.get('apps/deployments', 'podinfo', 'podinfo')).toBeUndefined();
  });
});
