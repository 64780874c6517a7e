import { COSE_ALGORITHMS } from '../cose/cose-sign1';

/**
 * Which keys and algorithms may sign an mdoc. ISO/IEC 18013-5 §9.1.3.6 allows only EC (P-256/P-384/P-521,
 * brainpool) and EdDSA issuer keys; of the key types kms offers that leaves P-256, P-384 and Ed25519.
 * RSA and secp256k1 are refused: conformant readers would reject the credential.
 */
export type MdocSigningAlgorithm = 'ES256' | 'ES384' | 'EdDSA';

/** MSO `digestAlgorithm` values (ISO 18013-5 §9.1.2.5). */
export type MdocDigestAlgorithm = 'SHA-256' | 'SHA-384' | 'SHA-512';

export const MDOC_SIGNING_ALGORITHMS: readonly MdocSigningAlgorithm[] = ['ES256', 'ES384', 'EdDSA'];
export const MDOC_DIGEST_ALGORITHMS: readonly MdocDigestAlgorithm[] = ['SHA-256', 'SHA-384', 'SHA-512'];

interface AlgorithmInfo {
  /** The COSE `alg` written into the protected header (RFC 9053 polymorphic ids, which readers expect). */
  coseAlgorithm: number;
  /** COSE ids that name this key in `credential_signing_alg_values_supported` (polymorphic + fully specified, RFC 9864). */
  metadataIds: readonly number[];
  /** The kms key type that signs with it. */
  keyType: string;
  /** Raw signature length: r‖s for ECDSA (RFC 9053 §2.1), 64 bytes for Ed25519. */
  signatureLength: number;
}

const ALGORITHMS: Record<MdocSigningAlgorithm, AlgorithmInfo> = {
  ES256: { coseAlgorithm: COSE_ALGORITHMS.ES256, metadataIds: [-7, -9], keyType: 'secp256r1', signatureLength: 64 },
  ES384: { coseAlgorithm: COSE_ALGORITHMS.ES384, metadataIds: [-35, -51], keyType: 'secp384r1', signatureLength: 96 },
  EdDSA: { coseAlgorithm: COSE_ALGORITHMS.EdDSA, metadataIds: [-8, -19], keyType: 'ed25519', signatureLength: 64 },
};

export function isMdocSigningAlgorithm(value: unknown): value is MdocSigningAlgorithm {
  return typeof value === 'string' && (MDOC_SIGNING_ALGORITHMS as readonly string[]).includes(value);
}

export function isMdocDigestAlgorithm(value: unknown): value is MdocDigestAlgorithm {
  return typeof value === 'string' && (MDOC_DIGEST_ALGORITHMS as readonly string[]).includes(value);
}

/** The protected-header COSE `alg` for an mdoc signing algorithm: ES256 → -7, ES384 → -35, EdDSA → -8. */
export function coseAlgorithmOf(alg: MdocSigningAlgorithm): number {
  return ALGORITHMS[alg].coseAlgorithm;
}

/** Expected raw signature length, used to catch a DER-encoded ECDSA signature before it ships. */
export function signatureLengthOf(alg: MdocSigningAlgorithm): number {
  return ALGORITHMS[alg].signatureLength;
}

/** COSE ids under which issuer metadata may advertise the algorithm (e.g. ES256 → [-7, -9]). */
export function mdocMetadataAlgorithmIds(alg: MdocSigningAlgorithm): readonly number[] {
  return ALGORITHMS[alg].metadataIds;
}

/** The mdoc signing algorithm of a kms key type (`secp256r1`, `secp384r1`, `ed25519`), or undefined if not allowed. */
export function mdocSigningAlgorithmForKeyType(keyType: string): MdocSigningAlgorithm | undefined {
  return MDOC_SIGNING_ALGORITHMS.find((alg) => ALGORITHMS[alg].keyType === keyType);
}

export type MdocKeyCheck = { allowed: true; algorithm: MdocSigningAlgorithm; coseAlgorithm: number } | { allowed: false; message: string };

/**
 * Profile-creation check (OID4VCI 1.0 Appendix A.2): may a key of `keyType` sign the mdoc of a credential
 * configuration advertising `credentialSigningAlgValuesSupported` (numeric COSE ids; absent = no restriction)?
 * The message names the key type and the ids so it can go straight into a 400.
 */
export function checkMdocSigningKey(keyType: string, credentialSigningAlgValuesSupported?: readonly unknown[]): MdocKeyCheck {
  const algorithm = mdocSigningAlgorithmForKeyType(keyType);
  if (!algorithm) {
    return {
      allowed: false,
      message: `mso_mdoc needs an EC P-256 (ES256), P-384 (ES384) or Ed25519 (EdDSA) issuer key, not ${keyType}`,
    };
  }
  const ids = ALGORITHMS[algorithm].metadataIds;
  if (credentialSigningAlgValuesSupported && !credentialSigningAlgValuesSupported.some((v) => ids.includes(v as number))) {
    return {
      allowed: false,
      message:
        `credential_signing_alg_values_supported ${JSON.stringify(credentialSigningAlgValuesSupported)} does not include ` +
        `${ids.join(' or ')} (${algorithm}), the algorithm of a ${keyType} key`,
    };
  }
  return { allowed: true, algorithm, coseAlgorithm: ALGORITHMS[algorithm].coseAlgorithm };
}
