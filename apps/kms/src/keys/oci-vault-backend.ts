import { createHash, createPublicKey } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { KmsCryptoClient, KmsManagementClient } from 'oci-keymanagement';
import { BusError, DEFAULT_ALG, type KeyType, type PublicJwk } from '@issuer/contracts';
import { ecdsaDerToRaw } from '../certificates/der-signature';
import type { KmsBackend, KmsOperation, StoredKey } from './kms-backend';

type KeyShape = { algorithm: 'ECDSA' | 'RSA'; length: number; curveId?: 'NIST_P256' | 'NIST_P384' };

/** Our key types and OCI key shapes (length in bytes). OCI Vault has no Ed25519 or secp256k1 keys. */
const OCI_SHAPES: Partial<Record<KeyType, KeyShape>> = {
  secp256r1: { algorithm: 'ECDSA', length: 32, curveId: 'NIST_P256' },
  secp384r1: { algorithm: 'ECDSA', length: 48, curveId: 'NIST_P384' },
  rsa: { algorithm: 'RSA', length: 256 },
  rsa3072: { algorithm: 'RSA', length: 384 },
  rsa4096: { algorithm: 'RSA', length: 512 },
};
/** OCI signing algorithm, hash (for the DIGEST path) and raw ECDSA half-size per JWS alg. */
const SIGN_PARAMS: Record<string, { algorithm: string; hash: string; ecSize?: number; types: KeyType[] }> = {
  ES256: { algorithm: 'ECDSA_SHA_256', hash: 'sha256', ecSize: 32, types: ['secp256r1'] },
  ES384: { algorithm: 'ECDSA_SHA_384', hash: 'sha384', ecSize: 48, types: ['secp384r1'] },
  RS256: { algorithm: 'SHA_256_RSA_PKCS1_V1_5', hash: 'sha256', types: ['rsa', 'rsa3072', 'rsa4096'] },
  PS256: { algorithm: 'SHA_256_RSA_PKCS_PSS', hash: 'sha256', types: ['rsa', 'rsa3072', 'rsa4096'] },
};
/** OCI accepts at most 4096 bytes with messageType RAW; longer inputs are hashed here and sent as DIGEST. */
const MAX_RAW_MESSAGE = 4096;
const OCID = /^ocid1\.[a-z0-9]+\.[a-z0-9-]+\.[a-z0-9-]*\.[A-Za-z0-9._-]+$/;
/** Stored as `<key OCID>/<key version OCID>`: the version is pinned at creation or link. */
const REFERENCE = /^(ocid1\.key\.[^/\s]+)(?:\/(ocid1\.keyversion\.[^/\s]+))?$/;
const POLL_ATTEMPTS = 60;
const POLL_INTERVAL_MS = 1000;

export interface OciVaultOptions {
  /** Compartment new keys are created in. */
  compartmentId: string;
  /** HSM (default) or SOFTWARE protection for new keys. */
  protectionMode?: 'HSM' | 'SOFTWARE';
  /** Pause between reads while a new key is CREATING (default 1 s; OCI takes seconds). */
  pollIntervalMs?: number;
}

/**
 * Asymmetric keys in OCI Vault, through the official `oci-keymanagement` clients (management endpoint for keys,
 * crypto endpoint for sign) signed by an `oci-common` authentication provider. OCI holds the private part; kms
 * stores the public JWK (kid = RFC 7638 thumbprint) and `<key OCID>/<key version OCID>` as `externalKeyId`, and
 * signs with that key version, so a rotation in OCI never breaks the published public key.
 */
export class OciVaultBackend implements KmsBackend {
  readonly name = 'oci';

  constructor(
    private readonly management: KmsManagementClient,
    private readonly crypto: KmsCryptoClient,
    private readonly options: OciVaultOptions,
  ) {}

  isOperationSupported(operation: KmsOperation, type: KeyType): boolean {
    return operation !== 'import' && OCI_SHAPES[type] !== undefined;
  }

  async createKey(keyId: string, type: KeyType) {
    const keyShape = OCI_SHAPES[type];
    if (!keyShape)
      throw new BusError('UNSUPPORTED', `backend oci cannot create ${type} keys`, [
        { path: 'type', message: 'not supported by this backend' },
      ]);
    const created = await this.call('create key', () =>
      this.management.createKey({
        createKeyDetails: {
          compartmentId: this.options.compartmentId,
          displayName: `issuer-kms-${keyId}`,
          keyShape: keyShape as never,
          protectionMode: (this.options.protectionMode ?? 'HSM') as never,
          freeformTags: { 'issuer-kms-key-id': keyId },
        },
      }),
    );
    const described = await this.describe(created.key.id, undefined, type);
    return { publicJwk: described.publicJwk, alg: described.alg, privateKeyEncrypted: null, externalKeyId: described.externalKeyId };
  }

  /** Links an existing key (`{backend: 'oci', externalKeyId: <key OCID>[/<key version OCID>]}`); pins its current version. */
  async linkKey(externalKeyId: string) {
    const match = REFERENCE.exec(externalKeyId);
    if (!match || !OCID.test(match[1]) || (match[2] && !OCID.test(match[2])))
      throw new BusError('BAD_REQUEST', 'externalKeyId is not an OCI key OCID', [
        { path: 'externalKeyId', message: 'expected ocid1.key.… or ocid1.key.…/ocid1.keyversion.…' },
      ]);
    const described = await this.describe(match[1], match[2]);
    return { ...described, privateKeyEncrypted: null as null };
  }

  async sign(key: StoredKey, alg: string, data: Buffer): Promise<Buffer> {
    const params = SIGN_PARAMS[alg];
    if (!params || !params.types.includes(key.type))
      throw new BusError('UNSUPPORTED', `algorithm ${alg} is not supported by backend oci for ${key.type} keys`);
    const match = REFERENCE.exec(key.externalKeyId ?? '');
    if (!match?.[2]) throw new BusError('INTERNAL', `key ${key.keyId} has no OCI key version`);
    const raw = data.length <= MAX_RAW_MESSAGE;
    const response = await this.call('sign', () =>
      this.crypto.sign({
        signDataDetails: {
          keyId: match[1],
          keyVersionId: match[2],
          message: (raw ? data : createHash(params.hash).update(data).digest()).toString('base64'),
          messageType: (raw ? 'RAW' : 'DIGEST') as never,
          signingAlgorithm: params.algorithm as never,
        },
      }),
    );
    const signature = Buffer.from(response.signedData?.signature ?? '', 'base64');
    if (signature.length === 0) throw new BusError('INTERNAL', 'oci vault returned no signature');
    if (params.ecSize === undefined) return signature;
    try {
      return ecdsaDerToRaw(signature, params.ecSize);
    } catch (error) {
      throw new BusError('INTERNAL', `oci vault returned a malformed ${alg} signature (${(error as Error).message})`);
    }
  }

  async getPublicKey(key: StoredKey): Promise<PublicJwk> {
    return key.publicJwk;
  }

  /** Waits until the key is ENABLED, reads the (given or current) key version's public key PEM as a JWK. */
  private async describe(
    keyOcid: string,
    versionOcid?: string,
    expectedType?: KeyType,
  ): Promise<{ type: KeyType; publicJwk: PublicJwk; alg: string; externalKeyId: string }> {
    let key = (await this.call('read key', () => this.management.getKey({ keyId: keyOcid }), keyOcid)).key;
    for (let attempt = 1; (key.lifecycleState === 'CREATING' || key.lifecycleState === 'ENABLING') && attempt < POLL_ATTEMPTS; attempt++) {
      await delay(this.options.pollIntervalMs ?? POLL_INTERVAL_MS);
      key = (await this.call('read key', () => this.management.getKey({ keyId: keyOcid }), keyOcid)).key;
    }
    const shape = key.keyShape as { algorithm: string; length: number; curveId?: string };
    const type = (Object.entries(OCI_SHAPES) as [KeyType, KeyShape][]).find(
      ([, s]) => s.algorithm === shape.algorithm && s.length === shape.length && (s.curveId ?? undefined) === (shape.curveId ?? undefined),
    )?.[0];
    if (!type)
      throw new BusError(
        'BAD_REQUEST',
        `OCI key ${keyOcid} has an unsupported shape ${shape.algorithm} ${shape.length}${shape.curveId ? ` ${shape.curveId}` : ''}`,
        [{ path: 'externalKeyId', message: 'key shape not supported (ECDSA NIST_P256/NIST_P384, RSA 2048/3072/4096)' }],
      );
    if (key.lifecycleState !== 'ENABLED')
      throw new BusError('BAD_REQUEST', `OCI key ${keyOcid} is ${key.lifecycleState ?? 'not enabled'}`, [
        { path: 'externalKeyId', message: 'key is not ENABLED' },
      ]);
    if (expectedType && type !== expectedType)
      throw new BusError('INTERNAL', `oci vault created a ${shape.algorithm} key for a ${expectedType} request`);
    const keyVersionId = versionOcid ?? key.currentKeyVersion;
    const version = (
      await this.call(
        'read key version',
        () => this.management.getKeyVersion({ keyId: keyOcid, keyVersionId }),
        `${keyOcid}/${keyVersionId}`,
      )
    ).keyVersion;
    let jwk: Record<string, unknown>;
    try {
      jwk = createPublicKey(version.publicKey ?? '').export({ format: 'jwk' }) as Record<string, unknown>;
    } catch {
      throw new BusError('INTERNAL', `oci vault returned no readable public key for ${keyOcid}`);
    }
    const alg = DEFAULT_ALG[type];
    const publicJwk = { ...jwk, kid: await calculateJwkThumbprint(jwk as JWK, 'sha256'), alg } as PublicJwk;
    return { type, alg, publicJwk, externalKeyId: `${keyOcid}/${version.id}` };
  }

  private async call<T>(what: string, request: () => Promise<T>, reference?: string): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toBusError(what, error, reference);
    }
  }
}

/**
 * Rejected request signatures or permissions are the deployment's fault: UNAVAILABLE (503). OCI answers 404
 * NotAuthorizedOrNotFound for an unknown key named by a link: NOT_FOUND. Other 4xx BAD_REQUEST; 429, 5xx and network
 * errors UNAVAILABLE. Only OCI's status and service code are kept (its messages embed endpoints and troubleshooting text).
 */
function toBusError(what: string, error: unknown, reference?: string): BusError {
  if (error instanceof BusError) return error;
  const status = (error as { statusCode?: unknown })?.statusCode;
  const serviceCode = (error as { serviceCode?: unknown })?.serviceCode;
  const detail = typeof serviceCode === 'string' && serviceCode ? `: ${serviceCode}` : '';
  if (status === 401 || status === 403)
    return new BusError('UNAVAILABLE', `oci vault refused the request signature (${what}, HTTP ${status}${detail})`);
  if (status === 404 && reference)
    return new BusError('NOT_FOUND', `OCI key ${reference} not found`, [
      { path: 'externalKeyId', message: 'no such OCI key (or no permission to read it)' },
    ]);
  if (typeof status === 'number' && status >= 400 && status < 500 && status !== 429)
    return new BusError('BAD_REQUEST', `oci vault rejected ${what} (HTTP ${status})${detail}`);
  if (typeof status === 'number' && status >= 400)
    return new BusError('UNAVAILABLE', `oci vault failed to ${what} (HTTP ${status})${detail}`);
  return new BusError('UNAVAILABLE', `oci vault is unreachable (${what})`);
}
