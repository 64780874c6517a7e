import { lookup as dnsLookup } from 'node:dns/promises';
import { z } from 'zod';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** OUTBOUND_ALLOWED_HOSTS parsed: host names (exact, case-insensitive) and IPs/CIDRs (API.md §10). */
export interface OutboundAllowList {
  hosts: ReadonlySet<string>;
  addresses: BlockList;
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Parses a comma-separated list of host names, IPs and CIDRs; throws an Error naming the first bad entry. */
export function parseOutboundAllowList(value: string | undefined): OutboundAllowList {
  const hosts = new Set<string>();
  const addresses = new BlockList();
  for (const raw of (value ?? '').split(',')) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1');
    if (!entry) continue;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (prefix !== undefined) {
      const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
      if (!family || rest.length || !(bits >= 0 && bits <= (family === 4 ? 32 : 128))) {
        throw new Error(`"${raw.trim()}" is not a valid CIDR`);
      }
      addresses.addSubnet(address, bits, family === 4 ? 'ipv4' : 'ipv6');
    } else if (family) {
      addresses.addAddress(address, family === 4 ? 'ipv4' : 'ipv6');
    } else if (HOST_NAME.test(entry)) {
      hosts.add(entry);
    } else {
      throw new Error(`"${raw.trim()}" is neither a host name, an IP nor a CIDR`);
    }
  }
  return { hosts, addresses };
}

/** Loopback, private, link-local, CGNAT, multicast and reserved ranges: never reachable without an allow-list entry. */
const NON_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NON_PUBLIC.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(net, bits, 'ipv6');
}

function family(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 4 ? 'ipv4' : 'ipv6';
}

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is judged as the IPv4 address it carries. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

export function isNonPublicAddress(address: string): boolean {
  const ip = unmapped(address);
  return NON_PUBLIC.check(ip, family(ip));
}

/** A refused outbound call; the message names the host, never a response body. */
export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>;
const systemResolve: Resolve = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * The SSRF guard of outbound calls (API.md §10): resolves the host and refuses it when any address is
 * non-public, unless the host name, the IP or a CIDR around it is allowed. Connections use `lookup`, so the
 * check runs when the connection resolves the host, against the addresses it then connects to (no DNS
 * rebinding in between); `guardedRequest` is the one client that does so.
 */
export class OutboundGuard {
  constructor(
    private readonly allow: OutboundAllowList,
    private readonly resolve: Resolve = systemResolve,
  ) {}

  /** Whether the host itself (name or literal IP) is in the allow-list, whatever it resolves to. */
  isListed(hostname: string): boolean {
    const host = normalizedHost(hostname);
    if (this.allow.hosts.has(host)) return true;
    const ip = unmapped(host);
    return isIP(ip) !== 0 && this.allow.addresses.check(ip, family(ip));
  }

  /**
   * A `lookup` for http(s).request and net.connect: the host is resolved and checked at connect time and the
   * connection gets only the addresses `check` accepted. Node skips `lookup` for an IP literal host, so a
   * caller checks literals itself (`check` does not resolve them).
   */
  readonly lookup: LookupFunction = ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    this.check(hostname).then(
      (addresses) => (options?.all ? callback(null, addresses) : callback(null, addresses[0].address, addresses[0].family)),
      (error: unknown) => callback(error),
    );
  }) as unknown as LookupFunction;

  async check(hostname: string): Promise<{ address: string; family: number }[]> {
    const host = normalizedHost(hostname);
    const literal = isIP(host);
    const addresses = literal ? [{ address: host, family: literal }] : await this.resolve(host).catch(() => []);
    if (!addresses.length) throw new OutboundRefused(`${host} does not resolve`);
    if (this.allow.hosts.has(host)) return addresses;
    for (const { address } of addresses) {
      const ip = unmapped(address);
      if (isNonPublicAddress(ip) && !this.allow.addresses.check(ip, family(ip))) {
        throw new OutboundRefused(`${host} resolves to a private, loopback or link-local address not in OUTBOUND_ALLOWED_HOSTS`);
      }
    }
    return addresses;
  }
}

function normalizedHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

/** The OUTBOUND_ALLOWED_HOSTS variable as a config schema entry: parsed at boot, a bad entry names itself. */
export const outboundAllowedHostsEnv = z
  .string()
  .optional()
  .transform((value, ctx) => {
    try {
      return parseOutboundAllowList(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `must be comma-separated host names, IPs or CIDRs: ${(error as Error).message}` });
      return z.NEVER;
    }
  });
