import type { SdMap } from '../sd-jwt-vc/sd-map.types';

/** The W3C data model versions a profile can choose (`w3cVersion`, API.md §4). */
export type W3cVersion = '1.1' | '2.0';

/** A status list reference as the status-list service allocates it, independent of the format. */
export interface W3cStatusReference {
  type: 'BitstringStatusList' | 'StatusList2021';
  /** URL of the status list credential. */
  uri: string;
  index: number;
  purpose: string;
  /** Bits per entry for Bitstring Status List `message` purposes; 1 otherwise. */
  statusSize?: number;
  /** What each value means (Bitstring Status List v1.0 §2.1; required when `statusSize` > 1). */
  statusMessage?: { status: string; message: string }[];
}

/** Everything needed to issue one W3C credential secured as a JWT (VCDM 1.1 §6.3.1, VC-JOSE-COSE §3). */
export interface W3cIssueRequest {
  version: W3cVersion;
  /** JOSE header members; `typ`/`cty` are set by the library. `x5c` is standard base64 DER, leaf first. */
  header: { alg: string; kid?: string; x5c?: string[] };
  /** The credential body from the profile: `@context`, `type`, `credentialSubject` and any other property. */
  credential: Record<string, unknown>;
  /** The issuer's identifier: the profile's DID, or the credential issuer URL. */
  issuer: string;
  /** Types from the credential configuration's `credential_definition.type`, used when the body has none. */
  defaultTypes?: string[];
  /** The holder's DID from the proof key; becomes `credentialSubject.id` (and `sub` in 1.1). */
  subjectId?: string;
  issuedAt: Date;
  validFrom?: Date;
  validUntil?: Date;
  /** `urn:uuid:…` id of the credential (`jti` in 1.1). */
  credentialId?: string;
  /** One entry, or several (e.g. a revocation and a suspension list): an array becomes a `credentialStatus` array (VCDM 2.0 §4.10). */
  credentialStatus?: W3cStatusReference | W3cStatusReference[];
  /** With `version: '2.0'` the credential becomes a W3C SD-JWT (`vc+sd-jwt`). Refused with 1.1. */
  selectiveDisclosure?: SdMap;
}

/** Crypto for issuance, injected so the issuer key stays in the KMS (STYLE.md rule 3). */
export interface W3cVcCallbacks {
  /** Returns the base64url signature over the ASCII JWS signing input `<header>.<payload>`. */
  sign(signingInput: string): Promise<string>;
  hash(data: string, alg: 'sha-256'): Uint8Array | Promise<Uint8Array>;
  randomBytes(length: number): Uint8Array;
}
