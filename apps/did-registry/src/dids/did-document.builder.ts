import type { DidDocument } from '@issuer/contracts';
import { canonicalPublicJwk } from '@issuer/oauth2';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { Jwk } from './public-jwk';

export const DID_CONTEXT = ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'];
const SIGNING = ['authentication', 'assertionMethod', 'capabilityInvocation', 'capabilityDelegation'] as const;

/**
 * A DID document with one JsonWebKey2020 verification method (DID Core §5.2, JWS 2020). One material
 * property only: DID Core §5.2.1 forbids publicKeyJwk and publicKeyMultibase on the same method.
 */
function documentWith(did: string, fragment: string, jwk: Jwk, relationships: readonly string[]): DidDocument {
  const id = `${did}#${fragment}`;
  const document: DidDocument = {
    '@context': DID_CONTEXT,
    id: did,
    verificationMethod: [{ id, type: 'JsonWebKey2020', controller: did, publicKeyJwk: jwk }],
  };
  for (const relationship of relationships) document[relationship] = [id];
  return document;
}

/** did:key (CCG did:key v0.7 §3.1.2, publicKeyFormat JsonWebKey2020): method id `did:key:z…#z…`. */
export function didKeyDocument(did: string, multibase: string, jwk: Jwk): DidDocument {
  return documentWith(did, multibase, canonicalPublicJwk(jwk), SIGNING);
}

/**
 * did:jwk (did:jwk spec §2.3): method `#0`; `use: "enc"` keys only agree keys, `use: "sig"` keys only sign,
 * others do both, except curves that cannot (Ed25519/Ed448 never agree keys, X25519/X448 never sign).
 */
export function didJwkDocument(did: string, jwk: Jwk): DidDocument {
  const crv = String(jwk.crv ?? '');
  const canSign = jwk.use !== 'enc' && !['X25519', 'X448'].includes(crv);
  const canAgree = jwk.use !== 'sig' && !['Ed25519', 'Ed448'].includes(crv);
  return documentWith(did, '0', jwk, [...(canSign ? SIGNING : []), ...(canAgree ? ['keyAgreement'] : [])]);
}

/** did:web (did:web method spec §3.2): the method fragment is the key's RFC 7638 thumbprint, usable as a JWS `kid`. */
export async function didWebDocument(did: string, jwk: Jwk): Promise<DidDocument> {
  const key = canonicalPublicJwk(jwk);
  return documentWith(did, await calculateJwkThumbprint(key as JWK, 'sha256'), key, SIGNING);
}
