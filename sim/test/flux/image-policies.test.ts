import { describe, expect, it } from 'vitest';
import { selectLatestTag } from '../../src/flux/image-policy.js';
import type { KubeObject } from '../../src/store/types.js';
import { fluxApiClusterPerTest } from './flux-api-cluster.js';
import { condition, IMAGEREPO, waitFor, waitForReady } from './flux-test-helpers.js';

const POLICIES = 'image.toolkit.fluxcd.io/imagepolicies';

const cluster = fluxApiClusterPerTest();

function policy(name: string, spec: string): string {
  return `apiVersion: image.toolkit.fluxcd.io/v1
kind: ImagePolicy
metadata:
  name: ${name}
  namespace: flux-system
spec:
  imageRepositoryRef:
    name: podinfo
${spec}`;
}

const PODINFO_REPOSITORY = `apiVersion: image.toolkit.fluxcd.io/v1
kind: ImageRepository
metadata:
  name: podinfo
  namespace: flux-system
spec:
  image: ghcr.io/stefanprodan/podinfo
  interval: 5m
`;

function latestRef(object: KubeObject): unknown {
  return object.status?.latestRef;
}

describe('ImagePolicies', () => {
  it('select from the tags of the image their ImageRepository scans, by range, order and tag filter', async () => {
    const api = await cluster();
    await api.create(`${PODINFO_REPOSITORY}---
${policy('range', `  policy:
    semver:
      range: 5.0.x
`)}---
${policy('newest', `  policy:
    semver:
      range: ">=6.0.0"
`)}---
${policy('alphabetical', `  filterTags:
    pattern: '^6\\.6\\.\\d+$'
  policy:
    alphabetical:
      order: asc
`)}---
${policy('extract', `  filterTags:
    pattern: '^6\\.(?P<minor>\\d+)\\.0$'
    extract: '$minor'
  policy:
    numerical:
      order: desc
`)}`);
    const repository = await waitForReady(api.store, IMAGEREPO, 'flux-system', 'podinfo', 'True');
    const scan = repository.status?.lastScanResult as { tagCount: number; latestTags: string[] };
    expect(scan.latestTags).toContain('latest');
    expect(condition(repository, 'Ready')?.message).toBe(`successful scan: found ${scan.tagCount} tags`);

    const range = await waitForReady(api.store, POLICIES, 'flux-system', 'range', 'True');
    expect(latestRef(await api.getJson('imagepolicies', 'flux-system', 'range'))).toEqual({ name: 'ghcr.io/stefanprodan/podinfo', tag: '5.0.3' });
    expect(condition(range, 'Ready')).toMatchObject({ reason: 'Succeeded', message: 'Latest image tag for ghcr.io/stefanprodan/podinfo resolved to 5.0.3' });
    expect(latestRef(await waitForReady(api.store, POLICIES, 'flux-system', 'newest', 'True'))).toEqual({ name: 'ghcr.io/stefanprodan/podinfo', tag: '6.7.1' });
    expect(latestRef(await waitForReady(api.store, POLICIES, 'flux-system', 'alphabetical', 'True'))).toMatchObject({ tag: '6.6.3' });
    // Numerical descending over the extracted minors picks the lowest: 6.0.0.
    expect(latestRef(await waitForReady(api.store, POLICIES, 'flux-system', 'extract', 'True'))).toMatchObject({ tag: '6.0.0' });

    // A changed range moves the policy, and the message names the previous image.
    await api.run(['patch', 'imagepolicy', 'range', '-n', 'flux-system', '--type', 'merge', '-p', '{"spec":{"policy":{"semver":{"range":"5.2.x"}}}}']);
    const moved = await waitFor(() => {
      const object = api.store.get(POLICIES, 'flux-system', 'range');
      return (object?.status?.latestRef as { tag?: string } | undefined)?.tag === '5.2.1' && object;
    }, 'range moved to 5.2.1');
    expect(condition(moved, 'Ready')?.message).toBe('Latest image tag for ghcr.io/stefanprodan/podinfo resolved to 5.2.1 (previously ghcr.io/stefanprodan/podinfo:5.0.3)');
    expect(moved.status?.observedPreviousRef).toEqual({ name: 'ghcr.io/stefanprodan/podinfo', tag: '5.0.3' });
  });

  it('fails as image-reflector-controller does: no matching tag, a missing ImageRepository, an invalid range', async () => {
    const api = await cluster();
    await api.create(`${policy('future', `  policy:
    semver:
      range: ">=99.0.0"
`)}---
${policy('broken', `  policy:
    semver:
      range: "not a range"
`)}`);
    const missing = await waitForReady(api.store, POLICIES, 'flux-system', 'future', 'False', 'DependencyNotReady');
    expect(condition(missing, 'Ready')?.message).toBe(
      'failed to get the referred ImageRepository: referenced ImageRepository does not exist: imagerepositories.image.toolkit.fluxcd.io "podinfo" not found',
    );
    await api.create(PODINFO_REPOSITORY);
    const none = await waitForReady(api.store, POLICIES, 'flux-system', 'future', 'False', 'Failure');
    expect(condition(none, 'Ready')?.message).toBe('unable to determine latest version from provided list');
    expect(none.status?.latestRef).toBeUndefined();
    const invalid = await waitForReady(api.store, POLICIES, 'flux-system', 'broken', 'False', 'InvalidPolicy');
    expect(condition(invalid, 'Stalled')).toMatchObject({ status: 'True', reason: 'InvalidPolicy' });
  });

  it('picks by each policy kind over a plain list', () => {
    const tags = ['1.0.0', 'v1.2.0', '10', '9', 'main-abc', 'latest'];
    expect(selectLatestTag(tags, { policy: { semver: { range: '^1.0.0' } } })).toEqual({ ok: true, tag: 'v1.2.0' });
    expect(selectLatestTag(tags, { policy: { alphabetical: {} } })).toEqual({ ok: true, tag: 'v1.2.0' });
    expect(selectLatestTag(tags, { policy: { alphabetical: { order: 'desc' } } })).toEqual({ ok: true, tag: '1.0.0' });
    expect(selectLatestTag(tags, { filterTags: { pattern: '^\\d+$' }, policy: { numerical: {} } })).toEqual({ ok: true, tag: '10' });
    expect(selectLatestTag(tags, { policy: { numerical: {} } })).toEqual({ ok: false, invalid: false, message: "failed to parse invalid numeric value '1.0.0'" });
    expect(selectLatestTag(tags, { filterTags: { pattern: '^nothing' }, policy: { semver: { range: '*' } } })).toEqual({ ok: false, invalid: false, message: 'version list argument cannot be empty' });
    expect(selectLatestTag(tags, { filterTags: { pattern: '^main-(?P<sha>.+)$', extract: '$sha' }, policy: { alphabetical: {} } })).toEqual({ ok: true, tag: 'main-abc' });
  });
});
