import { createHash, createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import {
  CryptographyClient,
  KeyClient,
  parseKeyVaultKeyIdentifier,
  type CryptographyClientOptions,
  type KeyVaultKey,
  type SignatureAlgorithm,
} from '@azure/keyvault-keys';
import { BusError, DEFAULT_ALG, type KeyType, type PublicJwk } from '@issuer/contracts';
import type { KmsBackend, KmsOperation, StoredKey } from './kms-backend';
import { toLowS } from './key-material';

/** Our key types and how Key Vault creates them (Key Vault has no Ed25519 keys). */
const AZURE_KEYS: Partial<Record<KeyType, { kty: 'EC' | 'RSA'; curve?: string; size?: number }>> = {
  secp256r1: { kty: 'EC', curve: 'P-256' },
  secp384r1: { kty: 'EC', curve: 'P-384' },
  secp256k1: { kty: 'EC', curve: 'P-256K' },
  rsa: { kty: 'RSA', size: 2048 },
  rsa3072: { kty: 'RSA', size: 3072 },
  rsa4096: { kty: 'RSA', size: 4096 },
};
/** Key Vault curve names → JOSE/node curve names and our key types. */
const CURVES: Record<string, { crv: string; type: KeyType }> = {
  'P-256': { crv: 'P-256', type: 'secp256r1' },
  'P-384': { crv: 'P-384', type: 'secp384r1' },
  'P-256K': { crv: 'secp256k1', type: 'secp256k1' },
};
const RSA_TYPES: Record<number, KeyType> = { 256: 'rsa', 384: 'rsa3072', 512: 'rsa4096' };
/** Key Vault signs a digest: the hash is computed here. EC answers are raw r‖s already. */
const SIGN_PARAMS: Record<string, { hash: string; types: KeyType[] }> = {
  ES256: { hash: 'sha256', types: ['secp256r1'] },
  ES384: { hash: 'sha384', types: ['secp384r1'] },
  ES256K: { hash: 'sha256', types: ['secp256k1'] },
  RS256: { hash: 'sha256', types: ['rsa', 'rsa3072', 'rsa4096'] },
  PS256: { hash: 'sha256', types: ['rsa', 'rsa3072', 'rsa4096'] },
};
const EC_SIGNATURE_LENGTH: Record<string, number> = { ES256: 64, ES384: 96, ES256K: 64 };
const KEY_NAME = /^[0-9a-zA-Z-]{1,127}$/;
const MAX_CACHED_CLIENTS = 1000;
/** `@azure/core-auth`'s TokenCredential, named through the SDK we depend on (e.g. an `@azure/identity` credential). */
type TokenCredential = ConstructorParameters<typeof KeyClient>[1];
/** @azure/identity error names: the credential was refused or cannot get a token (the deployment's fault). */
const CREDENTIAL_ERRORS = new Set(['AuthenticationError', 'AuthenticationRequiredError', 'CredentialUnavailableError']);

/**
 * Keys in Azure Key Vault (or Managed HSM), through the official `@azure/keyvault-keys` with an `@azure/identity`
 * credential: Key Vault holds the private part; kms stores the public JWK (kid = RFC 7638 thumbprint, never the
 * Key Vault URL) and the **versioned** key identifier `https://<vault>/keys/<name>/<version>` as `externalKeyId`,
 * so signing always uses the version whose public key kms published, even after the key is rotated in Azure.
 * Errors carry only Key Vault's status, code and message (never the request, whose headers hold the token).
 */
export class AzureKeyVaultBackend implements KmsBackend {
  readonly name = 'azure';
  private readonly keys: KeyClient;
  private readonly crypto = new Map<string, CryptographyClient>();

  constructor(
    private readonly vaultUrl: string,
    private readonly credential: TokenCredential,
    private readonly options: CryptographyClientOptions = {},
  ) {
    this.keys = new KeyClient(vaultUrl, credential, options);
  }

  isOperationSupported(operation: KmsOperation, type: KeyType): boolean {
    return operation !== 'import' && AZURE_KEYS[type] !== undefined;
  }

  async createKey(keyId: string, type: KeyType) {
    const spec = AZURE_KEYS[type];
    if (!spec)
      throw new BusError('UNSUPPORTED', `backend azure cannot create ${type} keys`, [
        { path: 'type', message: 'not supported by this backend' },
      ]);
    const common = { keyOps: ['sign' as const, 'verify' as const], tags: { 'issuer-kms-key-id': keyId } };
    const created = await this.call('create key', () =>
      spec.kty === 'EC'
        ? this.keys.createEcKey(keyId, { ...common, curve: spec.curve as 'P-256' })
        : this.keys.createRsaKey(keyId, { ...common, keySize: spec.size }),
    );
    const { publicJwk, alg, externalKeyId } = await this.describe(created, type);
    return { publicJwk, alg, privateKeyEncrypted: null, externalKeyId };
  }

  /**
   * Links an existing key (`{backend: 'azure', externalKeyId}`): a key name or key identifier of the configured vault.
   * Without a version the current version is read and pinned.
   */
  async linkKey(externalKeyId: string) {
    const { name, version } = this.parseReference(externalKeyId);
    const key = await this.call('read key', () => this.keys.getKey(name, version ? { version } : {}), externalKeyId);
    const described = await this.describe(key);
    return { ...described, privateKeyEncrypted: null as null };
  }

  async sign(key: StoredKey, alg: string, data: Buffer): Promise<Buffer> {
    const params = SIGN_PARAMS[alg];
    if (!params || !params.types.includes(key.type))
      throw new BusError('UNSUPPORTED', `algorithm ${alg} is not supported by backend azure for ${key.type} keys`);
    const digest = createHash(params.hash).update(data).digest();
    const result = await this.call('sign', () => this.cryptoFor(key).sign(alg as SignatureAlgorithm, digest));
    const signature = Buffer.from(result.result ?? []);
    const expected = EC_SIGNATURE_LENGTH[alg];
    if (signature.length === 0 || (expected !== undefined && signature.length !== expected))
      throw new BusError('INTERNAL', `azure key vault returned a ${signature.length}-byte ${alg} signature`);
    return alg === 'ES256K' ? toLowS(signature) : signature;
  }

  async getPublicKey(key: StoredKey): Promise<PublicJwk> {
    return key.publicJwk;
  }

  /** One CryptographyClient per versioned key id: it keeps the challenge state and the fetched key. */
  private cryptoFor(key: StoredKey): CryptographyClient {
    const id = key.externalKeyId;
    if (!id || !parseKeyVaultKeyIdentifier(id).version)
      throw new BusError('INTERNAL', `key ${key.keyId} has no versioned Key Vault key id`);
    let client = this.crypto.get(id);
    if (!client) {
      if (this.crypto.size >= MAX_CACHED_CLIENTS) this.crypto.delete(this.crypto.keys().next().value!);
      client = new CryptographyClient(id, this.credential, this.options);
      this.crypto.set(id, client);
    }
    return client;
  }

  private parseReference(reference: string): { name: string; version?: string } {
    if (KEY_NAME.test(reference)) return { name: reference };
    let parsed: { name: string; version?: string; vaultUrl: string } | undefined;
    try {
      parsed = parseKeyVaultKeyIdentifier(reference);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !KEY_NAME.test(parsed.name) || (parsed.version !== undefined && !/^[0-9a-zA-Z]{1,64}$/.test(parsed.version)))
      throw new BusError('BAD_REQUEST', 'externalKeyId is not a Key Vault key name or key identifier', [
        { path: 'externalKeyId', message: 'expected <name> or https://<vault>/keys/<name>[/<version>]' },
      ]);
    if (new URL(parsed.vaultUrl).origin !== new URL(this.vaultUrl).origin)
      throw new BusError('BAD_REQUEST', `key ${reference} is not in the configured vault`, [
        { path: 'externalKeyId', message: `expected a key of ${new URL(this.vaultUrl).origin}` },
      ]);
    return { name: parsed.name, version: parsed.version || undefined };
  }

  /** Key Vault's JWK → our public JWK (kid = RFC 7638 thumbprint) and key type; keeps the versioned key id. */
  private async describe(
    key: KeyVaultKey,
    expectedType?: KeyType,
  ): Promise<{ type: KeyType; publicJwk: PublicJwk; alg: string; externalKeyId: string }> {
    const material = key.key;
    const kty = String(material?.kty ?? '');
    const b64u = (bytes?: Uint8Array) => (bytes ? Buffer.from(bytes).toString('base64url') : undefined);
    let type: KeyType | undefined;
    let jwk: Record<string, unknown> | undefined;
    if ((kty === 'EC' || kty === 'EC-HSM') && material?.crv && CURVES[material.crv]) {
      type = CURVES[material.crv].type;
      jwk = { kty: 'EC', crv: CURVES[material.crv].crv, x: b64u(material.x), y: b64u(material.y) };
    } else if ((kty === 'RSA' || kty === 'RSA-HSM') && material?.n && RSA_TYPES[trimmed(material.n).length]) {
      type = RSA_TYPES[trimmed(material.n).length];
      jwk = { kty: 'RSA', n: b64u(trimmed(material.n)), e: b64u(material.e) };
    }
    if (!type || !jwk)
      throw new BusError(
        'BAD_REQUEST',
        `Key Vault key ${key.name} has an unsupported type ${kty || '(none)'} ${material?.crv ?? ''}`.trim(),
        [{ path: 'externalKeyId', message: 'key type not supported (EC P-256/P-384/P-256K, RSA 2048/3072/4096)' }],
      );
    if (key.keyOperations && !key.keyOperations.includes('sign'))
      throw new BusError('BAD_REQUEST', `Key Vault key ${key.name} does not permit the sign operation`, [
        { path: 'externalKeyId', message: 'key_ops must include sign' },
      ]);
    if (expectedType && type !== expectedType)
      throw new BusError('INTERNAL', `azure key vault created a ${type} key for a ${expectedType} request`);
    if (!key.id || !key.properties.version) throw new BusError('INTERNAL', `azure key vault returned no versioned id for ${key.name}`);
    let exported: Record<string, unknown>;
    try {
      exported = createPublicKey({ key: jwk as never, format: 'jwk' }).export({ format: 'jwk' }) as Record<string, unknown>;
    } catch {
      throw new BusError('INTERNAL', `azure key vault returned an unreadable public key for ${key.name}`);
    }
    const alg = DEFAULT_ALG[type];
    const publicJwk = { ...exported, kid: await calculateJwkThumbprint(exported as JWK, 'sha256'), alg } as PublicJwk;
    return { type, alg, publicJwk, externalKeyId: key.id };
  }

  private async call<T>(what: string, request: () => Promise<T>, reference?: string): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toBusError(what, error, reference);
    }
  }
}

/** A modulus may come with a leading zero byte; its length decides the RSA key size. */
function trimmed(bytes: Uint8Array): Buffer {
  const buffer = Buffer.from(bytes);
  return buffer[0] === 0 ? buffer.subarray(1) : buffer;
}

/**
 * Rejected credentials or permissions are the deployment's fault: UNAVAILABLE (503), not BAD_REQUEST. An unknown
 * key named by a link answers NOT_FOUND; other 4xx BAD_REQUEST; 5xx and network errors UNAVAILABLE.
 */
function toBusError(what: string, error: unknown, reference?: string): BusError {
  if (error instanceof BusError) return error;
  const name = String((error as { name?: unknown })?.name ?? '');
  const status = (error as { statusCode?: unknown })?.statusCode;
  const code = (error as { code?: unknown })?.code;
  const message = (error as { message?: unknown })?.message;
  const detail = typeof code === 'string' ? `: ${code}${typeof message === 'string' ? ` ${message.split('\n')[0]}` : ''}` : '';
  if (CREDENTIAL_ERRORS.has(name) || status === 401 || status === 403)
    return new BusError(
      'UNAVAILABLE',
      `azure key vault refused the credentials (${what}${typeof status === 'number' ? `, HTTP ${status}` : ''})`,
    );
  if (status === 404 && reference)
    return new BusError('NOT_FOUND', `Key Vault key ${reference} not found`, [{ path: 'externalKeyId', message: 'no such Key Vault key' }]);
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new BusError('BAD_REQUEST', `azure key vault rejected ${what} (HTTP ${status})${detail}`);
  if (typeof status === 'number') return new BusError('UNAVAILABLE', `azure key vault failed to ${what} (HTTP ${status})${detail}`);
  return new BusError('UNAVAILABLE', `azure key vault is unreachable (${what}${typeof code === 'string' ? `, ${code}` : ''})`);
}
