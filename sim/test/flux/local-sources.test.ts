import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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

  it("applies the Kustomization's images, patches, name prefix/suffix, components, commonMetadata and postBuild variables", async () => {
    const root = await mkdtemp(join(tmpdir(), 'sim-local-source-'));
    dirs.push(root);
    await files(root, {
      'app/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n  - settings.yaml\n  - script.yaml\n',
      'app/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    tier: ${tier:=frontend}\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: web-app:1.0.0\n',
      'app/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  region: ${region:-unset}\n  cluster: ${cluster_name}\n  literal: $${kept}\n',
      'app/script.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: script\n  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\ndata:\n  run.sh: echo ${HOME}\n',
      'components/debug/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - target:\n      kind: ConfigMap\n      name: settings\n    patch: |\n      - op: add\n        path: /data/debug\n        value: "true"\n',
      'plain/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  a: "1"\n',
    });
    const cluster = createSimulatedFluxCluster({
      clusterName: 'overlay',
      reconcileDelayMs: 5,
      timeScale: 0.001,
      sources: [{ url: REPOSITORY_URL, dir: root }],
      manifests: [
        `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: local\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: ${REPOSITORY_URL}\n  ref:\n    branch: main\n`,
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-vars\n  namespace: flux-system\ndata:\n  cluster_name: prod-eu\n  replicas: "1"\n',
        kustomization(
          'web',
          './app',
          [
            '  targetNamespace: web',
            '  namePrefix: team-',
            '  nameSuffix: -v2',
            '  images:',
            '    - name: web-app',
            '      newName: registry.example.com/web',
            '      newTag: 2.0.0',
            '  patches:',
            '    - target:',
            '        kind: Deployment',
            '      patch: |',
            '        - op: add',
            '          path: /spec/template/spec/containers/0/env',
            '          value: [{ name: MODE, value: patched }]',
            '  components:',
            '    - ../components/debug',
            '  commonMetadata:',
            '    labels:',
            '      owner: platform',
            '    annotations:',
            '      team.example.com/contact: ops',
            '  postBuild:',
            '    substitute:',
            '      replicas: "3"',
            '    substituteFrom:',
            '      - kind: ConfigMap',
            '        name: cluster-vars',
            '      - kind: Secret',
            '        name: absent',
            '        optional: true',
            '',
          ].join('\n'),
        ),
        kustomization('plain', './plain', '  namePrefix: p-\n  targetNamespace: web\n'),
        kustomization('vars-missing', './plain', '  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: nowhere\n'),
      ].join('---\n'),
    });
    clusters.push(cluster);
    const { store } = cluster;
    store.create('/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } });

    const web = await waitForReady(store, KS, 'flux-system', 'web', 'True', 'ReconciliationSucceeded', 15_000);
    expect((web.status?.inventory as { entries: Array<{ id: string }> }).entries.map((entry) => entry.id)).toEqual([
      'web_team-script-v2__ConfigMap',
      'web_team-settings-v2__ConfigMap',
      'web_team-web-v2_apps_Deployment',
    ]);
    const deployment = store.get('apps/deployments', 'web', 'team-web-v2')!;
    const podSpec = (deployment.spec?.template as { spec: { containers: Array<{ image: string; env?: unknown }> } }).spec;
    expect(podSpec.containers[0]).toMatchObject({ image: 'registry.example.com/web:2.0.0', env: [{ name: 'MODE', value: 'patched' }] });
    // substitute wins over substituteFrom; ${var:=default} takes the default when unset.
    expect(deployment.spec?.replicas).toBe(3);
    expect(deployment.metadata.labels).toMatchObject({ tier: 'frontend', owner: 'platform', 'kustomize.toolkit.fluxcd.io/name': 'web' });
    expect(deployment.metadata.annotations).toMatchObject({ 'team.example.com/contact': 'ops' });
    // commonMetadata is metadata only: selectors stay as built.
    expect(deployment.spec?.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(store.get('/configmaps', 'web', 'team-settings-v2')?.data).toEqual({ region: 'unset', cluster: 'prod-eu', literal: '${kept}', debug: 'true' });
    expect(store.get('/configmaps', 'web', 'team-script-v2')?.data).toEqual({ 'run.sh': 'echo ${HOME}' });

    // A directory without kustomization.yaml gets the generated one too.
    await waitForReady(store, KS, 'flux-system', 'plain', 'True', undefined, 15_000);
    expect(store.get('/configmaps', 'web', 'p-plain')?.data).toEqual({ a: '1' });

    const missing = await waitForReady(store, KS, 'flux-system', 'vars-missing', 'False', 'BuildFailed', 15_000);
    expect(condition(missing, 'Ready')?.message).toBe('substitute from \'ConfigMap/nowhere\' error: configmaps "nowhere" not found');
  });

  it("installs this repository's deploy/flux Kustomization with its images override", async () => {
    const repository = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
    const manifests = await Promise.all(['deploy/flux/gitrepository.yaml', 'deploy/flux/kustomization.yaml'].map((file) => readFile(join(repository, file), 'utf8')));
    const cluster = createSimulatedFluxCluster({
      clusterName: 'self',
      reconcileDelayMs: 5,
      timeScale: 0.001,
      sources: [{ url: 'https://git.example.com/platform/flux-orchestrator.git', dir: repository }],
      manifests: manifests.join('---\n'),
    });
    clusters.push(cluster);
    const { store } = cluster;
    await waitFor(() => store.get('apps/deployments', 'flux-orchestrator', 'flux-orchestrator'), 'the Deployment applied', 15_000);
    const deployment = store.get('apps/deployments', 'flux-orchestrator', 'flux-orchestrator')!;
    const containers = (deployment.spec?.template as { spec: { containers: Array<{ image: string }> } }).spec.containers;
    expect(containers.map((container) => container.image)).toEqual(['registry.example.com/flux-orchestrator:0.1.0']);
  });
});
