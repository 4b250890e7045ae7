import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildKubeconfig } from '../../test/support/kubeconfig-builder.js';
import { validateKubeconfig } from './kubeconfig-validator.js';

const rules = { execAllowlist: ['kubelogin'] };
const kubeloginUser = (extra: Record<string, unknown> = {}) => ({
  exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'kubelogin', args: ['get-token', '--login', 'spn'], ...extra },
});

describe('validateKubeconfig', () => {
  it.each([
    ['not YAML', '{ clusters: [', /is not valid YAML/],
    ['a plain string', 'hello', /must be a YAML mapping/],
    ['no contexts', 'apiVersion: v1\nkind: Config\nclusters: []\n', /has no contexts/],
    ['wrong kind', 'kind: Pod\ncontexts: []\n', /has kind "Pod"/],
    ['http to a remote host', buildKubeconfig({ server: 'http://10.0.0.1:8080' }), /plain http to a remote host/],
    ['a bad server URL', buildKubeconfig({ server: 'not a url' }), /needs a valid server URL/],
    ['exec /bin/sh', buildKubeconfig({ user: { exec: { command: '/bin/sh', args: ['-c', 'id'] } } }), /exec command "\/bin\/sh" is not allowed/],
    ['a kubelogin look-alike path', buildKubeconfig({ user: { exec: { command: '/tmp/kubelogin' } } }), /is not allowed/],
    ['LD_PRELOAD in exec env', buildKubeconfig({ user: kubeloginUser({ env: [{ name: 'LD_PRELOAD', value: '/tmp/x.so' }] }) }), /exec env "LD_PRELOAD" is not allowed/],
    ['a token file', buildKubeconfig({ user: { tokenFile: '/etc/shadow' } }), /token file/],
    ['certificate files', buildKubeconfig({ user: { 'client-certificate': '/a', 'client-key': '/b' } }), /certificate files/],
    ['basic auth', buildKubeconfig({ user: { username: 'a', password: 'b' } }), /basic auth/],
    ['an auth-provider', buildKubeconfig({ user: { 'auth-provider': { name: 'azure' } } }), /removed auth-provider/],
  ])('rejects %s', (_label, text, message) => {
    const result = validateKubeconfig(text, undefined, rules);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.message).join('\n')).toMatch(message);
  });

  it('names the available contexts when the requested one is missing', () => {
    const result = validateKubeconfig(buildKubeconfig({ extraContexts: ['staging'] }), 'prod', rules);
    expect(result).toMatchObject({ ok: false, problems: [{ field: 'context', message: expect.stringContaining('available: sim, staging') }] });
  });

  it('asks for a context when there is no current-context', () => {
    const result = validateKubeconfig(buildKubeconfig({ currentContext: null }), undefined, rules);
    expect(result).toMatchObject({ ok: false, problems: [{ field: 'context' }] });
  });

  it('accepts http on loopback (kubectl proxy) without credentials', () => {
    const result = validateKubeconfig(buildKubeconfig({ server: 'http://127.0.0.1:8001', user: {} }), undefined, rules);
    expect(result).toMatchObject({ ok: true, resolved: { authKind: 'none', server: 'http://127.0.0.1:8001' } });
  });

  it('accepts kubelogin with AAD_ env and keeps only the chosen context', () => {
    const text = buildKubeconfig({ extraContexts: ['other'], user: kubeloginUser({ env: [{ name: 'AAD_SERVICE_PRINCIPAL_CLIENT_SECRET', value: 's' }] }) });
    const result = validateKubeconfig(text, 'other', rules);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.resolved).toMatchObject({ authKind: 'exec', contextName: 'other', exec: { command: 'kubelogin', env: { AAD_SERVICE_PRINCIPAL_CLIENT_SECRET: 's' } } });
    const normalized = parse(result.normalized);
    expect(normalized.contexts.map((c: { name: string }) => c.name)).toEqual(['other']);
    expect(normalized['current-context']).toBe('other');
  });

  it('resolves token and client-certificate users', () => {
    expect(validateKubeconfig(buildKubeconfig(), undefined, rules)).toMatchObject({ ok: true, resolved: { authKind: 'token', token: 'secret-token-value' } });
    const cert = validateKubeconfig(buildKubeconfig({ user: { 'client-certificate-data': 'Y2VydA==', 'client-key-data': 'a2V5' } }), undefined, rules);
    expect(cert).toMatchObject({ ok: true, resolved: { authKind: 'client-certificate' } });
  });
});
