import { describe, expect, it } from 'vitest';
import { findFluxKind } from './flux-kinds.js';
import { FLUX_STATUSES, computeFluxStatus } from './flux-status.js';
import type { FluxObjectLike, FluxObjectStatus } from './flux-status.js';

const GIT_REVISION = 'main@sha1:5b8e9f1c2d3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c';
const NEXT_GIT_REVISION = 'main@sha1:9a0b1c2d3e4f5a6b7c5b8e9f1c2d3a4b5c6d7e8f';

const readyKustomization: FluxObjectLike = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'apps', namespace: 'flux-system', generation: 3 },
  spec: { interval: '10m', path: './apps/production', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
  status: {
    observedGeneration: 3,
    lastAppliedRevision: GIT_REVISION,
    lastAttemptedRevision: GIT_REVISION,
    lastHandledReconcileAt: '2026-11-29T09:00:00.123456789Z',
    conditions: [
      { type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${GIT_REVISION}`, observedGeneration: 3, lastTransitionTime: '2026-11-29T09:00:02Z' },
    ],
    inventory: { entries: [{ id: 'apps_podinfo_apps_Deployment', v: 'v1' }] },
  },
};

const buildFailedKustomization: FluxObjectLike = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'apps', namespace: 'flux-system', generation: 3 },
  spec: { interval: '10m', path: './apps/production', sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
  status: {
    observedGeneration: 3,
    lastAppliedRevision: GIT_REVISION,
    lastAttemptedRevision: NEXT_GIT_REVISION,
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        reason: 'BuildFailed',
        message: "kustomize build failed: accumulating resources: accumulation err='accumulating resources from './overlays/production': no such file or directory'",
        observedGeneration: 3,
        lastTransitionTime: '2026-11-29T09:10:00Z',
      },
    ],
  },
};

const stalledHelmRelease: FluxObjectLike = {
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name: 'podinfo', namespace: 'podinfo', generation: 2 },
  spec: { interval: '5m', chart: { spec: { chart: 'podinfo', version: '6.x', sourceRef: { kind: 'HelmRepository', name: 'podinfo', namespace: 'flux-system' } } } },
  status: {
    observedGeneration: 2,
    lastAttemptedRevision: '6.7.1',
    lastAttemptedGeneration: 2,
    failures: 3,
    history: [
      { name: 'podinfo', namespace: 'podinfo', version: 4, status: 'failed', chartName: 'podinfo', chartVersion: '6.7.1', appVersion: '6.7.1' },
      { name: 'podinfo', namespace: 'podinfo', version: 3, status: 'deployed', chartName: 'podinfo', chartVersion: '6.7.0', appVersion: '6.7.0' },
    ],
    conditions: [
      { type: 'Ready', status: 'False', reason: 'RetriesExceeded', message: 'Failed to upgrade after 3 attempt(s)', observedGeneration: 2, lastTransitionTime: '2026-11-29T08:00:00Z' },
      { type: 'Stalled', status: 'True', reason: 'RetriesExceeded', message: 'Failed to upgrade after 3 attempt(s)', observedGeneration: 2, lastTransitionTime: '2026-11-29T08:30:00Z' },
      { type: 'Released', status: 'False', reason: 'UpgradeFailed', message: 'Helm upgrade failed for release podinfo/podinfo with chart podinfo@6.7.1: context deadline exceeded', observedGeneration: 2, lastTransitionTime: '2026-11-29T08:00:00Z' },
    ],
  },
};

const retryingHelmRelease: FluxObjectLike = {
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name: 'ingress-nginx', namespace: 'ingress-nginx', generation: 5 },
  spec: { chart: { spec: { chart: 'ingress-nginx', version: '4.11.x', sourceRef: { kind: 'HelmRepository', name: 'ingress-nginx' } } } },
  status: {
    observedGeneration: 5,
    lastAttemptedRevision: '4.11.3',
    history: [{ name: 'ingress-nginx', namespace: 'ingress-nginx', version: 7, status: 'failed', chartName: 'ingress-nginx', chartVersion: '4.11.3' }],
    conditions: [
      { type: 'Ready', status: 'False', reason: 'UpgradeFailed', message: 'Helm upgrade failed for release ingress-nginx/ingress-nginx with chart ingress-nginx@4.11.3: context deadline exceeded', observedGeneration: 5, lastTransitionTime: '2026-11-29T07:00:00Z' },
      { type: 'Reconciling', status: 'True', reason: 'ProgressingWithRetry', message: 'Detecting drift for revision 4.11.3 with a timeout of 5m0s', observedGeneration: 5, lastTransitionTime: '2026-11-29T07:05:00Z' },
      { type: 'Released', status: 'False', reason: 'UpgradeFailed', message: 'Helm upgrade failed', observedGeneration: 5, lastTransitionTime: '2026-11-29T07:00:00Z' },
    ],
  },
};

const failingHelmRepository: FluxObjectLike = {
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'HelmRepository',
  metadata: { name: 'bitnami', namespace: 'flux-system', generation: 1 },
  spec: { interval: '1h', url: 'https://charts.bitnami.com/bitnami' },
  status: {
    observedGeneration: 1,
    artifact: { revision: 'sha256:0f3b5c6a2e1d4f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a', path: 'helmrepository/flux-system/bitnami/index-0f3b.yaml' },
    conditions: [
      { type: 'Ready', status: 'False', reason: 'IndexationFailed', message: 'failed to fetch Helm repository index: failed to fetch https://charts.bitnami.com/bitnami/index.yaml : 404 Not Found', observedGeneration: 1, lastTransitionTime: '2026-11-29T06:00:00Z' },
      { type: 'FetchFailed', status: 'True', reason: 'IndexationFailed', message: 'failed to fetch Helm repository index', observedGeneration: 1, lastTransitionTime: '2026-11-29T06:00:00Z' },
    ],
  },
};

const ociRepository: FluxObjectLike = {
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'OCIRepository',
  metadata: { name: 'podinfo', namespace: 'flux-system', generation: 1 },
  spec: { url: 'oci://ghcr.io/stefanprodan/manifests/podinfo', ref: { tag: 'latest' } },
  status: {
    observedGeneration: 1,
    artifact: { revision: 'latest@sha256:3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a', digest: 'sha256:aa' },
    conditions: [
      { type: 'Ready', status: 'True', reason: 'Succeeded', message: "stored artifact for digest 'latest@sha256:3f2a...'", observedGeneration: 1, lastTransitionTime: '2026-11-29T05:00:00Z' },
      { type: 'ArtifactInStorage', status: 'True', reason: 'Succeeded', message: 'stored artifact', observedGeneration: 1, lastTransitionTime: '2026-11-29T05:00:00Z' },
    ],
  },
};

const imagePolicy: FluxObjectLike = {
  apiVersion: 'image.toolkit.fluxcd.io/v1',
  kind: 'ImagePolicy',
  metadata: { name: 'podinfo', namespace: 'flux-system', generation: 1 },
  spec: { imageRepositoryRef: { name: 'podinfo' }, policy: { semver: { range: '6.x' } } },
  status: {
    observedGeneration: 1,
    latestRef: { name: 'ghcr.io/stefanprodan/podinfo', tag: '6.7.1' },
    conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'Latest image tag for ghcr.io/stefanprodan/podinfo resolved to 6.7.1', observedGeneration: 1, lastTransitionTime: '2026-11-29T04:00:00Z' }],
  },
};

const progressingGitRepository: FluxObjectLike = {
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'GitRepository',
  metadata: { name: 'flux-system', namespace: 'flux-system', generation: 1 },
  status: {
    observedGeneration: 1,
    conditions: [
      { type: 'Reconciling', status: 'True', reason: 'Progressing', message: 'building artifact: new upstream revision', observedGeneration: 1, lastTransitionTime: '2026-11-29T03:00:00Z' },
      { type: 'Ready', status: 'Unknown', reason: 'Progressing', message: 'reconciliation in progress', observedGeneration: 1, lastTransitionTime: '2026-11-29T03:00:00Z' },
    ],
  },
};

function withSpec(object: FluxObjectLike, spec: Record<string, unknown>): FluxObjectLike {
  return { ...object, spec: { ...object.spec, ...spec } };
}

function withMetadata(object: FluxObjectLike, metadata: Partial<NonNullable<FluxObjectLike['metadata']>>): FluxObjectLike {
  return { ...object, metadata: { ...object.metadata, ...metadata } };
}

type Expected = Partial<FluxObjectStatus>;

describe('computeFluxStatus', () => {
  it.each<[string, FluxObjectLike, Expected]>([
    [
      'Ready Kustomization',
      readyKustomization,
      { status: 'ready', reason: 'ReconciliationSucceeded', message: `Applied revision: ${GIT_REVISION}`, revision: GIT_REVISION, attemptedRevision: null, since: '2026-11-29T09:00:02Z', generation: 3, observedGeneration: 3, lastHandledReconcileAt: '2026-11-29T09:00:00.123456789Z' },
    ],
    [
      'Kustomization whose build fails (Ready=False)',
      buildFailedKustomization,
      { status: 'failed', reason: 'BuildFailed', revision: GIT_REVISION, attemptedRevision: NEXT_GIT_REVISION, since: '2026-11-29T09:10:00Z' },
    ],
    [
      'HelmRelease stalled after its retries ran out',
      stalledHelmRelease,
      { status: 'failed', reason: 'RetriesExceeded', message: 'Failed to upgrade after 3 attempt(s)', since: '2026-11-29T08:30:00Z', revision: '6.7.1', attemptedRevision: null },
    ],
    [
      'HelmRelease upgrade failing and being retried (Reconciling=True ProgressingWithRetry)',
      retryingHelmRelease,
      { status: 'failed', reason: 'UpgradeFailed', message: 'Helm upgrade failed for release ingress-nginx/ingress-nginx with chart ingress-nginx@4.11.3: context deadline exceeded', since: '2026-11-29T07:00:00Z', revision: '4.11.3' },
    ],
    [
      'HelmRepository whose index cannot be fetched',
      failingHelmRepository,
      { status: 'failed', reason: 'IndexationFailed', revision: 'sha256:0f3b5c6a2e1d4f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a', since: '2026-11-29T06:00:00Z' },
    ],
    [
      'GitRepository being reconciled',
      progressingGitRepository,
      { status: 'progressing', reason: 'Progressing', message: 'building artifact: new upstream revision', since: '2026-11-29T03:00:00Z', revision: null },
    ],
    [
      'suspended Kustomization keeps Ready message',
      withSpec(readyKustomization, { suspend: true }),
      { status: 'suspended', reason: 'Suspended', message: `Applied revision: ${GIT_REVISION}`, since: null, revision: GIT_REVISION },
    ],
    [
      'suspended failing HelmRelease is suspended, not failed',
      withSpec(stalledHelmRelease, { suspend: true }),
      { status: 'suspended', reason: 'Suspended' },
    ],
    [
      'suspended object without status',
      { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'x', namespace: 'y', generation: 1 }, spec: { suspend: true } },
      { status: 'suspended', reason: 'Suspended', message: '', since: null },
    ],
    [
      'generation not observed yet',
      withMetadata(readyKustomization, { generation: 4 }),
      { status: 'progressing', reason: 'Progressing', message: 'generation 4 not yet observed (last observed 3)', generation: 4, observedGeneration: 3 },
    ],
    [
      'generation not observed, read from Ready when status has none',
      {
        kind: 'Kustomization',
        metadata: { name: 'a', generation: 2 },
        status: { conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', observedGeneration: 1, lastTransitionTime: '2026-11-29T00:00:00Z' }] },
      },
      { status: 'progressing', reason: 'Progressing', message: 'generation 2 not yet observed (last observed 1)', observedGeneration: 1 },
    ],
    [
      // kustomize-controller moves status.observedGeneration only on success (or stall); a failed
      // attempt at a new generation says so on its conditions, which carry that generation.
      'a new generation that failed: status.observedGeneration stays, the Ready condition has handled it',
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'billing', namespace: 'flux-system', generation: 2 },
        spec: { interval: '11m', path: './billing', sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
        status: {
          observedGeneration: 1,
          lastAppliedRevision: GIT_REVISION,
          lastAttemptedRevision: GIT_REVISION,
          conditions: [
            { type: 'Ready', status: 'False', reason: 'HealthCheckFailed', message: "health check failed after 30s: timeout waiting for: [Deployment/billing/billing status: 'InProgress']", observedGeneration: 2, lastTransitionTime: '2026-11-29T10:00:00Z' },
            { type: 'Reconciling', status: 'True', reason: 'ProgressingWithRetry', message: 'Detecting drift for revision main@sha1:5b8e9f1 with a timeout of 30s', observedGeneration: 2, lastTransitionTime: '2026-11-29T10:00:00Z' },
          ],
        },
      },
      { status: 'failed', reason: 'HealthCheckFailed', since: '2026-11-29T10:00:00Z', generation: 2, observedGeneration: 1 },
    ],
    [
      'a new generation being worked on: Ready Unknown at that generation',
      {
        kind: 'Kustomization',
        metadata: { name: 'a', generation: 2 },
        status: {
          observedGeneration: 1,
          conditions: [
            { type: 'Ready', status: 'Unknown', reason: 'Progressing', message: 'Reconciliation in progress', observedGeneration: 2, lastTransitionTime: '2026-11-29T00:00:00Z' },
            { type: 'Reconciling', status: 'True', reason: 'Progressing', message: 'Reconciliation in progress', observedGeneration: 2, lastTransitionTime: '2026-11-29T00:00:00Z' },
          ],
        },
      },
      { status: 'progressing', reason: 'Progressing', message: 'Reconciliation in progress' },
    ],
    [
      'new object with no status',
      { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'new', namespace: 'flux-system', generation: 1 }, spec: { path: './' } },
      { status: 'unknown', reason: 'NotReconciled', revision: null, generation: 1, observedGeneration: null, conditions: [] },
    ],
    [
      'static v1beta3 Alert',
      {
        apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
        kind: 'Alert',
        metadata: { name: 'on-call', namespace: 'flux-system', generation: 1 },
        spec: { providerRef: { name: 'slack' }, eventSeverity: 'error', eventSources: [{ kind: 'Kustomization', name: '*' }] },
      },
      { status: 'ready', reason: 'Static', since: null },
    ],
    [
      'suspended v1beta3 Provider',
      { apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Provider', metadata: { name: 'slack', namespace: 'flux-system' }, spec: { type: 'slack', suspend: true } },
      { status: 'suspended' },
    ],
    [
      'object being deleted',
      withMetadata(readyKustomization, { deletionTimestamp: '2026-11-29T10:00:00Z' }),
      { status: 'progressing', reason: 'Terminating', since: '2026-11-29T10:00:00Z' },
    ],
    ['ImagePolicy revision is the latest ref', imagePolicy, { status: 'ready', revision: 'ghcr.io/stefanprodan/podinfo:6.7.1' }],
    [
      'ImagePolicy v1beta2 revision is latestImage',
      { ...imagePolicy, apiVersion: 'image.toolkit.fluxcd.io/v1beta2', status: { ...imagePolicy.status, latestRef: undefined, latestImage: 'ghcr.io/stefanprodan/podinfo:6.7.0' } },
      { revision: 'ghcr.io/stefanprodan/podinfo:6.7.0' },
    ],
    ['OCIRepository revision is the artifact revision', ociRepository, { status: 'ready', reason: 'Succeeded', revision: 'latest@sha256:3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a' }],
    [
      'HelmRelease v2beta1 revision is lastAppliedRevision',
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2beta1',
        kind: 'HelmRelease',
        metadata: { name: 'old', namespace: 'x', generation: 1 },
        status: {
          observedGeneration: 1,
          lastAppliedRevision: '1.2.3',
          lastAttemptedRevision: '1.2.4',
          conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Release reconciliation succeeded' }],
        },
      },
      { status: 'ready', revision: '1.2.3', attemptedRevision: '1.2.4', since: null },
    ],
    [
      'FluxInstance revision is lastAppliedRevision',
      {
        apiVersion: 'fluxcd.controlplane.io/v1',
        kind: 'FluxInstance',
        metadata: { name: 'flux', namespace: 'flux-system', generation: 1 },
        status: {
          observedGeneration: 1,
          lastAppliedRevision: 'v2.7.3@sha256:8f1a',
          conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Reconciliation finished in 5s' }],
        },
      },
      { status: 'ready', revision: 'v2.7.3@sha256:8f1a' },
    ],
    [
      'Reconciling=True without a failing Ready is progressing',
      {
        kind: 'Kustomization',
        metadata: { name: 'a', generation: 1 },
        status: {
          observedGeneration: 1,
          conditions: [
            { type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', lastTransitionTime: '2026-11-29T00:00:00Z' },
            { type: 'Reconciling', status: 'True', reason: 'Progressing', message: 'Reconciliation in progress', lastTransitionTime: '2026-11-29T01:00:00Z' },
          ],
        },
      },
      { status: 'progressing', reason: 'Progressing', since: '2026-11-29T01:00:00Z' },
    ],
    [
      'conditions without Ready',
      { kind: 'Kustomization', metadata: { name: 'a' }, status: { conditions: [{ type: 'Healthy', status: 'True' }] } },
      { status: 'unknown' },
    ],
  ])('%s', (_name, object, expected) => {
    expect(computeFluxStatus(object)).toMatchObject(expected);
  });

  it('uses the kind it is given over the object apiVersion', () => {
    const alert = { kind: 'Something', metadata: { name: 'a' } };
    expect(computeFluxStatus(alert).status).toBe('unknown');
    expect(computeFluxStatus(alert, findFluxKind('Alert')).status).toBe('ready');
  });

  it('returns the well-formed conditions', () => {
    const result = computeFluxStatus(stalledHelmRelease);
    expect(result.conditions.map((condition) => condition.type)).toEqual(['Ready', 'Stalled', 'Released']);
    expect(result.conditions[0]).toEqual({ type: 'Ready', status: 'False', reason: 'RetriesExceeded', message: 'Failed to upgrade after 3 attempt(s)', observedGeneration: 2, lastTransitionTime: '2026-11-29T08:00:00Z' });
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'Kustomization'],
    ['an empty object', {}],
    ['status that is not an object', { kind: 'Kustomization', status: 'Ready' }],
    ['conditions that are not a list', { kind: 'Kustomization', status: { conditions: { Ready: 'True' } } }],
    ['conditions with junk entries', { kind: 'Kustomization', status: { conditions: [null, 3, { type: 7, status: 'True' }, { type: 'Ready' }] } }],
    ['wrongly typed fields', { kind: 5, apiVersion: {}, metadata: { generation: 'two', deletionTimestamp: 7 }, spec: [], status: { observedGeneration: '1', history: 'x', artifact: 3, latestRef: 'x', lastAttemptedRevision: 9 } }],
    ['a HelmRelease with a junk history', { kind: 'HelmRelease', status: { history: [null], conditions: [] } }],
  ])('never throws on %s', (_name, object) => {
    const result = computeFluxStatus(object as FluxObjectLike);
    expect(result.status).toBe('unknown');
    expect(result.conditions).toEqual([]);
    expect(result.revision).toBeNull();
    expect(result.generation).toBeNull();
  });
});

describe('FLUX_STATUSES', () => {
  it('lists failures first', () => {
    expect(FLUX_STATUSES).toEqual(['failed', 'progressing', 'unknown', 'suspended', 'ready']);
  });
});
