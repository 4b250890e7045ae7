import { describe, expect, it } from 'vitest';
import { gitCheckoutRef, ociArtifactTag, resolveChartVersion, sourceRevision } from '../../src/flux/flux-revisions.js';
import { DEFAULT_VERSIONS, publishedChartVersions, publishedGitTags, publishedImageTags, publishedOciTags, resolveVersion } from '../../src/flux/published-artifacts.js';
import type { KubeObject } from '../../src/store/types.js';

const PODINFO_HELM = 'https://stefanprodan.github.io/podinfo';
const PODINFO_OCI_CHART = 'oci://ghcr.io/stefanprodan/charts/podinfo';

function source(kind: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'source.toolkit.fluxcd.io/v1', kind, metadata: { name: 'app', namespace: 'flux-system', generation: 1 }, spec };
}

describe('published artifacts', () => {
  it('lists podinfo where it is published, the default list for unknown URLs, nothing for a chart a known repository lacks', () => {
    expect(publishedChartVersions(PODINFO_HELM, 'podinfo')).toContain('6.7.1');
    expect(publishedChartVersions(`${PODINFO_HELM}/`, 'podinfo')).toContain('6.5.4');
    expect(publishedChartVersions(PODINFO_HELM, 'nginx')).toBeUndefined();
    expect(publishedChartVersions('https://charts.example.com', 'anything')).toBe(DEFAULT_VERSIONS);
    expect(publishedOciTags(PODINFO_OCI_CHART)).toContain('6.7.1');
    expect(publishedOciTags('oci://ghcr.io/stefanprodan/manifests/podinfo')).toContain('latest');
    expect(publishedOciTags('oci://registry.example.com/app')).toEqual(expect.arrayContaining(['3.2.1', 'latest']));
    expect(publishedGitTags('https://github.com/example/app')).toContain('v3.2.1');
  });

  it('resolves ranges to the highest match, as Flux does', () => {
    expect(resolveVersion(DEFAULT_VERSIONS, '>= 1.8.0')).toEqual({ ok: true, version: '3.2.1' });
    expect(resolveVersion(DEFAULT_VERSIONS, '*')).toEqual({ ok: true, version: '3.2.1' });
    expect(resolveVersion(DEFAULT_VERSIONS, '2.x')).toEqual({ ok: true, version: '2.2.1' });
    expect(resolveVersion(DEFAULT_VERSIONS, '1.1.x')).toEqual({ ok: true, version: '1.1.1' });
    expect(resolveVersion(DEFAULT_VERSIONS, '~3.1.0')).toEqual({ ok: true, version: '3.1.1' });
    expect(resolveVersion(DEFAULT_VERSIONS, '^1.0.0')).toEqual({ ok: true, version: '1.2.1' });
    // Masterminds' comma between comparators means AND.
    expect(resolveVersion(DEFAULT_VERSIONS, '>=2.0.0, <3.0.0')).toEqual({ ok: true, version: '2.2.1' });
    expect(resolveVersion(DEFAULT_VERSIONS, '3.1.0')).toEqual({ ok: true, version: '3.1.0' });
  });

  it('includes prereleases only when the range names one', () => {
    expect(resolveVersion(DEFAULT_VERSIONS, '>=3.2.1')).toEqual({ ok: true, version: '3.2.1' });
    expect(resolveVersion(DEFAULT_VERSIONS, '>=3.2.1-0')).toEqual({ ok: true, version: '4.0.0-rc.1' });
    expect(resolveVersion(['1.0.0-rc.1', '1.0.0-rc.2'], '*')).toEqual({ ok: false, invalid: false, message: 'no match found for semver: *' });
  });

  it('keeps the published spelling (v prefix) and applies a tag filter first', () => {
    expect(resolveVersion(publishedGitTags('https://github.com/example/app'), '>=1.0.0 <2.0.0')).toEqual({ ok: true, version: 'v1.2.1' });
    expect(resolveVersion(['1.0.0', '1.1.0', '2.0.0-rc.1', '2.0.0'], '>=1.0.0-0', '^\\d+\\.\\d+\\.\\d+-rc')).toEqual({ ok: true, version: '2.0.0-rc.1' });
  });

  it('says why nothing resolved: no match, or an improper constraint', () => {
    expect(resolveVersion(DEFAULT_VERSIONS, '>=99')).toEqual({ ok: false, invalid: false, message: 'no match found for semver: >=99' });
    expect(resolveVersion(DEFAULT_VERSIONS, 'not a range')).toMatchObject({ ok: false, invalid: true });
    expect(resolveVersion(DEFAULT_VERSIONS, '>=1.0.0', '(')).toMatchObject({ ok: false, invalid: true });
  });

  it('resolves source refs into the revisions source-controller writes', () => {
    expect(ociArtifactTag(source('OCIRepository', { url: PODINFO_OCI_CHART, ref: { semver: '>= 6.0.0 <6.5.0' } }))).toEqual({ ok: true, name: '6.4.1' });
    expect(sourceRevision(source('OCIRepository', { url: PODINFO_OCI_CHART, ref: { semver: '>= 1.8.0' } }))).toMatch(/^6\.7\.1@sha256:[0-9a-f]{64}$/);
    expect(sourceRevision(source('OCIRepository', { url: PODINFO_OCI_CHART, ref: { digest: `sha256:${'a'.repeat(64)}` } }))).toBe(`sha256:${'a'.repeat(64)}`);
    expect(gitCheckoutRef(source('GitRepository', { url: 'https://github.com/example/app', ref: { semver: '2.x' } }))).toEqual({ ok: true, name: 'v2.2.1' });
    expect(sourceRevision(source('GitRepository', { url: 'https://github.com/example/app', ref: { semver: '2.x' } }))).toMatch(/^v2\.2\.1@sha1:[0-9a-f]{40}$/);
    expect(sourceRevision(source('GitRepository', { url: 'https://github.com/example/app', ref: { branch: 'main' } }))).toMatch(/^main@sha1:/);
    expect(ociArtifactTag(source('OCIRepository', { url: PODINFO_OCI_CHART, ref: { semver: '>=99' } }))).toEqual({ ok: false, invalid: false, message: 'no match found for semver: >=99' });
  });

  it('resolves the generator charts by name to their latest stable version', () => {
    expect(resolveChartVersion('podinfo', undefined)).toBe('6.7.1');
    expect(resolveChartVersion('podinfo', '6.5.x')).toBe('6.5.4');
    expect(resolveChartVersion('ingress-nginx', '*')).toBe('4.11.3');
    expect(resolveChartVersion('cert-manager', '*')).toBe('v1.16.1');
    expect(resolveChartVersion('redis', undefined)).toBe('20.2.1');
    expect(resolveChartVersion('unknown-chart', undefined)).toBe('3.2.1');
  });

  it('gives the public Flux examples\' charts, images and repositories lists of their own, consistent across chart, image and Git', () => {
    // cert-manager, by its Helm repository or its OCI chart, never gets the generic list.
    expect(resolveVersion(publishedChartVersions('https://charts.jetstack.io', 'cert-manager')!, '1.x')).toEqual({ ok: true, version: 'v1.16.1' });
    expect(resolveVersion(publishedOciTags('oci://quay.io/jetstack/charts/cert-manager'), '>= 1.8.0')).toEqual({ ok: true, version: 'v1.16.1' });
    expect(resolveVersion(publishedChartVersions('https://kubernetes.github.io/ingress-nginx/', 'ingress-nginx')!, '*')).toEqual({ ok: true, version: '4.11.3' });
    expect(resolveVersion(publishedOciTags('oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack'), '>=60.0.0')).toEqual({ ok: true, version: '65.5.0' });
    expect(resolveVersion(publishedChartVersions('https://grafana.github.io/helm-charts', 'loki-stack')!, '2.x')).toEqual({ ok: true, version: '2.10.2' });
    expect(resolveVersion(publishedChartVersions('https://kyverno.github.io/kyverno/', 'kyverno')!, '3.x')).toEqual({ ok: true, version: '3.3.4' });
    expect(resolveVersion(publishedChartVersions('https://kubernetes-sigs.github.io/metrics-server', 'metrics-server')!, '3.x')).toEqual({ ok: true, version: '3.12.2' });
    expect(resolveVersion(publishedOciTags('oci://ghcr.io/weaveworks/charts/weave-gitops'), '*')).toEqual({ ok: true, version: '4.0.36' });
    // podinfo's Git tags are its chart versions (no `v`), whatever the URL's spelling.
    const chart = resolveVersion(publishedChartVersions('https://stefanprodan.github.io/podinfo', 'podinfo')!, '>=6.0.0 <6.6.0');
    expect(chart).toEqual({ ok: true, version: '6.5.4' });
    for (const url of ['https://github.com/stefanprodan/podinfo', 'https://github.com/stefanprodan/podinfo.git', 'ssh://git@github.com/stefanprodan/podinfo', 'git@github.com:stefanprodan/podinfo.git']) {
      expect(resolveVersion(publishedGitTags(url), '>=6.0.0 <6.6.0')).toEqual(chart);
    }
    expect(gitCheckoutRef(source('GitRepository', { url: 'https://github.com/stefanprodan/podinfo', ref: { semver: '>=6.0.0 <6.6.0' } }))).toEqual({ ok: true, name: '6.5.4' });
    // Images: podinfo under any spelling of its name, cert-manager's controller; unknown images get the generic list.
    for (const image of ['ghcr.io/stefanprodan/podinfo', 'stefanprodan/podinfo', 'docker.io/stefanprodan/podinfo', 'index.docker.io/stefanprodan/podinfo:6.7.1']) {
      expect(resolveVersion(publishedImageTags(image), '5.0.x')).toEqual({ ok: true, version: '5.0.3' });
    }
    expect(resolveVersion(publishedImageTags('quay.io/jetstack/cert-manager-controller'), '~1.15.0')).toEqual({ ok: true, version: 'v1.15.2' });
    expect(publishedImageTags('registry.example.com/app')).toEqual([...DEFAULT_VERSIONS, 'latest']);
  });

  it('keeps the generic list recognisably synthetic: no well-known project\'s latest version', () => {
    const latest = resolveVersion(DEFAULT_VERSIONS, '*');
    expect(latest).toEqual({ ok: true, version: '3.2.1' });
    expect(resolveVersion(DEFAULT_VERSIONS, '>= 1.8.0')).not.toEqual({ ok: true, version: '6.7.1' });
    expect(publishedOciTags('oci://quay.io/example/charts/unknown')).toBe(publishedOciTags('oci://registry.example.com/other'));
  });
});
