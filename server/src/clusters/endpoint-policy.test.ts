import { describe, expect, it } from 'vitest';
import { DEFAULT_DENIED_NETWORKS, EndpointPolicy, parseNetwork } from './endpoint-policy.js';

/** Names resolve through this table, never the network. */
const resolver = (table: Record<string, string[]>) => async (host: string) => {
  const addresses = table[host];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return addresses;
};

describe('EndpointPolicy', () => {
  const policy = new EndpointPolicy({
    allowNetworks: [],
    denyNetworks: DEFAULT_DENIED_NETWORKS,
    resolve: resolver({ 'metadata.internal': ['169.254.169.254'], 'api.example.com': ['203.0.113.7'], 'split.example.com': ['203.0.113.8', 'fe80::2'] }),
  });

  it.each([
    ['https://169.254.169.254/latest/meta-data', /169\.254\.169\.254, a link-local or cloud metadata address/],
    ['https://metadata.internal', /metadata\.internal \(169\.254\.169\.254\)/],
    ['https://split.example.com:6443', /split\.example\.com \(fe80::2\)/],
    ['https://[::ffff:a9fe:a9fe]', /link-local or cloud metadata/],
    ['https://168.63.129.16', /link-local or cloud metadata/],
    ['https://admin:secret@api.example.com', /must not contain a user name or password/],
    ['not a url', /is not a valid URL/],
  ])('refuses %s', async (url, message) => {
    expect(await policy.problemWith(url, 'server')).toMatch(message);
  });

  it.each(['https://api.example.com:6443', 'https://127.0.0.1:6443', 'https://[::1]:6443', 'https://unresolvable.example'])('accepts %s', async (url) => {
    expect(await policy.problemWith(url, 'server')).toBeUndefined();
  });

  it('keeps endpoints inside the allowed networks when some are set, and never repeats a password', async () => {
    const inside = new EndpointPolicy({ allowNetworks: ['10.0.0.0/8'], denyNetworks: [], resolve: resolver({}) });
    expect(await inside.problemWith('https://10.1.2.3', 'server')).toBeUndefined();
    expect(await inside.problemWith('https://203.0.113.7', 'server')).toMatch(/outside the networks this server may call \(ENDPOINT_ALLOW_NETWORKS\)/);
    expect(await inside.problemWith('https://u:hunter2@10.1.2.3', 'server')).not.toContain('hunter2');
  });

  it('parses networks and says which one is wrong', () => {
    expect(parseNetwork('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseNetwork('fd00::1')).toEqual({ address: 'fd00::1', prefix: 128, family: 'ipv6' });
    expect(() => parseNetwork('10.0.0.0/40')).toThrow(/"10\.0\.0\.0\/40" is not a network/);
    expect(() => parseNetwork('10.0.0.0/8/1')).toThrow(/is not a network/);
  });
});

describe('EndpointPolicy.connectLookup (what every socket resolves through)', () => {
  // A name that pointed somewhere allowed when its kubeconfig was saved, and now does not.
  const table: Record<string, string[]> = { 'api.example.com': ['203.0.113.7'] };
  const policy = new EndpointPolicy({ allowNetworks: [], denyNetworks: DEFAULT_DENIED_NETWORKS, resolve: resolver(table) });
  const lookup = (host: string, options: { all?: boolean }) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
      policy.connectLookup('cluster "prod" server')(host, options as { all: true }, (error, address, family) => resolve({ error, address, family })),
    );

  it('hands the socket the addresses the name has now, in the form asked for', async () => {
    table['api.example.com'] = ['203.0.113.7'];
    expect(await lookup('api.example.com', {})).toEqual({ error: null, address: '203.0.113.7', family: 4 });
    expect(await lookup('api.example.com', { all: true })).toMatchObject({ error: null, address: [{ address: '203.0.113.7', family: 4 }] });
  });

  it('refuses a name rebound to a metadata address, saying which and why', async () => {
    table['api.example.com'] = ['169.254.169.254'];
    const { error } = await lookup('api.example.com', {});
    expect(error?.code).toBe('EENDPOINTREFUSED');
    expect(error?.message).toBe('cluster "prod" server points at api.example.com (169.254.169.254), a link-local or cloud metadata address this server refuses to call; an operator can change ENDPOINT_DENY_NETWORKS');
  });

  it('passes on a resolver failure as the socket would see it', async () => {
    expect((await lookup('nowhere.example', {})).error?.code).toBe('ENOTFOUND');
  });
});
