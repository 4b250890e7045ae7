import { afterEach, describe, expect, it } from 'vitest';
import { MIXED_FLEET_FLUX_VERSIONS, findFluxRelease } from '../../src/flux/flux-releases.js';
import { failingCli, kubectl, manifestOf, startCli, stopAllClis } from './cli-harness.js';

afterEach(stopAllClis);

describe('npm run sim with Flux releases', () => {
  it('assigns --flux-versions round-robin and records each cluster\'s release in manifest.json', async () => {
    const cli = await startCli(['--clusters', '4', '--objects', '20', '--flux-versions', '2.2,2.6,2.9']);
    const manifest = await manifestOf(cli);
    expect(manifest.clusters.map((cluster) => [cluster.name, cluster.flux_version])).toEqual([
      ['cluster-001', 'v2.2.3'],
      ['cluster-002', 'v2.6.4'],
      ['cluster-003', 'v2.9.0'],
      ['cluster-004', 'v2.2.3'],
    ]);
    expect(cli.output()).toContain('flux:      v2.2.3 ×2, v2.6.4 ×1, v2.9.0 ×1');
    // The cluster is what the manifest says: kubectl sees Flux 2.2's HelmRelease API.
    const stdout = await kubectl(cli, manifest.clusters[0]!.kubeconfig, ['api-resources', '--api-group=helm.toolkit.fluxcd.io', '-o', 'wide']);
    expect(stdout).toContain('helm.toolkit.fluxcd.io/v2beta2');
    const exited = new Promise<number | null>((done) => cli.child.once('exit', done));
    cli.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('starts a mixed fleet by default', async () => {
    const cli = await startCli(['--clusters', '3', '--objects', '5']);
    const manifest = await manifestOf(cli);
    expect(manifest.clusters.map((cluster) => cluster.flux_version)).toEqual(MIXED_FLEET_FLUX_VERSIONS.slice(0, 3).map((version) => findFluxRelease(version).version));
    expect(new Set(manifest.clusters.map((cluster) => cluster.flux_version)).size).toBe(3);
  });

  it('refuses an unknown release, naming the known ones', async () => {
    const failed = await failingCli(['--flux-version', '2.6.1']);
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('unknown Flux release "2.6.1"');
    expect(failed?.stderr).toContain('2.9 (v2.9.0)');
  });
});
