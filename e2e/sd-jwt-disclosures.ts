import { createHash } from 'node:crypto';

/** The digest of a disclosure as SD-JWT (RFC 9901 §4.2.3) defines it: sha-256 over the ASCII of the base64url string sent. */
export const disclosureDigest = (encoded: string): string => createHash('sha256').update(encoded, 'ascii').digest('base64url');

interface Disclosure {
  encoded: string;
  /** Absent for an array element disclosure `[salt, value]`. */
  name?: string;
  value: unknown;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Replaces the digests of a signed SD-JWT payload with the claims of its disclosures, written here from RFC 9901 §7.1
 * rather than taken from an SD-JWT library, so that the end-to-end suite does not trust the code the issuer uses.
 * Object members are found through `_sd` arrays, array elements through `{"...": digest}`, recursively (a disclosed
 * value may hold digests of its own). Throws when a disclosure is not referenced by the payload or by another
 * disclosure (a wrong or forged disclosure), is referenced twice or sent twice, has the wrong shape for where its
 * digest sits, or discloses a name the object already has.
 */
export function unpackDisclosures(payload: Json, encoded: string[]): Json {
  const algorithm = payload['_sd_alg'] ?? 'sha-256';
  if (algorithm !== 'sha-256') throw new Error(`_sd_alg ${String(algorithm)} is not supported here`);
  const byDigest = new Map<string, Disclosure>();
  for (const disclosure of encoded.map(decode)) {
    const digest = disclosureDigest(disclosure.encoded);
    if (byDigest.has(digest)) throw new Error(`disclosure ${disclosure.encoded} is sent twice`);
    byDigest.set(digest, disclosure);
  }
  const seen = new Set<string>();
  /** The disclosure of a digest, if one was sent; every digest may appear once in the whole credential. */
  const take = (digest: unknown): Disclosure | undefined => {
    if (typeof digest !== 'string') throw new Error(`digest ${JSON.stringify(digest)} is not a string`);
    if (seen.has(digest)) throw new Error(`digest ${digest} appears twice`);
    seen.add(digest);
    return byDigest.get(digest);
  };
  const unpack = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const elements: unknown[] = [];
      for (const element of value) {
        if (isObject(element) && '...' in element) {
          if (Object.keys(element).length !== 1) throw new Error('an array element digest object has other members');
          const disclosure = take(element['...']);
          if (!disclosure) continue; // a decoy, or an element the holder does not disclose
          if (disclosure.name !== undefined) throw new Error(`object disclosure ${disclosure.encoded} sits in an array`);
          elements.push(unpack(disclosure.value));
        } else elements.push(unpack(element));
      }
      return elements;
    }
    if (!isObject(value)) return value;
    const { _sd: digests = [], ...members } = value;
    if (!Array.isArray(digests)) throw new Error('_sd is not an array');
    const result: Json = {};
    for (const [name, member] of Object.entries(members)) result[name] = unpack(member);
    for (const digest of digests) {
      const disclosure = take(digest);
      if (!disclosure) continue;
      if (disclosure.name === undefined) throw new Error(`array element disclosure ${disclosure.encoded} sits in _sd`);
      if (Object.hasOwn(result, disclosure.name)) throw new Error(`disclosed name ${disclosure.name} is already in the object`);
      result[disclosure.name] = unpack(disclosure.value);
    }
    return result;
  };
  const { _sd_alg: _algorithm, ...claims } = payload;
  const unpacked = unpack(claims) as Json;
  for (const [digest, disclosure] of byDigest) {
    if (!seen.has(digest)) throw new Error(`disclosure ${disclosure.encoded} (digest ${digest}) is not referenced by the signed payload`);
  }
  return unpacked;
}

function decode(encoded: string): Disclosure {
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) throw new Error(`disclosure ${encoded} is not base64url`);
  const parts: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  if (!Array.isArray(parts) || (parts.length !== 2 && parts.length !== 3) || typeof parts[0] !== 'string')
    throw new Error(`disclosure ${encoded} is not [salt, name?, value]`);
  if (parts.length === 2) return { encoded, value: parts[1] };
  const name: unknown = parts[1];
  if (typeof name !== 'string' || name === '_sd' || name === '...') throw new Error(`disclosure ${encoded} names ${String(name)}`);
  return { encoded, name, value: parts[2] };
}
