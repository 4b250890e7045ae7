import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ADMIN_TOKEN, VIEWER_TOKEN, VIEWER_WITHOUT_KUSTOMIZATION_LISTS, startKubeTestCluster, watchLateArrival, type KubeTestCluster } from './kube-test-cluster.js';

const KUSTOMIZATIONS = 'kustomize.toolkit.fluxcd.io/kustomizations';

describe('simulated API server driven by the installed kubectl', () => {
  let cluster: KubeTestCluster;

  // A cluster per test: each starts from the seeded objects, whatever the others created or changed.
  beforeEach(async () => {
    cluster = await startKubeTestCluster({
      authorization: VIEWER_WITHOUT_KUSTOMIZATION_LISTS,
    });
  });
  afterEach(async () => {
    await cluster?.close();
  });

  it('lists a Flux kind across namespaces', async () => {
    const result = await cluster.kubectl(['get', 'kustomizations', '-A']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 2).join('/'))).toEqual([
      'flux-system/apps',
      'flux-system/infra-configs',
      'flux-system/infra-controllers',
    ]);
  });

  it('resolves short names through discovery and prints YAML', async () => {
    const result = await cluster.kubectl(['get', 'ks', 'apps', '-n', 'flux-system', '-o', 'yaml']);
    expect(result.code).toBe(0);
    const object = parse(result.stdout) as { apiVersion: string; kind: string; metadata: { name: string; resourceVersion: string }; status: { conditions: { type: string; status: string }[] } };
    expect(object.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
    expect(object.kind).toBe('Kustomization');
    expect(object.metadata.name).toBe('apps');
    expect(object.status.conditions[0]).toMatchObject({ type: 'Ready', status: 'True' });
  });

  it('annotates an object with a merge patch (flux reconcile)', async () => {
    const requestedAt = '2025-06-01T12:00:00.000000000Z';
    const result = await cluster.kubectl(['annotate', '--overwrite', '-n', 'flux-system', 'kustomization/apps', `reconcile.fluxcd.io/requestedAt=${requestedAt}`]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('kustomization.kustomize.toolkit.fluxcd.io/apps annotated');
    const stored = cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'apps');
    expect(stored?.metadata.annotations?.['reconcile.fluxcd.io/requestedAt']).toBe(requestedAt);
    // An annotation is metadata: no new generation.
    expect(stored?.metadata.generation).toBe(1);
  });

  it('patches spec with --type merge and bumps the generation, keeping status', async () => {
    const result = await cluster.kubectl(['patch', 'kustomization', 'infra-controllers', '-n', 'flux-system', '--type', 'merge', '-p', '{"spec":{"suspend":true},"status":{"observedGeneration":99}}']);
    expect(result.stdout).toContain('patched');
    const stored = cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'infra-controllers');
    expect(stored?.spec?.suspend).toBe(true);
    expect(stored?.metadata.generation).toBe(2);
    expect(stored?.status?.observedGeneration).toBe(1);
  });

  it('streams changes with get --watch', async () => {
    const { output } = await watchLateArrival(cluster, ['-o', 'name']);
    expect(output).toContain('kustomization.kustomize.toolkit.fluxcd.io/apps');
    expect(output).toContain('kustomization.kustomize.toolkit.fluxcd.io/late-arrival');
  });

  it('ends get --watch at --request-timeout (the server honours kubectl\'s timeout parameter)', async () => {
    const result = await cluster.kubectl(['get', 'gitrepositories', '-n', 'flux-system', '--watch', '--request-timeout=1s', '-o', 'name']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('gitrepository.source.toolkit.fluxcd.io/flux-system');
  });

  it('reads pod logs, all and --tail', async () => {
    const pod = 'kustomize-controller-7d9f8b7c6d-abcde';
    const all = await cluster.kubectl(['logs', '-n', 'flux-system', pod]);
    expect(all.stdout.trim().split('\n')).toHaveLength(5);
    expect(all.stdout).toContain('{"level":"info","msg":"line 0"}');
    const tail = await cluster.kubectl(['logs', '-n', 'flux-system', pod, '--tail', '2', '-c', 'manager']);
    expect(tail.stdout.trim().split('\n')).toEqual(['{"level":"info","msg":"line 3"}', '{"level":"info","msg":"line 4"}']);
  });

  it('reads an init container\'s log, and names every container when none is chosen', async () => {
    const name = 'app-with-init';
    cluster.store.create('/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'apps' },
      spec: { containers: [{ name: 'app', image: 'example' }, { name: 'proxy', image: 'example' }], initContainers: [{ name: 'migrate', image: 'example' }] },
      status: { phase: 'Running' },
    });
    cluster.logs.append('apps', name, 'migrate', 'schema migrated');
    const init = await cluster.kubectl(['logs', '-n', 'apps', name, '-c', 'migrate']);
    expect(init.stdout.trim()).toBe('schema migrated');
    // kubectl itself picks the first container (and says so); the API answers 400 naming them all.
    const defaulted = await cluster.kubectl(['logs', '-n', 'apps', name]);
    expect(defaulted.stderr).toContain('Defaulted container "app" out of: app, proxy, migrate (init)');
    const unchosen = await cluster.kubectl(['get', '--raw', `/api/v1/namespaces/apps/pods/${name}/log`]);
    expect(unchosen.code).not.toBe(0);
    expect(unchosen.stderr).toContain('a container name must be specified for pod app-with-init, choose one of: [app proxy] or one of the init containers: [migrate]');
    const wrong = await cluster.kubectl(['logs', '-n', 'apps', name, '-c', 'nope']);
    expect(wrong.stderr).toContain('container nope is not valid for pod app-with-init');
  });

  it('scales a deployment through the scale subresource', async () => {
    const result = await cluster.kubectl(['scale', 'deployment', 'podinfo', '-n', 'apps', '--replicas', '5']);
    expect(result.stdout).toContain('deployment.apps/podinfo scaled');
    expect(cluster.store.get('apps/deployments', 'apps', 'podinfo')?.spec?.replicas).toBe(5);
    expect(cluster.server.counters.get('patch', 'deployments.apps/scale') + cluster.server.counters.get('update', 'deployments.apps/scale')).toBeGreaterThan(0);
  });

  it('restarts a rollout with a strategic merge patch', async () => {
    const result = await cluster.kubectl(['rollout', 'restart', 'deployment/podinfo', '-n', 'apps']);
    expect(result.stdout).toContain('deployment.apps/podinfo restarted');
    const template = cluster.store.get('apps/deployments', 'apps', 'podinfo')?.spec?.template as { metadata: { annotations?: Record<string, string>; labels: Record<string, string> } };
    expect(template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(template.metadata.labels).toEqual({ app: 'podinfo' });
  });

  it('lists the Flux CRDs with their served versions', async () => {
    const result = await cluster.kubectl(['get', 'crd', 'helmreleases.helm.toolkit.fluxcd.io', '-o', 'jsonpath={.spec.versions[*].name}']);
    expect(result.stdout).toBe('v2 v2beta2');
  });

  it('answers 401 for an unknown token', async () => {
    const result = await cluster.kubectl(['get', 'kustomizations', '-A'], { token: 'not-a-token' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('You must be logged in to the server');
  });

  it('answers 403 with the real forbidden message', async () => {
    const result = await cluster.kubectl(['get', 'kustomizations', '-A'], { token: VIEWER_TOKEN });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'kustomizations.kustomize.toolkit.fluxcd.io is forbidden: User "viewer" cannot list resource "kustomizations" in API group "kustomize.toolkit.fluxcd.io" at the cluster scope',
    );
    const allowed = await cluster.kubectl(['get', 'gitrepositories', '-n', 'flux-system', '-o', 'name'], { token: VIEWER_TOKEN });
    expect(allowed.stdout.trim()).toBe('gitrepository.source.toolkit.fluxcd.io/flux-system');
    const denied = await cluster.kubectl(['annotate', '-n', 'flux-system', 'gitrepository/flux-system', 'a=b'], { token: VIEWER_TOKEN });
    expect(denied.stderr).toContain('gitrepositories.source.toolkit.fluxcd.io "flux-system" is forbidden: User "viewer" cannot patch resource "gitrepositories" in API group "source.toolkit.fluxcd.io" in the namespace "flux-system"');
    expect(ADMIN_TOKEN).not.toBe(VIEWER_TOKEN);
  });
});
