// Test helper (imported only by specs): a protocol-level fake of HashiCorp Vault's transit engine, just the
// endpoints the vault backend uses. It is NOT Vault: shapes follow Vault's documented JSON, keys are real node:crypto
// key pairs with versions (rotate, sign with `key_version`), but policies, min versions, key derivation and batch input
// are not modelled.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { FakeServer, readJson } from './fake-server';

interface FakeKey {
  type: string;
  /** Version n is versions[n - 1]; the last one is the latest. */
  versions: { privateKey: KeyObject; publicKey: KeyObject }[];
}

const HASHES: Record<string, string> = { 'sha2-256': 'sha256', 'sha2-384': 'sha384', 'sha2-512': 'sha512' };
const HASH_LENGTHS: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 };

function generate(type: string): { privateKey: KeyObject; publicKey: KeyObject } | undefined {
  switch (type) {
    case 'ed25519':
      return generateKeyPairSync('ed25519');
    case 'ecdsa-p256':
      return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    case 'ecdsa-p384':
      return generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    case 'rsa-2048':
    case 'rsa-3072':
    case 'rsa-4096':
      return generateKeyPairSync('rsa', { modulusLength: Number(type.slice(4)) });
    default:
      return undefined;
  }
}

export class FakeVaultTransit {
  readonly keys = new Map<string, FakeKey>();
  /** Every request's method, path and namespace header, for assertions. */
  readonly requests: { method: string; path: string; namespace?: string }[] = [];
  private server?: FakeServer;

  constructor(
    readonly token: string,
    readonly mount = 'transit',
  ) {}

  get address(): string {
    return this.server!.origin;
  }

  async start(): Promise<this> {
    this.server = await FakeServer.listen(
      (req, res) => this.handle(req, res),
      (res, error) => reply(res, 500, { errors: [String(error)] }),
    );
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }

  /** Creates a key out of band, as an operator would before linking it. */
  addKey(name: string, type: string): void {
    const pair = generate(type);
    if (!pair) throw new Error(`unknown type ${type}`);
    this.keys.set(name, { type, versions: [pair] });
  }

  /** Rotates a key out of band (as `vault write -f transit/keys/<name>/rotate` would); returns the new version. */
  rotate(name: string): number {
    const key = this.keys.get(name);
    const pair = key && generate(key.type);
    if (!key || !pair) throw new Error(`cannot rotate ${name}`);
    key.versions.push(pair);
    return key.versions.length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.address);
    const namespace = req.headers['x-vault-namespace'];
    this.requests.push({ method: req.method ?? '', path: url.pathname, namespace: typeof namespace === 'string' ? namespace : undefined });
    if (req.headers['x-vault-token'] !== this.token) return reply(res, 403, { errors: ['permission denied'] });
    const prefix = `/v1/${this.mount}/`;
    if (!url.pathname.startsWith(prefix)) return reply(res, 404, { errors: [`no handler for route "${url.pathname.slice(4)}"`] });
    const [collection, name, ...rest] = url.pathname.slice(prefix.length).split('/');
    const rotate = collection === 'keys' && rest.length === 1 && rest[0] === 'rotate';
    if (!name || (rest.length > 0 && !rotate)) return reply(res, 404, { errors: [] });
    const body = req.method === 'POST' || req.method === 'PUT' ? await readJson(req) : {};
    if (body === undefined) return reply(res, 400, { errors: ['failed to parse JSON input'] });

    if (rotate && (req.method === 'POST' || req.method === 'PUT')) {
      if (!this.keys.has(name)) return reply(res, 400, { errors: ['key not found'] });
      this.rotate(name);
      return reply(res, 204);
    }

    if (collection === 'keys' && (req.method === 'POST' || req.method === 'PUT')) {
      const type = typeof body.type === 'string' ? body.type : 'aes256-gcm96';
      if (body.exportable === true) return reply(res, 400, { errors: ['test fake: exportable keys are not expected'] });
      if (this.keys.has(name)) return reply(res, 204);
      const pair = generate(type);
      if (!pair) return reply(res, 400, { errors: [`unknown key type: ${type}`] });
      this.keys.set(name, { type, versions: [pair] });
      return reply(res, 204);
    }
    if (collection === 'keys' && req.method === 'GET') {
      const key = this.keys.get(name);
      if (!key) return reply(res, 404, { errors: [] });
      const publicKeyOf = (publicKey: KeyObject) =>
        key.type === 'ed25519'
          ? Buffer.from(String(publicKey.export({ format: 'jwk' }).x), 'base64url').toString('base64')
          : String(publicKey.export({ format: 'pem', type: 'spki' }));
      const versions = Object.fromEntries(
        key.versions.map((v, i) => [
          String(i + 1),
          { creation_time: new Date(i * 1000).toISOString(), name: key.type, public_key: publicKeyOf(v.publicKey) },
        ]),
      );
      return reply(res, 200, {
        data: {
          name,
          type: key.type,
          exportable: false,
          deletion_allowed: false,
          latest_version: key.versions.length,
          min_decryption_version: 1,
          min_available_version: 0,
          supports_signing: true,
          keys: versions,
        },
      });
    }
    if (collection === 'sign' && req.method === 'POST') {
      const key = this.keys.get(name);
      if (!key) return reply(res, 400, { errors: ['signing key not found'] });
      if (typeof body.input !== 'string') return reply(res, 400, { errors: ['missing input'] });
      // key_version 0 or absent = the latest, as in Vault.
      const keyVersion = Number(body.key_version ?? 0) || key.versions.length;
      const pair = key.versions[keyVersion - 1];
      if (!Number.isInteger(keyVersion) || !pair) return reply(res, 400, { errors: [`invalid key version ${String(body.key_version)}`] });
      const privateKey = pair.privateKey;
      const input = Buffer.from(body.input, 'base64');
      const hash = HASHES[typeof body.hash_algorithm === 'string' ? body.hash_algorithm : 'sha2-256'];
      if (!hash) return reply(res, 400, { errors: ['unsupported hash algorithm'] });
      let signature: Buffer;
      if (key.type === 'ed25519') {
        signature = sign(null, input, privateKey);
      } else if (key.type.startsWith('ecdsa-')) {
        const jws = body.marshaling_algorithm === 'jws';
        if (!jws && body.marshaling_algorithm !== undefined && body.marshaling_algorithm !== 'asn1')
          return reply(res, 400, { errors: ['unsupported marshaling algorithm'] });
        signature = sign(hash, input, { key: privateKey, dsaEncoding: jws ? 'ieee-p1363' : 'der' });
        if (jws)
          return reply(res, 200, {
            data: { signature: `vault:v${keyVersion}:${signature.toString('base64url')}`, key_version: keyVersion },
          });
      } else {
        // Vault's RSA default is PSS with salt_length "auto" (the maximum when signing).
        const pss = (body.signature_algorithm ?? 'pss') === 'pss';
        if (!pss && body.signature_algorithm !== 'pkcs1v15') return reply(res, 400, { errors: ['unsupported signature algorithm'] });
        const saltLength = body.salt_length === 'hash' ? HASH_LENGTHS[hash] : constants.RSA_PSS_SALTLEN_MAX_SIGN;
        signature = pss
          ? sign(hash, input, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength })
          : sign(hash, input, privateKey);
      }
      return reply(res, 200, { data: { signature: `vault:v${keyVersion}:${signature.toString('base64')}`, key_version: keyVersion } });
    }
    return reply(res, 405, { errors: [] });
  }
}

function reply(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
