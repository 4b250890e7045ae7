import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, VIEWER_TOKEN, VIEWER_WITHOUT_KUSTOMIZATION_LISTS, startKubeTestCluster, type KubeTestCluster } from './kube-test-cluster.js';

interface SelfSubjectReview {
  kind: string;
  apiVersion: string;
  status: { userInfo: { username: string; groups: string[] } };
}

const KUSTOMIZATIONS = 'kustomizations.kustomize.toolkit.fluxcd.io';

describe('kubectl auth whoami and can-i against the simulated API server', () => {
  let cluster: KubeTestCluster;

  beforeAll(async () => {
    cluster = await startKubeTestCluster({
      authorization: VIEWER_WITHOUT_KUSTOMIZATION_LISTS,
    });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('whoami names the authenticated user and groups', async () => {
    const admin = await cluster.kubectl(['auth', 'whoami', '-o', 'json'], { token: ADMIN_TOKEN });
    expect(admin.stderr).toBe('');
    const review = JSON.parse(admin.stdout) as SelfSubjectReview;
    expect(review.kind).toBe('SelfSubjectReview');
    expect(review.apiVersion).toBe('authentication.k8s.io/v1');
    expect(review.status.userInfo).toEqual({ username: 'admin', groups: ['system:masters', 'system:authenticated'] });
  });

  it('whoami answers a user who may do almost nothing else', async () => {
    const viewer = await cluster.kubectl(['auth', 'whoami', '-o', 'json'], { token: VIEWER_TOKEN });
    expect(viewer.code).toBe(0);
    expect((JSON.parse(viewer.stdout) as SelfSubjectReview).status.userInfo).toEqual({ username: 'viewer', groups: ['viewers', 'system:authenticated'] });
  });

  it('can-i says yes to the admin and no to the viewer, as the requests themselves are decided', async () => {
    const admin = await cluster.kubectl(['auth', 'can-i', 'list', KUSTOMIZATIONS, '-A'], { token: ADMIN_TOKEN });
    expect([admin.stdout.trim(), admin.code]).toEqual(['yes', 0]);
    const viewer = await cluster.kubectl(['auth', 'can-i', 'list', KUSTOMIZATIONS, '-A'], { token: VIEWER_TOKEN });
    expect([viewer.stdout.trim(), viewer.code]).toEqual(['no - denied by rule 0 of the simulated authorization policy', 1]);
    const listed = await cluster.kubectl(['get', KUSTOMIZATIONS, '-A'], { token: VIEWER_TOKEN });
    expect(listed.stderr).toContain('is forbidden: User "viewer" cannot list resource "kustomizations"');

    const get = await cluster.kubectl(['auth', 'can-i', 'get', KUSTOMIZATIONS, '-n', 'flux-system'], { token: VIEWER_TOKEN });
    expect(get.stdout.trim()).toBe('yes');
    const patch = await cluster.kubectl(['auth', 'can-i', 'patch', 'gitrepositories', '-n', 'flux-system'], { token: VIEWER_TOKEN });
    expect([patch.stdout.trim(), patch.code]).toEqual(['no - denied by rule 2 of the simulated authorization policy', 1]);
  });

  it('can-i --list shows the viewer\'s grants and warns that deny rules are not listed', async () => {
    const result = await cluster.kubectl(['auth', 'can-i', '--list', '-n', 'flux-system'], { token: VIEWER_TOKEN });
    expect(result.code).toBe(0);
    const rows = result.stdout.trim().split('\n').map((line) => line.trim().split(/\s{2,}/));
    expect(rows[0]).toEqual(['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']);
    expect(rows).toContainEqual(['*.*', '[]', '[]', '[get list watch]']);
    expect(rows).toContainEqual(['selfsubjectaccessreviews.authorization.k8s.io', '[]', '[]', '[create]']);
    expect(result.stderr).toContain('the list may be incomplete');
  });

  it('advertises the review kinds as create-only and refuses to read them', async () => {
    const creatable = await cluster.kubectl(['api-resources', '--api-group=authorization.k8s.io', '--verbs=create', '-o', 'name']);
    expect(creatable.stdout.trim().split('\n')).toEqual(['selfsubjectaccessreviews.authorization.k8s.io', 'selfsubjectrulesreviews.authorization.k8s.io']);
    const listable = await cluster.kubectl(['api-resources', '--api-group=authorization.k8s.io', '--verbs=list', '-o', 'name']);
    expect(listable.stdout.trim()).toBe('');
    const read = await cluster.kubectl(['get', '--raw', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews']);
    expect(read.code).not.toBe(0);
    expect(read.stderr).toContain('Error from server (MethodNotAllowed)');
  });
});
