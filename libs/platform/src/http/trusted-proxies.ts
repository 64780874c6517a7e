import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

/**
 * The proxies (ingress controllers, load balancers) whose `X-Forwarded-For` is believed: IPs and CIDRs. A request's
 * client address is then the right-most address in `peer, X-Forwarded-For (right to left)` that is not one of them.
 * Left of that, the header is whatever the client sent, so the left-most entry is never used.
 */
export interface TrustedProxies {
  /** Whether `address` (an IP; IPv4-mapped IPv6 counts as its IPv4 address) is a trusted proxy. Anything else: false. */
  trusts(address: string): boolean;
  /** The entries as configured, for logs and error messages. */
  readonly entries: readonly string[];
}

export const NO_TRUSTED_PROXIES: TrustedProxies = { trusts: () => false, entries: [] };

/**
 * Parses a comma-separated list of IPs and CIDRs (`10.0.0.0/8, 192.0.2.7, fd00::/8`); empty: none. Throws an Error
 * naming the entry that is neither.
 */
export function parseTrustedProxies(value: string): TrustedProxies {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return NO_TRUSTED_PROXIES;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split('/');
    const version = isIP(address);
    const bits = version === 4 ? 32 : 128;
    if (!version || rest.length || (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits)))
      throw new Error(`"${entry}" is not an IP address or CIDR (like 10.0.0.0/8 or fd00::/8)`);
    const family = version === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return {
    entries,
    trusts: (address) => {
      const version = isIP(address);
      return version !== 0 && list.check(address, version === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/** `TRUSTED_PROXIES` as a config schema entry: unset or empty gives NO_TRUSTED_PROXIES (the socket peer is the client). */
export const trustedProxiesEnv = z
  .string()
  .optional()
  .transform((value, ctx): TrustedProxies => {
    try {
      return parseTrustedProxies(value ?? '');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `must be comma-separated IPs or CIDRs: ${(error as Error).message}` });
      return z.NEVER;
    }
  });

/**
 * Fastify's `trustProxy` for these proxies. Fastify (proxy-addr) walks from the socket peer leftwards through
 * `X-Forwarded-For` while the address is trusted and makes the first untrusted one `request.ip`: the right-most
 * untrusted address. With no trusted proxies the header is ignored and `request.ip` is the peer.
 */
export function fastifyTrustProxy(proxies: TrustedProxies): false | ((address: string, hop: number) => boolean) {
  return proxies.entries.length === 0 ? false : (address) => proxies.trusts(address);
}
