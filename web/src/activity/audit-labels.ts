import type { AuditEntry } from '../api/audit.js';
import type { Job } from '../api/jobs.js';
import { isJobFinished, type SubscriptionNames } from './job-labels.js';

/** Every action the server audits, in words; an action not listed here shows its code. */
const ACTION_TITLES: Record<string, string> = {
  'auth.login': 'Signed in',
  'auth.login.failed': 'Sign-in refused',
  'auth.login.throttled': 'Sign-ins throttled',
  'auth.logout': 'Signed out',
  'auth.password.change': 'Password changed',
  'auth.password.change.failed': 'Password change refused',
  'auth.password.throttled': 'Password changes throttled',
  'token.create': 'API token created',
  'token.revoke': 'API token revoked',
  'user.create': 'User added',
  'user.update': 'User changed',
  'user.delete': 'User removed',
  'role-binding.create': 'Role granted',
  'role-binding.update': 'Role binding changed',
  'role-binding.delete': 'Role taken away',
  'cluster.create': 'Cluster added',
  'cluster.update': 'Cluster edited',
  'cluster.delete': 'Cluster removed',
  'cluster.kubeconfig.download': 'Kubeconfig downloaded',
  'azure.subscription.create': 'Azure subscription added',
  'azure.subscription.bulk-create': 'Azure subscriptions added',
  'azure.subscription.update': 'Azure subscription changed',
  'azure.subscription.delete': 'Azure subscription removed',
  'azure.subscription.sync': 'Azure sync started',
  'flux.reconcile': 'Reconciled',
  'flux.suspend': 'Suspended',
  'flux.resume': 'Resumed',
  'bulk.action': 'Bulk action started',
  'workload.scale': 'Workload scaled',
  'workload.restart': 'Workload restarted',
  'workload.delete_pod': 'Pod deleted',
};

const BULK_VERBS: Record<string, string> = { reconcile: 'Bulk reconcile started', suspend: 'Bulk suspend started', resume: 'Bulk resume started' };

interface EntryDetail {
  name?: string;
  username?: string;
  kind?: string;
  namespace?: string;
  cluster?: string;
  fields?: string[];
  include_secret?: boolean;
  clusters?: string | number;
  job_id?: string;
  action?: string;
  total?: number;
  replicas?: number;
  outcome?: string;
  reason?: string;
  role?: string | null;
  subject?: string;
  subject_type?: string;
  disabled?: boolean;
}

/** The entry's title: the action in words; a sync with how its job went, a bulk action with its verb. */
export function auditTitle(entry: Pick<AuditEntry, 'action' | 'detail'>, job?: Job): string {
  const detail = entry.detail as EntryDetail;
  if (entry.action === 'azure.subscription.sync' && job) return isJobFinished(job) ? (job.status === 'failed' ? 'Azure sync failed' : 'Azure sync finished') : 'Azure sync running';
  if (entry.action === 'bulk.action' && detail.action && BULK_VERBS[detail.action]) return BULK_VERBS[detail.action]!;
  return ACTION_TITLES[entry.action] ?? entry.action;
}

/** What the entry's detail says, in a few words (the object or name, what changed; never secrets). */
export function describeAuditEntry(entry: Pick<AuditEntry, 'action' | 'detail' | 'target'>, subscriptionNames: SubscriptionNames): string {
  const detail = entry.detail as EntryDetail;
  const parts: string[] = [];
  if (detail.kind && detail.name) parts.push(`${detail.kind} ${detail.namespace ? `${detail.namespace}/` : ''}${detail.name}${detail.cluster ? ` on ${detail.cluster}` : ''}`);
  else if (detail.name) parts.push(detail.name);
  else if (detail.username) parts.push(detail.username);
  else if (detail.subject) parts.push(`${detail.subject_type ? `${detail.subject_type} ` : ''}${detail.subject}`);
  else if (subscriptionNames.has(entry.target)) parts.push(subscriptionNames.get(entry.target)!);
  if (detail.role) parts.push(`as ${detail.role}`);
  if (detail.replicas !== undefined) parts.push(`to ${detail.replicas} replicas`);
  if (detail.disabled !== undefined) parts.push(detail.disabled ? 'disabled' : 'enabled');
  const changed = detail.fields?.filter((field) => field !== 'disabled');
  if (changed?.length) parts.push(`changed ${changed.join(', ')}`);
  if (detail.include_secret) parts.push('with the client secret');
  if (entry.action === 'bulk.action' && detail.total !== undefined) parts.push(`${detail.total} ${detail.total === 1 ? 'object' : 'objects'}`);
  if (detail.clusters !== undefined) parts.push(typeof detail.clusters === 'number' ? `${detail.clusters} ${detail.clusters === 1 ? 'cluster' : 'clusters'}` : `clusters: ${detail.clusters}`);
  if (detail.outcome) parts.push(detail.outcome === 'error' ? 'could not be done' : `outcome: ${detail.outcome}`);
  if (detail.reason) parts.push(detail.reason);
  return parts.join(' · ') || entry.target;
}
