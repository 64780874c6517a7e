import { base64UrlDecodeJson, base64UrlEncode, isPlainObject } from '@issuer/oauth2';
import type { HashAlgorithm, HashCallback } from '../callbacks';
import { invalidRequest, Oid4vpError } from '../errors/oid4vp-error';

/** `_sd_alg` values this verifier accepts (IANA "Named Information Hash Algorithm" names, RFC 9901 §4.1.1). */
export const SD_ALGS: readonly HashAlgorithm[] = ['sha-256', 'sha-384', 'sha-512'];

interface Disclosure {
  encoded: string;
  /** `undefined` for an array element disclosure `[salt, value]`. */
  name?: string;
  value: unknown;
}

const RESERVED_NAMES = ['_sd', '...', '_sd_alg'];

/** Defines an own property even for a name like `__proto__` (claim names come from the wallet). */
function setOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}
const malformedDisclosure = (why: string) => invalidRequest('invalid_disclosure', `SD-JWT disclosure ${why}`);

/** Decodes one disclosure (RFC 9901 §4.2.1, §4.2.2): `[salt, name, value]` or `[salt, value]`. */
function decodeDisclosure(encoded: string): Disclosure {
  const array = base64UrlDecodeJson(encoded);
  if (!Array.isArray(array) || (array.length !== 2 && array.length !== 3) || typeof array[0] !== 'string') {
    throw malformedDisclosure('is not a base64url JSON array [salt, (name,) value]');
  }
  if (array.length === 2) return { encoded, value: array[1] };
  const name = array[1];
  if (typeof name !== 'string' || RESERVED_NAMES.includes(name)) throw malformedDisclosure('has an invalid claim name');
  return { encoded, name, value: array[2] };
}

/** The hash algorithm of an issuer-signed payload: `_sd_alg`, default sha-256 (RFC 9901 §4.1.1). */
export function sdAlgOf(payload: Record<string, unknown>): HashAlgorithm {
  const alg = payload['_sd_alg'] ?? 'sha-256';
  if (!SD_ALGS.includes(alg as HashAlgorithm)) throw invalidRequest('unsupported', 'SD-JWT _sd_alg is not supported');
  return alg as HashAlgorithm;
}

/** base64url(hash(ASCII(text))): a disclosure digest or the KB-JWT `sd_hash` (RFC 9901 §4.2.3, §4.3.1). */
export async function digestOf(text: string, alg: HashAlgorithm, hash: HashCallback): Promise<string> {
  return base64UrlEncode(await hash(new TextEncoder().encode(text), alg));
}

/** Walks the issuer-signed payload and replaces digests by their disclosed claims (RFC 9901 §7.1 step 3). */
class Reconstruction {
  private readonly used = new Set<string>();
  private readonly seenDigests = new Set<string>();

  constructor(private readonly byDigest: Map<string, Disclosure>) {}

  /** Every disclosure must have been reached through a digest (§7.1 step 5): a tampered one never is. */
  unusedCount(): number {
    return this.byDigest.size - this.used.size;
  }

  private take(digest: unknown): Disclosure | undefined {
    if (typeof digest !== 'string') throw invalidRequest('invalid_disclosure', 'SD-JWT digest is not a string');
    // §7.1 step 4: a digest may occur only once in the payload and the disclosures together.
    if (this.seenDigests.has(digest)) throw invalidRequest('invalid_disclosure', 'SD-JWT digest occurs more than once');
    this.seenDigests.add(digest);
    const disclosure = this.byDigest.get(digest);
    if (disclosure) this.used.add(digest);
    return disclosure;
  }

  value(value: unknown): unknown {
    if (Array.isArray(value)) return this.array(value);
    if (isPlainObject(value)) return this.object(value);
    return value;
  }

  private array(items: unknown[]): unknown[] {
    const out: unknown[] = [];
    for (const item of items) {
      if (isPlainObject(item) && '...' in item) {
        if (Object.keys(item).length !== 1)
          throw invalidRequest('invalid_disclosure', "SD-JWT array digest object has members besides '...'");
        const disclosure = this.take(item['...']);
        if (!disclosure) continue; // undisclosed element or decoy: dropped (§7.1 step 3.c.ii)
        if (disclosure.name !== undefined) throw invalidRequest('invalid_disclosure', 'SD-JWT object disclosure referenced from an array');
        out.push(this.value(disclosure.value));
      } else out.push(this.value(item));
    }
    return out;
  }

  private object(object: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(object)) {
      if (name === '_sd' || name === '_sd_alg') continue;
      setOwn(out, name, this.value(member));
    }
    const digests = object['_sd'];
    if (digests === undefined) return out;
    if (!Array.isArray(digests)) throw invalidRequest('invalid_disclosure', 'SD-JWT _sd is not an array');
    for (const digest of digests) {
      const disclosure = this.take(digest);
      if (!disclosure) continue; // decoy or undisclosed
      if (disclosure.name === undefined) throw invalidRequest('invalid_disclosure', 'SD-JWT array element disclosure referenced from _sd');
      // §7.1 step 3.b.iii: a disclosed name must not overwrite a claim the issuer signed in clear.
      if (Object.prototype.hasOwnProperty.call(out, disclosure.name)) {
        throw invalidRequest('invalid_disclosure', 'SD-JWT disclosure repeats an existing claim name');
      }
      setOwn(out, disclosure.name, this.value(disclosure.value));
    }
    return out;
  }
}

/**
 * Processes the disclosures of an SD-JWT (RFC 9901 §7.1 steps 3-5): hashes each with `_sd_alg`, replaces the
 * matching digests in `_sd` arrays and `{"...": digest}` array elements — recursively, so disclosures may hold
 * further digests — and drops undisclosed digests and decoys. Security: a disclosure whose digest is not in the
 * signed payload (tampered, or from another credential), a repeated digest, or a disclosure that overwrites a
 * signed claim rejects the whole presentation.
 * @throws Oid4vpError `invalid_request` / `invalid_disclosure`
 */
export async function resolveDisclosures(
  payload: Record<string, unknown>,
  encodedDisclosures: readonly string[],
  hash: HashCallback,
): Promise<Record<string, unknown>> {
  const alg = sdAlgOf(payload);
  const byDigest = new Map<string, Disclosure>();
  for (const encoded of encodedDisclosures) {
    const digest = await digestOf(encoded, alg, hash);
    if (byDigest.has(digest)) throw invalidRequest('invalid_disclosure', 'SD-JWT contains the same disclosure twice');
    byDigest.set(digest, decodeDisclosure(encoded));
  }
  const reconstruction = new Reconstruction(byDigest);
  const claims = reconstruction.value(payload) as Record<string, unknown>;
  if (reconstruction.unusedCount() > 0) {
    throw new Oid4vpError('invalid_request', 'invalid_disclosure', 'SD-JWT disclosure does not match any digest of the credential');
  }
  return claims;
}
