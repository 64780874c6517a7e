import { checkPublicJwk, isPlainObject } from '@issuer/oauth2';
import { multibaseKeyToJwk } from './did-key.codec';

export type VerificationMethodKey = { ok: true; jwk: Record<string, unknown> } | { ok: false; description: string };

const sameId = (did: string, id: unknown, didUrl: string) =>
  id === didUrl || (typeof id === 'string' && id.startsWith('#') && did + id === didUrl);

/**
 * The public key of the verification method a DID URL names in a resolved DID document (DID Core §5.2, §5.3.1):
 * the document's `id` must be the DID, the URL needs a fragment, and the method must be in `authentication`
 * (a key proof authenticates its holder) by reference or embedded. `publicKeyJwk` (public members only) and
 * `publicKeyMultibase` (Multikey: Ed25519, P-256, P-384, secp256k1; jwk_jcs-pub) are understood.
 */
export function verificationMethodKey(document: unknown, didUrl: string): VerificationMethodKey {
  const hash = didUrl.indexOf('#');
  if (hash < 0) return { ok: false, description: 'proof kid must name a verification method (a DID URL with a fragment)' };
  const did = didUrl.slice(0, hash);
  if (!isPlainObject(document) || document['id'] !== did)
    return { ok: false, description: 'the DID document is not the document of the kid DID' };
  const listed = (name: string) => (Array.isArray(document[name]) ? (document[name] as unknown[]) : []);
  const embedded = [...listed('verificationMethod'), ...listed('authentication')].filter(isPlainObject);
  const method = embedded.find((candidate) => sameId(did, candidate['id'], didUrl));
  if (!method) return { ok: false, description: 'the DID document has no verification method for the proof kid' };
  const authenticates = listed('authentication').some((entry) =>
    isPlainObject(entry) ? sameId(did, entry['id'], didUrl) : sameId(did, entry, didUrl),
  );
  if (!authenticates) return { ok: false, description: 'the proof kid verification method is not listed under authentication' };
  if (method['publicKeyJwk'] !== undefined) {
    const checked = checkPublicJwk(method['publicKeyJwk']);
    return checked.ok ? checked : { ok: false, description: `verification method ${checked.description}` };
  }
  if (typeof method['publicKeyMultibase'] === 'string') return multibaseKeyToJwk(method['publicKeyMultibase']);
  return { ok: false, description: 'the verification method has neither publicKeyJwk nor a supported publicKeyMultibase' };
}
