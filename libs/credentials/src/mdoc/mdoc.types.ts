import { MdocNameSpacesDataMappingConfig } from './data-mapping-config.types';
import { MdocDigestAlgorithm, MdocSigningAlgorithm } from './mdoc-algorithms';

/** MSO `validityInfo` (ISO 18013-5 §9.1.2.4), encoded as tdate with whole seconds. */
export interface MdocValidityInfo {
  /** When the MSO was signed (normally "now"). */
  signed: Date;
  /** Not valid before; must not be earlier than `signed`. */
  validFrom: Date;
  /** Not valid after; must be later than `validFrom`. */
  validUntil: Date;
  /** When the issuer expects to re-issue the MSO (optional). */
  expectedUpdate?: Date;
}

/** The `Status` map of the IETF Token Status List draft ("Referenced Token in COSE"), carried in the MSO. */
export interface MdocStatus {
  status_list: { idx: number; uri: string };
}

export interface MdocIssueInput {
  /** The document type, e.g. `org.iso.18013.5.1.mDL` (the credential configuration's `doctype`). */
  docType: string;
  /** Credential data `{ "<namespace>": { "<element>": <JSON or converted value> } }`. */
  nameSpaces: Record<string, Record<string, unknown>>;
  /** walt.id `mDocNameSpacesDataMappingConfig`, applied to `nameSpaces` before encoding. */
  dataMappingConfig?: MdocNameSpacesDataMappingConfig;
  /** The holder's public key from the OID4VCI proof (JWK), bound as MSO `deviceKeyInfo.deviceKey`. */
  deviceKey: Record<string, unknown>;
  validityInfo: MdocValidityInfo;
  /** The Document Signer key's algorithm: ES256 (P-256), ES384 (P-384) or EdDSA (Ed25519). */
  signingAlgorithm: MdocSigningAlgorithm;
  /** MSO digest algorithm; default SHA-256 (the one HAIP requires). */
  digestAlgorithm?: MdocDigestAlgorithm;
  /** DER certificates, the Document Signer certificate first (e.g. the kms `chain`: DS, then IACA). */
  certificateChain: Uint8Array[];
  /**
   * `leaf` (default): x5chain carries only the DS certificate, the IACA being the verifier's trust anchor.
   * `chain`: every certificate of `certificateChain`, in order.
   */
  x5chain?: 'leaf' | 'chain';
  /** Token Status List reference written into the MSO as `status`. */
  status?: MdocStatus;
}

/** Crypto for issuance, injected so keys stay in the KMS (STYLE.md rule 3). */
export interface MdocCallbacks {
  /**
   * Signs the COSE Sig_structure bytes with the DS key and returns the raw signature: r‖s for ECDSA
   * (64 bytes ES256, 96 bytes ES384; not DER), 64 bytes for EdDSA. The key hashes per `alg` (kms KeySign).
   */
  sign(sigStructure: Uint8Array, alg: MdocSigningAlgorithm): Promise<Uint8Array>;
  /** Hashes IssuerSignedItemBytes for `valueDigests`. */
  digest(data: Uint8Array, alg: MdocDigestAlgorithm): Uint8Array | Promise<Uint8Array>;
  /** Cryptographically secure random bytes (salts and digest ids). */
  randomBytes(length: number): Uint8Array;
}
