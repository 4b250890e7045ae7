import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const load = (argv: string[], env: Record<string, string> = {}) => loadConfig(argv, env, '/repo');

describe('loadConfig', () => {
  it('has loopback defaults and the embedded SQLite database under ./data', () => {
    const config = load([]);
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, logLevel: 'info', execAllowlist: ['kubelogin'], eventRetentionDays: 14, jobRetentionDays: 14, heapGrowingPercent: 100 });
    expect(config.databaseUrl).toMatch(/^sqlite:.*data\/flux-orchestrator\.db$/);
  });

  it('reads the contract env names, and flags win over env', () => {
    const config = load(['--port', '9000'], { HOST: '127.0.0.2', PORT: '7000', DATA_DIR: '/tmp/x', DATABASE_URL: 'postgres://db/fo', LOG_LEVEL: 'debug', ENCRYPTION_KEY: 'k' });
    expect(config).toMatchObject({ host: '127.0.0.2', port: 9000, dataDir: '/tmp/x', databaseUrl: 'postgres://db/fo', logLevel: 'debug', encryptionKey: 'k' });
  });

  it.each([
    [['--port', 'eighty'], {}, /--port must be a whole number/],
    [[], { PORT: '70000' }, /PORT must be between 0 and 65535/],
    [[], { LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [[], { DATABASE_URL: 'oracle://x' }, /DATABASE_URL must start with/],
    [[], { HOST: '0.0.0.0', AUTH_MODE: 'none' }, /AUTH_MODE is none \(no login\), which is allowed only on a loopback HOST/],
    [[], { AUTH_MODE: 'open' }, /AUTH_MODE must be local or none/],
    [[], { COOKIE_SECURE: 'yes' }, /COOKIE_SECURE must be auto or always/],
    [[], { EVENT_RETENTION_DAYS: '0' }, /EVENT_RETENTION_DAYS must be between 1 and 3650/],
    [[], { JOB_RETENTION_DAYS: '0' }, /JOB_RETENTION_DAYS must be between 1 and 3650/],
    [['--job-retention-days', '2.5'], {}, /--job-retention-days must be a whole number/],
    [[], { OIDC_ISSUER: 'https://idp.example.com' }, /OIDC_CLIENT_ID is required when OIDC_ISSUER is set/],
    [[], { OIDC_ISSUER: 'http://idp.example.com', OIDC_CLIENT_ID: 'x', OIDC_REDIRECT_URL: 'https://fo.example.com/api/v1/auth/oidc/callback' }, /OIDC_ISSUER must be an https:\/\/ URL/],
    [[], { OIDC_ISSUER: 'https://idp.example.com', OIDC_CLIENT_ID: 'x', OIDC_REDIRECT_URL: 'https://fo.example.com/callback' }, /OIDC_REDIRECT_URL must end with \/api\/v1\/auth\/oidc\/callback/],
    [['--bogus'], {}, /command line is not understood/],
    [['--encryption-key', 'x'], {}, /command line is not understood/],
    [[], { ENDPOINT_DENY_NETWORKS: '169.254.0.0/33' }, /ENDPOINT_DENY_NETWORKS "169\.254\.0\.0\/33" is not a network/],
    [[], { ENDPOINT_ALLOW_NETWORKS: 'intranet' }, /ENDPOINT_ALLOW_NETWORKS "intranet" is not a network/],
    [[], { PUBLIC_URL: 'https://admin:pw@flux.example.com' }, /PUBLIC_URL must be an http\(s\) URL without user name or password/],
    [[], { PUBLIC_URL: 'flux.example.com' }, /PUBLIC_URL must be an http\(s\) URL/],
    [[], { TRUST_PROXY: 'true' }, /TRUST_PROXY "true" is not a network .*or a hop count/],
    [[], { TRUST_PROXY: '0' }, /TRUST_PROXY must be between 1 and 16/],
  ])('rejects %j %j with one line naming the setting', (argv, env, message) => {
    expect(() => load(argv as string[], env as Record<string, string>)).toThrow(ConfigError);
    expect(() => load(argv as string[], env as Record<string, string>)).toThrow(message as RegExp);
  });

  it('trusts no proxy by default; TRUST_PROXY takes addresses, CIDRs or a hop count', () => {
    expect(load([]).trustProxy).toBe(false);
    expect(load([], { TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(load([], { TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  it('requires login by default, so any host is allowed; no login only on loopback', () => {
    expect(load(['--host', '0.0.0.0'])).toMatchObject({ host: '0.0.0.0', authMode: 'local' });
    expect(load([], { AUTH_MODE: 'none' })).toMatchObject({ host: '127.0.0.1', authMode: 'none' });
  });

  it('denies link-local and metadata networks by default; `none` clears the list; PUBLIC_URL keeps only its origin', () => {
    expect(load([]).endpointDenyNetworks).toEqual(expect.arrayContaining(['169.254.0.0/16', 'fe80::/10']));
    expect(load([], { ENDPOINT_DENY_NETWORKS: 'none' }).endpointDenyNetworks).toEqual([]);
    expect(load([], { ENDPOINT_ALLOW_NETWORKS: '10.0.0.0/8, fd00::/8' }).endpointAllowNetworks).toEqual(['10.0.0.0/8', 'fd00::/8']);
    expect(load([], { PUBLIC_URL: 'https://Flux.Example.com/ui/' }).publicUrl).toBe('https://flux.example.com');
    expect(load([], { ALLOWED_HOSTS: 'Flux.example.com, .corp.example' }).allowedHosts).toEqual(['flux.example.com', '.corp.example']);
  });
});
