import { describe, expect, it } from 'vitest';
import type { RoleBinding } from '../api/access.js';
import { bindingsOf, compileSelector, describeScope, isOwnFleetAdmin, namespaceProblems, parseNamespaces, summarizeBinding } from './access-model.js';

const names = new Map([
  ['id-dev', 'dev-1'],
  ['id-prod', 'prod-1'],
]);
const binding = (fields: Partial<RoleBinding>): RoleBinding => ({ id: 'b', subject_type: 'user', subject: 'u1', role: 'viewer', created_at: '2026-01-01T00:00:00Z', ...fields });

describe('Settings → Access', () => {
  it('says a scope in words, clusters by name, a removed cluster as such', () => {
    expect(describeScope({}, names)).toEqual({ clusters: 'every cluster', namespaces: 'every namespace' });
    expect(describeScope({ cluster_ids: ['id-dev', 'id-prod'], namespaces: ['apps', 'infra'] }, names)).toEqual({ clusters: 'dev-1, prod-1', namespaces: 'apps, infra' });
    expect(describeScope({ cluster_ids: ['0123456789abcdef'] }, names).clusters).toBe('removed cluster 01234567');
    expect(describeScope({ cluster_ids: ['id-dev'], cluster_selector: 'env=dev' }, names).clusters).toBe('dev-1 if labelled env=dev');
    expect(summarizeBinding({ role: 'viewer', cluster_selector: 'env=dev' }, names)).toBe('viewer · clusters labelled env=dev');
    expect(summarizeBinding({ role: 'admin' }, names)).toBe('admin');
  });

  it('finds a user\'s own bindings and those of the groups they signed in with', () => {
    const own = binding({ id: 'own' });
    const group = binding({ id: 'group', subject_type: 'group', subject: 'payments' });
    const other = binding({ id: 'other', subject: 'u2' });
    expect(bindingsOf({ id: 'u1', groups: ['payments'] }, [own, group, other])).toEqual({ own: [own], viaGroups: [group] });
    expect(bindingsOf({ id: 'u2', groups: [] }, [own, group, other])).toEqual({ own: [other], viaGroups: [] });
  });

  it('reads namespaces separated by commas or spaces and names the bad one the server found', () => {
    expect(parseNamespaces(' apps, infra  apps,,')).toEqual(['apps', 'infra']);
    expect(namespaceProblems([{ field: 'body.namespaces.1', message: 'must be a namespace name' }, { field: 'body.role', message: 'x' }], ['apps', 'Payments'])).toBe('“Payments” must be a namespace name');
    expect(namespaceProblems([{ field: 'body.role', message: 'x' }], [])).toBeUndefined();
  });

  it('previews a label selector as the server reads it', () => {
    const matches = compileSelector('env=dev, team!=a, region, !legacy');
    expect(matches?.({ env: 'dev', region: 'eu' })).toBe(true);
    expect(matches?.({ env: 'dev', region: 'eu', team: 'a' })).toBe(false);
    expect(matches?.({ env: 'dev', region: 'eu', legacy: 'yes' })).toBe(false);
    expect(matches?.({ env: 'prod', region: 'eu' })).toBe(false);
    expect(compileSelector('env==dev')?.({ env: 'dev' })).toBe(true);
    expect(compileSelector('env=dev=x')).toBeUndefined();
    expect(compileSelector('!env=dev')).toBeUndefined();
    expect(compileSelector(' , ')).toBeUndefined();
  });

  it('knows the caller\'s own fleet-wide admin binding, by user or by group', () => {
    const me = { user_id: 'u1', groups: ['admins'] };
    expect(isOwnFleetAdmin(binding({ role: 'admin' }), me)).toBe(true);
    expect(isOwnFleetAdmin(binding({ role: 'admin', subject_type: 'group', subject: 'admins' }), me)).toBe(true);
    expect(isOwnFleetAdmin(binding({ role: 'admin', cluster_selector: 'env=dev' }), me)).toBe(false);
    expect(isOwnFleetAdmin(binding({ role: 'admin', subject: 'u2' }), me)).toBe(false);
    expect(isOwnFleetAdmin(binding({ role: 'viewer' }), me)).toBe(false);
  });
});
