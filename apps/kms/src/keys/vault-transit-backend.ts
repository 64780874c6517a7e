import { createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type NodeVault from 'node-vault';
import { BusError, DEFAULT_ALG, type KeyType, type PublicJwk } from '@issuer/contracts';
import type { KmsBackend, KmsOperation, StoredKey } from './kms-backend';

/** Our key types and Vault transit's names for them (secp256k1 has no transit counterpart). */
const VAULT_TYPES: Partial<Record<KeyType, string>> = {
  ed25519: 'ed25519',
  secp256r1: 'ecdsa-p256',
  secp384r1: 'ecdsa-p384',
  rsa: 'rsa-2048',
  rsa3072: 'rsa-3072',
  rsa4096: 'rsa-4096',
};
const KEY_TYPES = new Map(Object.entries(VAULT_TYPES).map(([ours, theirs]) => [theirs, ours as KeyType]));

/** Transit sign parameters per JWS alg; the answer is `vault:v<n>:<base64 signature>`. */
const SIGN_PARAMS: Record<string, Record<string, string>> = {
  EdDSA: {},
  Ed25519: {},
  ES256: { hash_algorithm: 'sha2-256', marshaling_algorithm: 'jws' },
  ES384: { hash_algorithm: 'sha2-384', marshaling_algorithm: 'jws' },
  RS256: { hash_algorithm: 'sha2-256', signature_algorithm: 'pkcs1v15' },
  // JWS PS256 wants salt length = hash length; transit's default ("auto") signs with the maximum.
  PS256: { hash_algorithm: 'sha2-256', signature_algorithm: 'pss', salt_length: 'hash' },
};
const SIGNATURE_LENGTH: Record<string, number> = { EdDSA: 64, Ed25519: 64, ES256: 64, ES384: 96 };
/** `externalKeyId` is `<transit key name>:v<version>` (the version kms published); a bare name is a row from before pinning. */
const REFERENCE = /^([A-Za-z0-9_-]{1,128})(?::v([1-9]\d{0,9}))?$/;

interface TransitKey {
  type: string;
  latest_version: number;
  keys: Record<string, { public_key?: string }>;
}

/**
 * Keys in HashiCorp Vault's transit engine (created non-exportable): Vault holds the private part, kms stores the
 * public JWK and `<transit key name>:v<version>` as `externalKeyId`, and signs with that `key_version`: after a
 * rotation in Vault the key keeps signing with the version whose public key kms published (link the key again to
 * adopt the new version). Talks to Vault through the official `node-vault` client.
 * Errors are re-thrown as BusErrors carrying only Vault's status and message: the client's own errors hold the
 * request configuration, token header included, so they are never attached as a cause or logged.
 */
export class VaultTransitBackend implements KmsBackend {
  readonly name = 'vault';
  /** Versions found for rows stored before pinning (bare transit name), by kms key id. */
  private readonly legacyVersions = new Map<string, number>();

  constructor(
    private readonly vault: NodeVault.client,
    private readonly mount = 'transit',
  ) {}

  isOperationSupported(operation: KmsOperation, type: KeyType): boolean {
    return operation !== 'import' && VAULT_TYPES[type] !== undefined;
  }

  async createKey(keyId: string, type: KeyType) {
    const vaultType = VAULT_TYPES[type];
    if (!vaultType)
      throw new BusError('UNSUPPORTED', `backend vault cannot create ${type} keys`, [
        { path: 'type', message: 'not supported by this backend' },
      ]);
    await this.call('create key', () => this.vault.write(`${this.mount}/keys/${keyId}`, { type: vaultType, exportable: false }));
    const { publicJwk, alg, version } = await this.describe(keyId, { expectedType: type });
    return { publicJwk, alg, privateKeyEncrypted: null, externalKeyId: `${keyId}:v${version}` };
  }

  /**
   * Links a key that already exists in transit (`{backend: 'vault', externalKeyId: <name> | <name>:v<version>}`);
   * without a version the latest one is read and pinned.
   */
  async linkKey(externalKeyId: string) {
    const match = REFERENCE.exec(externalKeyId);
    if (!match)
      throw new BusError('BAD_REQUEST', 'externalKeyId is not a transit key name', [
        { path: 'externalKeyId', message: 'expected [A-Za-z0-9_-]{1,128}, optionally followed by :v<version>' },
      ]);
    const { type, publicJwk, alg, version } = await this.describe(match[1], { version: match[2] ? Number(match[2]) : undefined });
    return { type, publicJwk, alg, privateKeyEncrypted: null as null, externalKeyId: `${match[1]}:v${version}` };
  }

  async sign(key: StoredKey, alg: string, data: Buffer): Promise<Buffer> {
    const params = SIGN_PARAMS[alg];
    if (!params) throw new BusError('UNSUPPORTED', `algorithm ${alg} is not supported by backend vault`);
    const { name, version } = await this.pinnedVersion(key);
    const response = (await this.call('sign', () =>
      this.vault.write(`${this.mount}/sign/${name}`, { input: data.toString('base64'), key_version: version, ...params }),
    )) as { data?: { signature?: unknown } };
    const match = /^vault:v(\d+):([A-Za-z0-9+/_=-]+)$/.exec(String(response?.data?.signature ?? ''));
    if (!match) throw new BusError('INTERNAL', 'vault returned no signature');
    if (Number(match[1]) !== version)
      throw new BusError('INTERNAL', `vault signed with key version ${match[1]}, not the pinned ${version}`);
    const signature = Buffer.from(match[2], params.marshaling_algorithm === 'jws' ? 'base64url' : 'base64');
    const expected = SIGNATURE_LENGTH[alg];
    if (expected !== undefined && signature.length !== expected)
      throw new BusError('INTERNAL', `vault returned a ${signature.length}-byte ${alg} signature, expected ${expected}`);
    return signature;
  }

  async getPublicKey(key: StoredKey): Promise<PublicJwk> {
    return key.publicJwk;
  }

  /**
   * The transit key name and version to sign with. Rows stored before pinning hold a bare name: their version is the
   * one whose public key equals the stored one (found once, then remembered), never simply the latest.
   */
  private async pinnedVersion(key: StoredKey): Promise<{ name: string; version: number }> {
    const match = REFERENCE.exec(key.externalKeyId ?? '');
    if (!match) throw new BusError('INTERNAL', `key ${key.keyId} has no transit key name`);
    if (match[2]) return { name: match[1], version: Number(match[2]) };
    let version = this.legacyVersions.get(key.keyId);
    if (version === undefined) {
      const response = (await this.call('read key', () => this.vault.read(`${this.mount}/keys/${match[1]}`))) as { data?: TransitKey };
      const wanted = await calculateJwkThumbprint(key.publicJwk as JWK, 'sha256');
      for (const candidate of Object.keys(response?.data?.keys ?? {})) {
        const found = await this.describe(match[1], { version: Number(candidate), info: response.data });
        if ((await calculateJwkThumbprint(found.publicJwk as JWK, 'sha256')) === wanted) version = Number(candidate);
      }
      if (version === undefined)
        throw new BusError('CONFLICT', `no version of transit key ${match[1]} has the public key of key ${key.keyId}`);
      this.legacyVersions.set(key.keyId, version);
    }
    return { name: match[1], version };
  }

  /** Reads a transit key version's public key (default the latest) as a JWK (kid = RFC 7638 thumbprint) and tells its type. */
  private async describe(
    name: string,
    options: { expectedType?: KeyType; version?: number; info?: TransitKey } = {},
  ): Promise<{ type: KeyType; publicJwk: PublicJwk; alg: string; version: number }> {
    const { expectedType } = options;
    const info =
      options.info ??
      ((await this.call('read key', () => this.vault.read(`${this.mount}/keys/${name}`), name)) as { data?: TransitKey })?.data;
    const type = info ? KEY_TYPES.get(info.type) : undefined;
    if (!info || !type)
      throw new BusError('BAD_REQUEST', `transit key ${name} has an unsupported type ${info?.type ?? '(none)'}`, [
        { path: 'externalKeyId', message: 'key type not supported (ed25519, ecdsa-p256, ecdsa-p384, rsa-2048/3072/4096)' },
      ]);
    if (expectedType && type !== expectedType)
      throw new BusError('INTERNAL', `vault created a ${info.type} key for a ${expectedType} request`);
    const version = options.version ?? info.latest_version;
    const encoded = info.keys?.[String(version)]?.public_key;
    if (!encoded && options.version !== undefined)
      throw new BusError('NOT_FOUND', `transit key ${name} has no version ${version}`, [
        { path: 'externalKeyId', message: 'no such key version' },
      ]);
    if (!encoded) throw new BusError('INTERNAL', `vault returned no public key for transit key ${name}`);
    const publicKey =
      type === 'ed25519'
        ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(encoded, 'base64').toString('base64url') }, format: 'jwk' })
        : createPublicKey(encoded);
    const jwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    const alg = DEFAULT_ALG[type];
    return { type, alg, version, publicJwk: { ...jwk, kid: await calculateJwkThumbprint(jwk as JWK, 'sha256'), alg } as PublicJwk };
  }

  private async call<T>(what: string, request: () => Promise<T>, keyName?: string): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toBusError(what, error, keyName);
    }
  }
}

/**
 * A rejected token is the deployment's fault, not the caller's, so it answers UNAVAILABLE (503) rather than
 * BAD_REQUEST; an unknown key named by a link answers NOT_FOUND; other 4xx BAD_REQUEST; 5xx and network errors UNAVAILABLE.
 */
function toBusError(what: string, error: unknown, keyName?: string): BusError {
  if (error instanceof BusError) return error;
  const status = (error as { response?: { statusCode?: unknown } })?.response?.statusCode;
  const body = (error as { response?: { body?: { errors?: unknown } } })?.response?.body;
  const detail = Array.isArray(body?.errors) ? body.errors.filter((e) => typeof e === 'string').join('; ') : '';
  const reason = detail ? `: ${detail}` : '';
  if (status === 401 || status === 403)
    return new BusError('UNAVAILABLE', `vault refused the kms token (${what}, HTTP ${status})${reason}`);
  if (status === 404 && keyName)
    return new BusError('NOT_FOUND', `transit key ${keyName} not found`, [{ path: 'externalKeyId', message: 'no such transit key' }]);
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new BusError('BAD_REQUEST', `vault rejected ${what} (HTTP ${status})${reason}`);
  if (typeof status === 'number') return new BusError('UNAVAILABLE', `vault failed to ${what} (HTTP ${status})${reason}`);
  const code = (error as { code?: unknown })?.code;
  return new BusError('UNAVAILABLE', `vault is unreachable (${what}${typeof code === 'string' ? `, ${code}` : ''})`);
}
