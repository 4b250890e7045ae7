import { describe, expect, it } from 'vitest';
import { auditTitle, describeAuditEntry } from './audit-labels.js';

const entry = (action: string, detail: Record<string, unknown> = {}, target = 't') => ({ action, detail, target });
const none = new Map<string, string>();

describe('audit trail in words', () => {
  it('names every action the server audits, and shows an unknown one as its code', () => {
    const known = [
      'auth.login',
      'auth.login.failed',
      'auth.login.throttled',
      'auth.logout',
      'auth.password.change',
      'auth.password.change.failed',
      'auth.password.throttled',
      'token.create',
      'token.revoke',
      'user.create',
      'user.update',
      'user.delete',
      'role-binding.create',
      'role-binding.update',
      'role-binding.delete',
      'cluster.create',
      'cluster.update',
      'cluster.delete',
      'cluster.kubeconfig.download',
      'azure.subscription.create',
      'azure.subscription.bulk-create',
      'azure.subscription.update',
      'azure.subscription.delete',
      'azure.subscription.sync',
      'flux.reconcile',
      'flux.suspend',
      'flux.resume',
      'bulk.action',
      'workload.scale',
      'workload.restart',
      'workload.delete_pod',
    ];
    for (const action of known) expect(auditTitle(entry(action)), action).not.toBe(action);
    expect(auditTitle(entry('auth.login'))).toBe('Signed in');
    expect(auditTitle(entry('flux.resume'))).toBe('Resumed');
    expect(auditTitle(entry('bulk.action', { action: 'reconcile' }))).toBe('Bulk reconcile started');
    expect(auditTitle(entry('something.new'))).toBe('something.new');
  });

  it('says which object, cluster or user an entry is about', () => {
    expect(describeAuditEntry(entry('flux.reconcile', { cluster: 'prod', kind: 'Kustomization', namespace: 'apps', name: 'app', outcome: 'ready' }), none)).toBe('Kustomization apps/app on prod · outcome: ready');
    expect(describeAuditEntry(entry('workload.scale', { cluster: 'prod', kind: 'Deployment', namespace: 'apps', name: 'web', replicas: 3 }), none)).toBe('Deployment apps/web on prod · to 3 replicas');
    expect(describeAuditEntry(entry('bulk.action', { action: 'suspend', total: 4, clusters: 2 }), none)).toBe('4 objects · 2 clusters');
    expect(describeAuditEntry(entry('user.create', { username: 'ada', kind: 'local', role: 'viewer' }), none)).toBe('ada · as viewer');
    expect(describeAuditEntry(entry('role-binding.create', { subject_type: 'group', subject: 'platform', role: 'operator' }), none)).toBe('group platform · as operator');
    expect(describeAuditEntry(entry('user.update', { username: 'frank', fields: ['disabled', 'display_name'], disabled: true }), none)).toBe('frank · disabled · changed display_name');
    expect(describeAuditEntry(entry('auth.login', {}, 'admin'), none)).toBe('admin');
    expect(describeAuditEntry(entry('azure.subscription.update', { fields: ['name'] }, 'sub-1'), new Map([['sub-1', 'Production']]))).toBe('Production · changed name');
  });
});
