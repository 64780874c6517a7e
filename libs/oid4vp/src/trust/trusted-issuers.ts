import 'reflect-metadata'; // @peculiar/x509 resolves its algorithm providers through tsyringe, which needs it first
import * as x509 from '@peculiar/x509';
import { isPlainObject } from '@issuer/oauth2';
import type { Jwk } from '../callbacks';
import { isDid } from '../did/did-local';
import { asPublicJwk } from '../jose/jwk';
import type { FieldError } from '../validation/field-error';

/**
 * The trust configuration of a `VP_TOKEN` login (API.md §11 `trustedIssuers`), sorted by kind. An entry trusts a
 * credential issuer through a public JWK, a PEM certificate (the `x5c` leaf itself, or a trust anchor the chain
 * leads to), or a DID (the credential's issuer is that DID and its `kid` a DID URL of it).
 */
export interface TrustedIssuers {
  readonly jwks: readonly Jwk[];
  readonly certificates: readonly string[];
  readonly dids: readonly string[];
}

const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----$/;

function parseEntry(entry: unknown): { jwk: Jwk } | { certificate: string } | { did: string } | string {
  if (isPlainObject(entry)) {
    if (!asPublicJwk(entry)) return 'must be a public EC, OKP or RSA JWK without private members';
    return { jwk: entry };
  }
  if (typeof entry !== 'string') return 'must be a JWK object, a PEM certificate or a DID';
  const text = entry.trim();
  if (text.startsWith('-----BEGIN')) {
    if (!PEM_CERTIFICATE.test(text)) return 'must be a single PEM certificate (-----BEGIN CERTIFICATE-----)';
    try {
      new x509.X509Certificate(text);
    } catch {
      return 'is not a parsable X.509 certificate';
    }
    return { certificate: text };
  }
  if (isDid(text)) return { did: text };
  return 'must be a JWK object, a PEM certificate or a DID';
}

/**
 * Validates and sorts a `trustedIssuers` list (admin time: profile creation and update; and before verification).
 * Every entry must be a public JWK, one parsable PEM certificate, or a DID; an error names its entry as
 * `trustedIssuers.<index>`, and `trustedIssuers` holds the valid entries. An empty or absent list is valid and trusts
 * nobody (every presentation is then refused as `untrusted_issuer`).
 */
export function parseTrustedIssuers(list: unknown): { trustedIssuers: TrustedIssuers; errors: FieldError[] } {
  if (list === undefined || list === null) return { trustedIssuers: { jwks: [], certificates: [], dids: [] }, errors: [] };
  if (!Array.isArray(list))
    return { trustedIssuers: { jwks: [], certificates: [], dids: [] }, errors: [{ path: 'trustedIssuers', message: 'must be an array' }] };
  const jwks: Jwk[] = [];
  const certificates: string[] = [];
  const dids: string[] = [];
  const errors: FieldError[] = [];
  list.forEach((entry, index) => {
    const parsed = parseEntry(entry);
    if (typeof parsed === 'string') errors.push({ path: `trustedIssuers.${index}`, message: parsed });
    else if ('jwk' in parsed) jwks.push(parsed.jwk);
    else if ('certificate' in parsed) certificates.push(parsed.certificate);
    else dids.push(parsed.did);
  });
  return { trustedIssuers: { jwks, certificates, dids }, errors };
}

/** Accepts an already parsed configuration or a raw list; a raw list that does not validate is a configuration error. */
export function toTrustedIssuers(value: TrustedIssuers | readonly unknown[] | undefined): TrustedIssuers {
  if (value !== undefined && !Array.isArray(value)) return value as TrustedIssuers;
  const parsed = parseTrustedIssuers(value);
  if (parsed.errors.length)
    throw new TypeError(`trustedIssuers is invalid: ${parsed.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  return parsed.trustedIssuers;
}
