import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { failingCli, kubectl, manifestOf, REPO_ROOT, startCli, stopAllClis, type RunningCli } from './cli-harness.js';

afterEach(stopAllClis);

const REPOSITORY_URL = 'https://github.com/acme/local-demo';
/** Relative on purpose: the CLI resolves it against its working directory, the repository root. */
const FIXTURE_DIR = 'sim/test/fleet/fixtures/local-source';
const FLUX_MANIFESTS = 'sim/test/fleet/fixtures/local-source-flux.yaml';

/** Waits with kubectl itself (a watch with a deadline) until the Kustomization is Ready, then returns its Ready condition. */
async function readyCondition(cli: RunningCli, kubeconfig: string): Promise<{ reason?: string; message?: string }> {
  await kubectl(cli, kubeconfig, ['wait', '--for=condition=Ready', 'kustomization/local-demo', '-n', 'flux-system', '--timeout=20s']);
  const kustomization = JSON.parse(await kubectl(cli, kubeconfig, ['get', 'kustomization/local-demo', '-n', 'flux-system', '-o', 'json'])) as {
    status?: { conditions?: Array<{ type: string; reason?: string; message?: string }> };
  };
  return kustomization.status?.conditions?.find((condition) => condition.type === 'Ready') ?? {};
}

/** The objects the fixture's ./deploy builds, as kubectl lists them, with their Flux labels and the Deployment's replicas. */
async function builtObjects(cli: RunningCli, kubeconfig: string): Promise<string[]> {
  const list = JSON.parse(await kubectl(cli, kubeconfig, ['get', 'configmap/demo-settings', 'deployment/demo', '-n', 'demo', '-o', 'json'])) as {
    items: Array<{ kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: { replicas?: number }; data?: Record<string, string> }>;
  };
  return list.items.map((item) => `${item.kind}/${item.metadata.name} ${item.metadata.labels?.['kustomize.toolkit.fluxcd.io/name'] ?? '-'} ${item.spec?.replicas ?? item.data?.greeting ?? ''}`);
}

describe('npm run sim --source URL=DIR', () => {
  it('builds a --manifests Kustomization from the mapped directory: Ready, objects applied, mapping printed and in manifest.json', async () => {
    const cli = await startCli(['--clusters', '2', '--objects', '5', '--manifests', FLUX_MANIFESTS, '--source', `${REPOSITORY_URL}=${FIXTURE_DIR}`]);
    const absolute = join(REPO_ROOT, FIXTURE_DIR);
    expect(cli.output()).toContain(`  sources:   ${REPOSITORY_URL} -> ${absolute}`);
    const manifest = await manifestOf(cli);
    expect(manifest.sources).toEqual([{ url: REPOSITORY_URL, dir: absolute }]);
    for (const cluster of manifest.clusters) {
      const ready = await readyCondition(cli, cluster.kubeconfig);
      expect(ready.reason).toBe('ReconciliationSucceeded');
      expect(ready.message).toMatch(/^Applied revision: main@sha1:[0-9a-f]{40}$/);
      expect(await builtObjects(cli, cluster.kubeconfig)).toEqual(['ConfigMap/demo-settings local-demo hello from a local source', 'Deployment/demo local-demo 2']);
    }
    }, 60_000);

  it('serves the mapping to AKS clusters too (what a URL serves is the same from every cluster)', async () => {
    const cli = await startCli(['--clusters', '0', '--azure-subscriptions', '1', '--clusters-per-subscription', '1', '--objects', '5', '--source', `${REPOSITORY_URL}.git=${FIXTURE_DIR}`]);
    const aks = (await manifestOf(cli)).azure?.subscriptions[0]?.clusters[0];
    expect(aks?.kubeconfig).toBeTruthy();
    // AKS clusters get no --manifests: apply the same GitRepository + Kustomization with kubectl.
    await kubectl(cli, aks!.kubeconfig, ['apply', '-f', join(REPO_ROOT, FLUX_MANIFESTS)]);
    expect((await readyCondition(cli, aks!.kubeconfig)).reason).toBe('ReconciliationSucceeded');
    expect(await builtObjects(cli, aks!.kubeconfig)).toHaveLength(2);
    }, 60_000);
});

describe('npm run sim refuses a bad --source', () => {
  it.each([
    ['without "="', `${REPOSITORY_URL}`, `--source needs URL=DIR, got "${REPOSITORY_URL}"`],
    ['without a directory', `${REPOSITORY_URL}=`, `--source needs URL=DIR, got "${REPOSITORY_URL}="`],
    ['with a directory that does not exist', `${REPOSITORY_URL}=sim/test/fleet/fixtures/nowhere`, `--source directory "sim/test/fleet/fixtures/nowhere" does not exist (${join(REPO_ROOT, 'sim/test/fleet/fixtures/nowhere')})`],
    ['with a file for a directory', `${REPOSITORY_URL}=${FLUX_MANIFESTS}`, `--source "${FLUX_MANIFESTS}" is not a directory (${join(REPO_ROOT, FLUX_MANIFESTS)})`],
    ['with a URL Flux does not fetch', `ftp://example.com/repo=${FIXTURE_DIR}`, '--source URL must be an http://, https://, ssh:// or oci:// URL with a host, got "ftp://example.com/repo"'],
    ['with a path for a URL', `github.com/acme/local-demo=${FIXTURE_DIR}`, '--source URL must be an http://, https://, ssh:// or oci:// URL with a host, got "github.com/acme/local-demo"'],
  ])('%s', async (_case, value, message) => {
    const failed = await failingCli(['--source', value]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain(`${message}\n\nUsage: npm run sim --`);
    expect(failed.stderr).toContain('--source URL=DIR');
  });

  it('mapping one URL twice', async () => {
    const failed = await failingCli(['--source', `${REPOSITORY_URL}=${FIXTURE_DIR}`, '--source', `${REPOSITORY_URL}.git/=${FIXTURE_DIR}`]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain(`--source maps ${REPOSITORY_URL}.git/ more than once\n\nUsage: npm run sim --`);
  });
});
