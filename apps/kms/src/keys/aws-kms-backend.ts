import { createHash, createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import {
  CreateKeyCommand,
  GetPublicKeyCommand,
  SignCommand,
  type KeySpec,
  type KMSClient,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { BusError, DEFAULT_ALG, type KeyType, type PublicJwk } from '@issuer/contracts';
import { ecdsaDerToRaw } from '../certificates/der-signature';
import type { KmsBackend, KmsOperation, StoredKey } from './kms-backend';
import { toLowS } from './key-material';

/** Our key types and AWS KMS key specs (AWS KMS has no Ed25519 signing keys in this backend). */
const AWS_SPECS: Partial<Record<KeyType, KeySpec>> = {
  secp256r1: 'ECC_NIST_P256',
  secp384r1: 'ECC_NIST_P384',
  secp256k1: 'ECC_SECG_P256K1',
  rsa: 'RSA_2048',
  rsa3072: 'RSA_3072',
  rsa4096: 'RSA_4096',
};
const KEY_TYPES = new Map(Object.entries(AWS_SPECS).map(([ours, theirs]) => [theirs as string, ours as KeyType]));

/** AWS signing algorithm, hash (for the DIGEST path) and raw ECDSA half-size per JWS alg. */
const SIGN_PARAMS: Record<string, { algorithm: SigningAlgorithmSpec; hash: string; ecSize?: number; types: KeyType[] }> = {
  ES256: { algorithm: 'ECDSA_SHA_256', hash: 'sha256', ecSize: 32, types: ['secp256r1'] },
  ES384: { algorithm: 'ECDSA_SHA_384', hash: 'sha384', ecSize: 48, types: ['secp384r1'] },
  ES256K: { algorithm: 'ECDSA_SHA_256', hash: 'sha256', ecSize: 32, types: ['secp256k1'] },
  RS256: { algorithm: 'RSASSA_PKCS1_V1_5_SHA_256', hash: 'sha256', types: ['rsa', 'rsa3072', 'rsa4096'] },
  PS256: { algorithm: 'RSASSA_PSS_SHA_256', hash: 'sha256', types: ['rsa', 'rsa3072', 'rsa4096'] },
};
/** AWS KMS accepts at most 4096 bytes with MessageType RAW; longer inputs are hashed here and sent as DIGEST. */
const MAX_RAW_MESSAGE = 4096;
/** Key id, key ARN, alias name or alias ARN. */
const KEY_REFERENCE = /^[A-Za-z0-9:/_+=,.@-]{1,2048}$/;
/** AWS error names that mean the deployment's credentials or permissions are wrong, not the request. */
const CREDENTIAL_ERRORS = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignature',
  'ExpiredTokenException',
  'CredentialsProviderError',
]);

/**
 * Asymmetric SIGN_VERIFY keys in AWS KMS: AWS holds the private part, kms stores the public JWK and the key ARN as
 * `externalKeyId`. Talks to AWS through the official `@aws-sdk/client-kms` (credentials from the SDK's default chain).
 * Errors are re-thrown as BusErrors carrying only AWS's error name and message (never the request or credentials).
 */
export class AwsKmsBackend implements KmsBackend {
  readonly name = 'aws';

  constructor(private readonly client: KMSClient) {}

  isOperationSupported(operation: KmsOperation, type: KeyType): boolean {
    return operation !== 'import' && AWS_SPECS[type] !== undefined;
  }

  async createKey(keyId: string, type: KeyType) {
    const spec = AWS_SPECS[type];
    if (!spec)
      throw new BusError('UNSUPPORTED', `backend aws cannot create ${type} keys`, [
        { path: 'type', message: 'not supported by this backend' },
      ]);
    const created = await this.call('create key', () =>
      this.client.send(
        new CreateKeyCommand({
          KeyUsage: 'SIGN_VERIFY',
          KeySpec: spec,
          Description: `issuer kms key ${keyId}`,
          Tags: [{ TagKey: 'issuer-kms-key-id', TagValue: keyId }],
        }),
      ),
    );
    const reference = created.KeyMetadata?.Arn ?? created.KeyMetadata?.KeyId;
    if (!reference) throw new BusError('INTERNAL', 'aws kms returned no key id');
    const { publicJwk, alg, externalKeyId } = await this.describe(reference, type);
    return { publicJwk, alg, privateKeyEncrypted: null, externalKeyId };
  }

  /** Links a key that already exists in AWS KMS (`{backend: 'aws', externalKeyId: <key id, ARN or alias>}`). */
  async linkKey(externalKeyId: string) {
    if (!KEY_REFERENCE.test(externalKeyId))
      throw new BusError('BAD_REQUEST', 'externalKeyId is not an AWS KMS key id, ARN or alias', [
        { path: 'externalKeyId', message: 'expected a key id, key ARN, alias/<name> or alias ARN' },
      ]);
    const described = await this.describe(externalKeyId);
    return { ...described, privateKeyEncrypted: null as null };
  }

  async sign(key: StoredKey, alg: string, data: Buffer): Promise<Buffer> {
    const params = SIGN_PARAMS[alg];
    if (!params || !params.types.includes(key.type))
      throw new BusError('UNSUPPORTED', `algorithm ${alg} is not supported by backend aws for ${key.type} keys`);
    const raw = data.length <= MAX_RAW_MESSAGE;
    const response = await this.call('sign', () =>
      this.client.send(
        new SignCommand({
          KeyId: this.referenceOf(key),
          Message: raw ? data : createHash(params.hash).update(data).digest(),
          MessageType: raw ? 'RAW' : 'DIGEST',
          SigningAlgorithm: params.algorithm,
        }),
      ),
    );
    if (!response.Signature || response.Signature.length === 0) throw new BusError('INTERNAL', 'aws kms returned no signature');
    const signature = Buffer.from(response.Signature);
    if (params.ecSize === undefined) return signature;
    let jws: Buffer;
    try {
      jws = ecdsaDerToRaw(signature, params.ecSize);
    } catch (error) {
      throw new BusError('INTERNAL', `aws kms returned a malformed ${alg} signature (${(error as Error).message})`);
    }
    return alg === 'ES256K' ? toLowS(jws) : jws;
  }

  async getPublicKey(key: StoredKey): Promise<PublicJwk> {
    return key.publicJwk;
  }

  private referenceOf(key: StoredKey): string {
    if (!key.externalKeyId) throw new BusError('INTERNAL', `key ${key.keyId} has no AWS KMS key id`);
    return key.externalKeyId;
  }

  /** Reads the key's public key (DER SPKI) as a JWK (kid = RFC 7638 thumbprint) and tells its type and ARN. */
  private async describe(
    reference: string,
    expectedType?: KeyType,
  ): Promise<{ type: KeyType; publicJwk: PublicJwk; alg: string; externalKeyId: string }> {
    const info = await this.call('read public key', () => this.client.send(new GetPublicKeyCommand({ KeyId: reference })), reference);
    const type = info.KeySpec ? KEY_TYPES.get(info.KeySpec) : undefined;
    if (!type)
      throw new BusError('BAD_REQUEST', `AWS KMS key ${reference} has an unsupported key spec ${info.KeySpec ?? '(none)'}`, [
        { path: 'externalKeyId', message: 'key spec not supported (ECC_NIST_P256/P384, ECC_SECG_P256K1, RSA_2048/3072/4096)' },
      ]);
    if (info.KeyUsage !== undefined && info.KeyUsage !== 'SIGN_VERIFY')
      throw new BusError('BAD_REQUEST', `AWS KMS key ${reference} is not a signing key (KeyUsage ${info.KeyUsage})`, [
        { path: 'externalKeyId', message: 'expected KeyUsage SIGN_VERIFY' },
      ]);
    if (expectedType && type !== expectedType)
      throw new BusError('INTERNAL', `aws kms created a ${info.KeySpec} key for a ${expectedType} request`);
    if (!info.PublicKey || info.PublicKey.length === 0) throw new BusError('INTERNAL', `aws kms returned no public key for ${reference}`);
    let jwk: Record<string, unknown>;
    try {
      jwk = createPublicKey({ key: Buffer.from(info.PublicKey), format: 'der', type: 'spki' }).export({ format: 'jwk' }) as Record<
        string,
        unknown
      >;
    } catch {
      throw new BusError('INTERNAL', `aws kms returned an unreadable public key for ${reference}`);
    }
    const alg = DEFAULT_ALG[type];
    const publicJwk = { ...jwk, kid: await calculateJwkThumbprint(jwk as JWK, 'sha256'), alg } as PublicJwk;
    return { type, alg, publicJwk, externalKeyId: info.KeyId ?? reference };
  }

  private async call<T>(what: string, request: () => Promise<T>, keyReference?: string): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toBusError(what, error, keyReference);
    }
  }
}

/**
 * Rejected credentials/permissions are the deployment's fault: UNAVAILABLE (503), not BAD_REQUEST. An unknown key
 * named by a link answers NOT_FOUND; other 4xx BAD_REQUEST; 5xx, throttling and network errors UNAVAILABLE.
 */
function toBusError(what: string, error: unknown, keyReference?: string): BusError {
  if (error instanceof BusError) return error;
  const name = (error as { name?: unknown })?.name;
  const message = (error as { message?: unknown })?.message;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } })?.$metadata?.httpStatusCode;
  const fault = (error as { $fault?: unknown })?.$fault;
  const reason =
    typeof name === 'string' && typeof status === 'number' ? `: ${name}${typeof message === 'string' && message ? ` ${message}` : ''}` : '';
  if (typeof name === 'string' && CREDENTIAL_ERRORS.has(name))
    return new BusError(
      'UNAVAILABLE',
      `aws kms refused the credentials (${what}${typeof status === 'number' ? `, HTTP ${status}` : ''}, ${name})`,
    );
  if (name === 'NotFoundException' && keyReference)
    return new BusError('NOT_FOUND', `AWS KMS key ${keyReference} not found`, [{ path: 'externalKeyId', message: 'no such AWS KMS key' }]);
  if (name === 'ThrottlingException' || name === 'KMSInternalException' || name === 'DependencyTimeoutException')
    return new BusError('UNAVAILABLE', `aws kms failed to ${what}${reason}`);
  if (typeof status === 'number' && status >= 400 && status < 500 && fault !== 'server')
    return new BusError('BAD_REQUEST', `aws kms rejected ${what} (HTTP ${status})${reason}`);
  if (typeof status === 'number' && status >= 400)
    return new BusError('UNAVAILABLE', `aws kms failed to ${what} (HTTP ${status})${reason}`);
  const code = (error as { code?: unknown })?.code;
  return new BusError('UNAVAILABLE', `aws kms is unreachable (${what}${typeof code === 'string' ? `, ${code}` : ''})`);
}
