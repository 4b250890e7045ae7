import { lookup } from 'node:dns/promises';
import type { LookupAddress, LookupOneOptions } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where the server may be told to connect: cluster API servers (kubeconfig `server`) and Azure
 * custom-cloud endpoints. Whoever can register a cluster chooses the address the server calls,
 * so link-local and cloud metadata addresses (169.254.169.254 hands out the host's own
 * credentials) are refused unless an operator allows them, and URLs never carry a user name or
 * password (they would be stored and shown back).
 */

/** Link-local ranges and the cloud metadata / platform addresses outside them. */
export const DEFAULT_DENIED_NETWORKS: readonly string[] = [
  '169.254.0.0/16', // IPv4 link-local: AWS/Azure/GCP instance metadata at 169.254.169.254
  'fe80::/10', // IPv6 link-local
  'fd00:ec2::254/128', // AWS metadata over IPv6
  '100.100.100.200/32', // Alibaba Cloud metadata
  '168.63.129.16/32', // Azure platform (WireServer)
];

export interface EndpointPolicyOptions {
  /** CIDRs an endpoint must be in (empty: anywhere not denied). */
  allowNetworks: readonly string[];
  /** CIDRs an endpoint may not be in. */
  denyNetworks: readonly string[];
  /** Resolves a host name to its addresses (default: the system resolver). */
  resolve?: (host: string) => Promise<string[]>;
}

/** Parses `address/prefix`; throws with a message naming the value when it is not a network. */
export function parseNetwork(cidr: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const [address = '', prefixText, extra] = cidr.trim().split('/');
  const version = isIP(address);
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (version === 0 || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max || (prefixText !== undefined && !/^\d+$/.test(prefixText))) {
    throw new Error(`"${cidr}" is not a network (address/prefix, e.g. 10.0.0.0/8 or fd00::/8)`);
  }
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

function blockListOf(networks: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of networks) {
    const { address, prefix, family } = parseNetwork(cidr);
    list.addSubnet(address, prefix, family);
  }
  return list;
}

/** `::ffff:169.254.169.254` is the IPv4 address for every purpose that matters here. */
function normalizeAddress(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

export class EndpointPolicy {
  private readonly allow: BlockList | undefined;
  private readonly deny: BlockList;
  private readonly resolve: (host: string) => Promise<string[]>;

  constructor(options: EndpointPolicyOptions) {
    this.allow = options.allowNetworks.length > 0 ? blockListOf(options.allowNetworks) : undefined;
    this.deny = blockListOf(options.denyNetworks);
    this.resolve = options.resolve ?? (async (host) => (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address));
  }

  /** A policy that refuses only the default denied networks (for tests and tools). */
  static defaults(): EndpointPolicy {
    return new EndpointPolicy({ allowNetworks: [], denyNetworks: DEFAULT_DENIED_NETWORKS });
  }

  /**
   * Why `url` may not be used, or undefined when it may. `what` names it in the message
   * ("cluster \"prod\" server"). A host name is checked by every address it resolves to now; a
   * name that does not resolve (yet) is accepted, as its connection will fail on its own.
   */
  async problemWith(url: string, what: string): Promise<string | undefined> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return `${what} is not a valid URL`;
    }
    const userinfo = userinfoProblem(parsed, what);
    if (userinfo) return userinfo;
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    if (isIP(host)) addresses = [host];
    else {
      try {
        addresses = await this.resolve(host);
      } catch {
        return undefined;
      }
    }
    for (const raw of addresses) {
      const problem = this.addressProblem(raw, isIP(host) ? undefined : host, what);
      if (problem) return problem;
    }
    return undefined;
  }

  /** Why connecting to `address` (resolved from `host`, if a name) is refused, or undefined. */
  addressProblem(raw: string, host: string | undefined, what: string): string | undefined {
    const { address, family } = normalizeAddress(raw);
    const shown = host === undefined ? address : `${host} (${address})`;
    if (this.deny.check(address, family)) {
      return `${what} points at ${shown}, a link-local or cloud metadata address this server refuses to call; an operator can change ENDPOINT_DENY_NETWORKS`;
    }
    if (this.allow && !this.allow.check(address, family)) {
      return `${what} points at ${shown}, which is outside the networks this server may call (ENDPOINT_ALLOW_NETWORKS)`;
    }
    return undefined;
  }

  /**
   * A DNS lookup for sockets that refuses what the policy refuses: the check at save time saw
   * the addresses a name had then, and a name can be pointed elsewhere later (DNS rebinding).
   * Every connection resolves through this, so the address actually called is the one checked.
   */
  connectLookup(what: string): LookupFunction {
    return (hostname: string, options: LookupOneOptions | { all: true }, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
      this.resolve(hostname).then(
        (addresses) => {
          if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} did not resolve`), { code: 'ENOTFOUND' }), '');
          for (const address of addresses) {
            const problem = this.addressProblem(address, hostname, what);
            if (problem) return callback(Object.assign(new Error(problem), { code: 'EENDPOINTREFUSED' }), '');
          }
          const resolved = addresses.map((address) => ({ address, family: isIP(address) }));
          if ('all' in options && options.all) return callback(null, resolved);
          callback(null, resolved[0]!.address, resolved[0]!.family);
        },
        (error: NodeJS.ErrnoException) => callback(error, ''),
      );
    };
  }
}

/** A user name or password in a URL is refused (and the URL is not repeated back). */
export function userinfoProblem(url: URL, what: string): string | undefined {
  if (url.username || url.password) return `${what} must not contain a user name or password (user:password@); remove them from the URL`;
  return undefined;
}
