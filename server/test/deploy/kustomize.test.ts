import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatedCluster, type SimulatedCluster } from '@flux-orchestrator/sim/testing';
import { sharedTestCa } from '../support/shared-ca.js';

/**
 * The install manifests as CI sees them: every overlay rendered by `kubectl kustomize` and sent
 * to a simulated API server with `kubectl apply --dry-run=server`, which validates each object
 * as kube-apiserver does and stores nothing.
 */
const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const OVERLAYS = ['single-sqlite', 'replicas-postgres'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** kubectl, asynchronously (the simulated API server runs in this process). */
function kubectl(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec?: Record<string, unknown> };

async function render(dir: string): Promise<{ text: string; docs: Doc[] }> {
  const run = await kubectl(['kustomize', dir]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return { text: run.stdout, docs: yaml.loadAll(run.stdout) as Doc[] };
}

describe('install manifests: kustomize render and server-side dry run', () => {
  let cluster: SimulatedCluster;
  let kubeconfig: string;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fo-deploy-'));

  beforeAll(async () => {
    cluster = await startSimulatedCluster(await sharedTestCa(), 'install-target');
    kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, cluster.kubeconfig());
    // As on a real API server, a server-side dry run creates nothing, so the objects of a namespace
    // the same dry run would create are refused (namespace not found). The namespace is applied
    // for real first, as `kubectl apply -k` would have done on the first install.
    const namespace = await kubectl(['--kubeconfig', kubeconfig, 'apply', '-f', path.join(repoRoot, 'deploy/kustomize/overlays/single-sqlite/namespace.yaml')]);
    expect(namespace.stderr).toBe('');
  });
  afterAll(async () => {
    await cluster?.server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Applies with --dry-run=server; checks every object was accepted and that none was stored. */
  async function dryRunAccepts(text: string, docs: Doc[]): Promise<void> {
    const before = cluster.server.store.size();
    const applied = await kubectl(['--kubeconfig', kubeconfig, 'apply', '--dry-run=server', '-f', '-'], text);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const lines = applied.stdout.trim().split('\n');
    expect(lines).toHaveLength(docs.length);
    for (const line of lines) expect(line).toMatch(/ (created|configured|unchanged) \(server dry run\)$/);
    expect(cluster.server.store.size()).toBe(before);
    const found = await kubectl(['--kubeconfig', kubeconfig, 'get', '-f', '-', '--ignore-not-found', '-o', 'name'], text);
    expect(found.stderr).toBe('');
    // flux-system exists in every simulated cluster, flux-orchestrator was applied first; nothing else of the install exists.
    expect(found.stdout.trim().split('\n').filter((name) => name && name !== 'namespace/flux-system' && name !== 'namespace/flux-orchestrator')).toEqual([]);
  }

  for (const overlay of OVERLAYS) {
    it(`renders overlays/${overlay} and the API server accepts every object without storing it`, async () => {
      const { text, docs } = await render(path.join(repoRoot, 'deploy/kustomize/overlays', overlay));
      expect(docs.map((doc) => doc.kind)).toEqual(expect.arrayContaining(['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Service', 'Deployment', 'PodDisruptionBudget']));
      await dryRunAccepts(text, docs);
    });
  }

  it('keeps the pod locked down and every secret in a Secret, in every overlay', async () => {
    for (const overlay of OVERLAYS) {
      const { text, docs } = await render(path.join(repoRoot, 'deploy/kustomize/overlays', overlay));
      const deployment = docs.find((doc) => doc.kind === 'Deployment')!;
      const pod = (deployment.spec!.template as { spec: Record<string, any> }).spec; // eslint-disable-line @typescript-eslint/no-explicit-any
      const container = pod.containers[0];
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(container.volumeMounts).toEqual(expect.arrayContaining([{ name: 'tmp', mountPath: '/tmp' }]));
      expect([container.livenessProbe.httpGet.path, container.readinessProbe.httpGet.path]).toEqual(['/healthz', '/readyz']);
      expect(container.resources.requests).toBeDefined();
      expect(container.resources.limits).toBeDefined();
      const secretEnv = (container.env as { name: string; value?: string; valueFrom?: { secretKeyRef?: unknown } }[]).filter((entry) => ['DATABASE_URL', 'ENCRYPTION_KEY', 'OIDC_CLIENT_SECRET'].includes(entry.name));
      for (const entry of secretEnv) expect(entry).toMatchObject({ valueFrom: { secretKeyRef: expect.any(Object) } });
      expect(docs.some((doc) => doc.kind === 'Secret')).toBe(false);
      expect(text).not.toMatch(/ENCRYPTION_KEY=|DATABASE_URL=/);
      if (overlay === 'single-sqlite') {
        expect(deployment.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
        expect(pod.volumes).toEqual(expect.arrayContaining([{ name: 'data', persistentVolumeClaim: { claimName: 'flux-orchestrator-data' } }]));
      } else {
        expect(deployment.spec).toMatchObject({ replicas: 3 });
        expect(secretEnv.map((entry) => entry.name)).toContain('DATABASE_URL');
      }
    }
  });

  /** An overlay with one of deploy/kustomize/components added, as a user's own overlay would. */
  async function renderWithComponent(name: string): Promise<{ text: string; docs: Doc[] }> {
    const combined = path.join(dir, `with-${name}`);
    rmSync(combined, { recursive: true, force: true });
    const overlay = path.join(repoRoot, 'deploy/kustomize/overlays/single-sqlite');
    const component = path.join(repoRoot, 'deploy/kustomize/components', name);
    mkdirSync(combined, { recursive: true });
    writeFileSync(
      path.join(combined, 'kustomization.yaml'),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${path.relative(combined, overlay)}\ncomponents:\n  - ${path.relative(combined, component)}\n`,
    );
    return render(combined);
  }

  type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
  const grants = (rules: Rule[], group: string, resource: string, verb: string) =>
    rules.some((rule) => rule.apiGroups.includes(group) && rule.resources.includes(resource) && rule.verbs.includes(verb));

  it('grants workload actions only with the workload-actions component, which the API server accepts', async () => {
    const { docs: plain } = await render(path.join(repoRoot, 'deploy/kustomize/overlays/single-sqlite'));
    const baseRules = (plain.find((doc) => doc.kind === 'ClusterRole') as Doc & { rules: Rule[] }).rules;
    expect(grants(baseRules, 'kustomize.toolkit.fluxcd.io', 'kustomizations', 'patch')).toBe(true);
    for (const [group, resource, verb] of [['apps', 'deployments', 'patch'], ['apps', 'deployments/scale', 'patch'], ['', 'pods', 'delete'], ['', 'secrets', 'get']] as const) {
      expect(grants(baseRules, group, resource, verb), `${verb} ${resource}`).toBe(false);
    }

    const { text, docs } = await renderWithComponent('workload-actions');
    const roles = docs.filter((doc) => doc.kind === 'ClusterRole') as Array<Doc & { rules: Rule[] }>;
    const allRules = roles.flatMap((role) => role.rules);
    for (const [group, resource, verb] of [['apps', 'deployments', 'patch'], ['apps', 'statefulsets/scale', 'patch'], ['', 'pods', 'delete']] as const) {
      expect(grants(allRules, group, resource, verb), `${verb} ${resource}`).toBe(true);
    }
    const binding = docs.find((doc) => doc.kind === 'ClusterRoleBinding' && doc.metadata.name === 'flux-orchestrator-workload-actions') as Doc & { subjects: unknown[] };
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'flux-orchestrator', namespace: 'flux-orchestrator' }]);
    await dryRunAccepts(text, docs);
  });

  it('renders the Azure workload identity component onto an overlay, and the API server accepts it', async () => {
    const { text, docs } = await renderWithComponent('azure-workload-identity');
    const account = docs.find((doc) => doc.kind === 'ServiceAccount') as Doc & { metadata: { annotations?: Record<string, string> } };
    expect(account.metadata.annotations?.['azure.workload.identity/client-id']).toBeDefined();
    const deployment = docs.find((doc) => doc.kind === 'Deployment')!;
    expect((deployment.spec!.template as { metadata: { labels: Record<string, string> } }).metadata.labels['azure.workload.identity/use']).toBe('true');
    await dryRunAccepts(text, docs);
  });

  it('accepts the Flux GitRepository and Kustomization of deploy/flux, whose path is an overlay', async () => {
    const files = readdirSync(path.join(repoRoot, 'deploy/flux')).filter((name) => name.endsWith('.yaml'));
    const text = files.map((name) => readFileSync(path.join(repoRoot, 'deploy/flux', name), 'utf8')).join('\n---\n');
    const docs = (yaml.loadAll(text) as Doc[]).filter(Boolean);
    expect(docs.map((doc) => doc.kind).sort()).toEqual(['GitRepository', 'Kustomization']);
    const kustomization = docs.find((doc) => doc.kind === 'Kustomization')!;
    expect(OVERLAYS.map((overlay) => `./deploy/kustomize/overlays/${overlay}`)).toContain(kustomization.spec!.path);
    expect(kustomization.spec!.targetNamespace).toBe('flux-orchestrator');
    await dryRunAccepts(text, docs);
  });

  it('refuses broken manifests (the dry run is not a rubber stamp) and stores nothing', async () => {
    const { docs } = await render(path.join(repoRoot, 'deploy/kustomize/overlays/single-sqlite'));
    const before = cluster.server.store.size();
    const deployment = structuredClone(docs.find((doc) => doc.kind === 'Deployment')!) as Doc & { spec: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    deployment.spec.template.metadata.labels = { 'app.kubernetes.io/name': 'someone-else' };
    deployment.spec.template.spec.containers[0].volumeMounts.push({ name: 'missing-volume', mountPath: '/missing' });
    const badSelector = await kubectl(['--kubeconfig', kubeconfig, 'apply', '--dry-run=server', '-f', '-'], yaml.dump(deployment));
    expect(badSelector.code).not.toBe(0);
    expect(badSelector.stderr).toContain('`selector` does not match template `labels`');
    expect(badSelector.stderr).toContain('volumeMounts[2].name: Not found: "missing-volume"');

    const pdb = structuredClone(docs.find((doc) => doc.kind === 'PodDisruptionBudget')!) as Doc & { spec: Record<string, unknown> };
    pdb.spec.minAvailable = 1;
    const badBudget = await kubectl(['--kubeconfig', kubeconfig, 'apply', '--dry-run=server', '-f', '-'], yaml.dump(pdb));
    expect(badBudget.code).not.toBe(0);
    expect(badBudget.stderr).toContain('minAvailable and maxUnavailable cannot be both set');

    const flux = yaml.load(readFileSync(path.join(repoRoot, 'deploy/flux/kustomization.yaml'), 'utf8')) as Doc & { spec: Record<string, unknown> };
    delete flux.spec.sourceRef;
    const badKustomization = await kubectl(['--kubeconfig', kubeconfig, 'apply', '--dry-run=server', '-f', '-'], yaml.dump(flux));
    expect(badKustomization.code).not.toBe(0);
    expect(badKustomization.stderr).toContain('spec.sourceRef');
    expect(cluster.server.store.size()).toBe(before);
  });
});
