// A signing-only Credo key management backend on node:crypto with keys held in memory, for the Credo test holder.
// Credo 0.6.3's own `NodeKeyManagementService` lives in `@credo-ts/node`, which is not published at 0.6.x (only
// 0.5.x and one 0.6.0 alpha bound to another core), and Askar does not install here.
import { constants, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign, verify } from 'node:crypto';
import type { AgentContext } from '@credo-ts/core';
import { Kms } from '@credo-ts/core';

const EC_CURVES = ['P-256', 'P-384', 'P-521', 'secp256k1'];
const OKP_CURVES = ['Ed25519'];
/** JWA signature algorithm → node digest (undefined: EdDSA signs the message itself). */
const DIGESTS: Partial<Record<Kms.KnownJwaSignatureAlgorithm, string | undefined>> = {
  ES256: 'sha256',
  ES256K: 'sha256',
  ES384: 'sha384',
  ES512: 'sha512',
  RS256: 'sha256',
  RS384: 'sha384',
  RS512: 'sha512',
  PS256: 'sha256',
  PS384: 'sha384',
  PS512: 'sha512',
  EdDSA: undefined,
  Ed25519: undefined,
};

type AsymmetricPrivateJwk = Exclude<Kms.KmsJwkPrivate, Kms.KmsJwkPrivateOct>;
type AsymmetricPublicJwk = Exclude<Kms.KmsJwkPublic, Kms.KmsJwkPublicOct>;

/** Signs and verifies with EC (P-256/384/521, secp256k1) and Ed25519 keys; verifies RSA; no encryption. */
export class CredoNodeKms implements Kms.KeyManagementService {
  readonly backend = 'node-test';
  private readonly keys = new Map<string, AsymmetricPrivateJwk>();

  isOperationSupported(_agentContext: AgentContext, operation: Kms.KmsOperation): boolean {
    switch (operation.operation) {
      case 'createKey':
        return this.curveSupported(operation.type);
      case 'importKey':
        return this.curveSupported(operation.privateJwk);
      case 'sign':
      case 'verify':
        return operation.algorithm in DIGESTS;
      case 'deleteKey':
      case 'randomBytes':
        return true;
      default:
        return false;
    }
  }

  randomBytes(_agentContext: AgentContext, options: Kms.KmsRandomBytesOptions): Kms.KmsRandomBytesReturn {
    return new Uint8Array(randomBytes(options.length)) as Kms.KmsRandomBytesReturn;
  }

  async getPublicKey(_agentContext: AgentContext, keyId: string): Promise<Kms.KmsJwkPublic | null> {
    const key = this.keys.get(keyId);
    return key ? { ...Kms.publicJwkFromPrivateJwk(key), kid: keyId } : null;
  }

  async createKey<Type extends Kms.KmsCreateKeyType>(
    _agentContext: AgentContext,
    options: Kms.KmsCreateKeyOptions<Type>,
  ): Promise<Kms.KmsCreateKeyReturn<Type>> {
    const { type } = options;
    if (!this.curveSupported(type)) throw new Kms.KeyManagementAlgorithmNotSupportedError(JSON.stringify(type), this.backend);
    const curve = (type as { crv: string }).crv;
    const pair = curve === 'Ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: curve });
    const keyId = this.unusedKeyId(options.keyId);
    const privateJwk = { ...pair.privateKey.export({ format: 'jwk' }), kid: keyId } as AsymmetricPrivateJwk;
    this.keys.set(keyId, privateJwk);
    const publicJwk = { ...Kms.publicJwkFromPrivateJwk(privateJwk), kid: keyId };
    return { keyId, publicJwk } as Kms.KmsCreateKeyReturn<Type>;
  }

  async importKey<Jwk extends Kms.KmsJwkPrivate>(
    _agentContext: AgentContext,
    options: Kms.KmsImportKeyOptions<Jwk>,
  ): Promise<Kms.KmsImportKeyReturn<Jwk>> {
    const jwk = options.privateJwk;
    if (!this.curveSupported(jwk)) throw new Kms.KeyManagementAlgorithmNotSupportedError(`kty ${jwk.kty}`, this.backend);
    const keyId = this.unusedKeyId(jwk.kid);
    createPrivateKey({ format: 'jwk', key: jwk as never }); // refuses a malformed key here, not at first use
    const privateJwk = { ...jwk, kid: keyId } as AsymmetricPrivateJwk;
    this.keys.set(keyId, privateJwk);
    return { keyId, publicJwk: { ...Kms.publicJwkFromPrivateJwk(privateJwk), kid: keyId } } as Kms.KmsImportKeyReturn<Jwk>;
  }

  async deleteKey(_agentContext: AgentContext, options: Kms.KmsDeleteKeyOptions): Promise<boolean> {
    return this.keys.delete(options.keyId);
  }

  async sign(_agentContext: AgentContext, options: Kms.KmsSignOptions): Promise<Kms.KmsSignReturn> {
    const key = this.keys.get(options.keyId);
    if (!key) throw new Kms.KeyManagementKeyNotFoundError(options.keyId, [this.backend]);
    Kms.assertAllowedSigningAlgForKey(key, options.algorithm);
    Kms.assertKeyAllowsSign(key);
    const privateKey = createPrivateKey({ format: 'jwk', key: key as never });
    const signature = sign(DIGESTS[options.algorithm], options.data, { key: privateKey, ...signatureOptions(options.algorithm) });
    return { signature: new Uint8Array(signature) } as Kms.KmsSignReturn;
  }

  async verify(_agentContext: AgentContext, options: Kms.KmsVerifyOptions): Promise<Kms.KmsVerifyReturn> {
    const stored = options.key.keyId ? this.keys.get(options.key.keyId) : undefined;
    if (options.key.keyId && !stored) throw new Kms.KeyManagementKeyNotFoundError(options.key.keyId, [this.backend]);
    const key = (stored ? Kms.publicJwkFromPrivateJwk(stored) : options.key.publicJwk) as AsymmetricPublicJwk | undefined;
    if (!key || (key.kty as string) === 'oct') throw new Kms.KeyManagementAlgorithmNotSupportedError('symmetric keys', this.backend);
    Kms.assertAllowedSigningAlgForKey(key, options.algorithm);
    Kms.assertKeyAllowsVerify(key);
    const publicKey = createPublicKey({ format: 'jwk', key: key as never });
    const verified = verify(
      DIGESTS[options.algorithm],
      options.data,
      { key: publicKey, ...signatureOptions(options.algorithm) },
      options.signature,
    );
    return verified ? { verified: true, publicJwk: key } : { verified: false };
  }

  async encrypt(): Promise<Kms.KmsEncryptReturn> {
    throw new Kms.KeyManagementAlgorithmNotSupportedError('encryption', this.backend);
  }

  async decrypt(): Promise<Kms.KmsDecryptReturn> {
    throw new Kms.KeyManagementAlgorithmNotSupportedError('decryption', this.backend);
  }

  private curveSupported(type: { kty: string; crv?: string }): boolean {
    return (type.kty === 'EC' && EC_CURVES.includes(type.crv ?? '')) || (type.kty === 'OKP' && OKP_CURVES.includes(type.crv ?? ''));
  }

  private unusedKeyId(keyId: string | undefined): string {
    if (keyId && this.keys.has(keyId)) throw new Kms.KeyManagementKeyExistsError(keyId, this.backend);
    return keyId ?? randomUUID();
  }
}

/** JOSE signatures: raw r||s for ECDSA, PSS padding with a salt as long as the digest for PS*. */
function signatureOptions(algorithm: Kms.KnownJwaSignatureAlgorithm) {
  if (algorithm.startsWith('ES')) return { dsaEncoding: 'ieee-p1363' as const };
  if (algorithm.startsWith('PS')) return { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
  return {};
}
