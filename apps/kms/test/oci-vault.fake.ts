// Test helper (imported only by specs): a protocol-level fake of OCI Vault's key management endpoints (create key,
// get key, get key version) and crypto endpoint (sign), API version 20180608, on one http server on 127.0.0.1. It is
// NOT OCI: keys are real node:crypto key pairs; every request must carry an OCI HTTP signature (draft-cavage,
// `Signature version="1",keyId="<tenancy>/<user>/<fingerprint>",algorithm="rsa-sha256",headers=...`) that this fake
// verifies against the API signing key it was given, including x-content-sha256 for bodies. IAM policies,
// compartments, vaults, replication, HSM and key states other than CREATING → ENABLED are not modelled.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants, createHash, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { signDigest, type DigestScheme } from './digest-signer.fake';
import { FakeServer, readBody } from './fake-server';

interface FakeKeyVersion {
  id: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}
interface FakeKey {
  id: string;
  compartmentId: string;
  displayName: string;
  keyShape: { algorithm: string; length: number; curveId?: string };
  versions: FakeKeyVersion[];
  /** A fresh key answers CREATING once, as OCI does while it provisions the key. */
  polled: boolean;
}

const API = '/20180608';
const ALGORITHMS: Record<string, { hash: string; scheme: DigestScheme; family: 'ECDSA' | 'RSA' }> = {
  ECDSA_SHA_256: { hash: 'sha256', scheme: 'ecdsa', family: 'ECDSA' },
  ECDSA_SHA_384: { hash: 'sha384', scheme: 'ecdsa', family: 'ECDSA' },
  SHA_256_RSA_PKCS1_V1_5: { hash: 'sha256', scheme: 'pkcs1', family: 'RSA' },
  SHA_256_RSA_PKCS_PSS: { hash: 'sha256', scheme: 'pss', family: 'RSA' },
};
const ocid = (kind: string) => `ocid1.${kind}.oc1.eu-frankfurt-1.${randomBytes(20).toString('hex')}`;

function generate(shape: FakeKey['keyShape']): { privateKey: KeyObject; publicKey: KeyObject } | undefined {
  if (shape.algorithm === 'ECDSA') {
    const namedCurve = { NIST_P256: 'prime256v1', NIST_P384: 'secp384r1' }[shape.curveId ?? ''];
    const length = { NIST_P256: 32, NIST_P384: 48 }[shape.curveId ?? ''];
    return namedCurve && length === shape.length ? generateKeyPairSync('ec', { namedCurve }) : undefined;
  }
  if (shape.algorithm === 'RSA' && [256, 384, 512].includes(shape.length))
    return generateKeyPairSync('rsa', { modulusLength: shape.length * 8 });
  return undefined;
}

export class FakeOciVault {
  readonly vaultId = ocid('vault');
  readonly keys = new Map<string, FakeKey>();
  /** Every request: method, path and whether its HTTP signature verified. */
  readonly requests: { method: string; path: string; signed: boolean }[] = [];
  private server?: FakeServer;

  /** @param apiKeys signing key id (`<tenancy>/<user>/<fingerprint>`) → the public half of the user's API key */
  constructor(private readonly apiKeys: Map<string, KeyObject>) {}

  /** The management and the crypto endpoint (in OCI they are two hosts per vault; here one server). */
  get address(): string {
    return this.server!.origin;
  }

  async start(): Promise<this> {
    this.server = await FakeServer.listen(
      (req, res) => this.handle(req, res),
      (res, error) => reply(res, 500, { code: 'InternalServerError', message: String(error) }),
    );
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }

  /** Creates a key out of band (as an operator would before linking it); returns its OCID. */
  addKey(keyShape: FakeKey['keyShape'], compartmentId = ocid('compartment')): string {
    const pair = generate(keyShape);
    if (!pair) throw new Error(`cannot generate ${JSON.stringify(keyShape)}`);
    const key: FakeKey = { id: ocid('key'), compartmentId, displayName: 'operator key', keyShape, versions: [], polled: true };
    key.versions.push({ id: ocid('keyversion'), ...pair });
    this.keys.set(key.id, key);
    return key.id;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.address);
    const body = await readBody(req);
    const signed = this.verifySignature(req, body);
    this.requests.push({ method: req.method ?? '', path: url.pathname, signed });
    if (!signed)
      return reply(res, 401, {
        code: 'NotAuthenticated',
        message: 'The required information to complete authentication was not provided or was incorrect.',
      });
    let json: Record<string, unknown> = {};
    try {
      if (body.length > 0) json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return reply(res, 400, { code: 'InvalidParameter', message: 'invalid JSON' });
    }
    const parts = url.pathname.startsWith(`${API}/`) ? url.pathname.slice(API.length + 1).split('/') : [];

    if (req.method === 'POST' && parts.length === 1 && parts[0] === 'keys') {
      const keyShape = json.keyShape as FakeKey['keyShape'] | undefined;
      const pair = keyShape ? generate(keyShape) : undefined;
      if (!pair || typeof json.compartmentId !== 'string' || typeof json.displayName !== 'string')
        return reply(res, 400, { code: 'InvalidParameter', message: `unsupported key shape ${JSON.stringify(keyShape)}` });
      const key: FakeKey = {
        id: ocid('key'),
        compartmentId: json.compartmentId,
        displayName: json.displayName,
        keyShape: keyShape!,
        versions: [],
        polled: false,
      };
      key.versions.push({ id: ocid('keyversion'), ...pair });
      this.keys.set(key.id, key);
      return reply(res, 200, this.keyBody(key, 'CREATING'));
    }
    const key = parts[0] === 'keys' && parts[1] ? this.keys.get(parts[1]) : undefined;
    if (req.method === 'GET' && parts.length === 2 && parts[0] === 'keys') {
      if (!key)
        return reply(res, 404, { code: 'NotAuthorizedOrNotFound', message: 'Authorization failed or requested resource not found.' });
      const state = key.polled ? 'ENABLED' : 'CREATING';
      key.polled = true;
      return reply(res, 200, this.keyBody(key, state));
    }
    if (req.method === 'GET' && parts.length === 4 && parts[0] === 'keys' && parts[2] === 'keyVersions') {
      const version = key?.versions.find((v) => v.id === parts[3]);
      if (!key || !version)
        return reply(res, 404, { code: 'NotAuthorizedOrNotFound', message: 'Authorization failed or requested resource not found.' });
      return reply(res, 200, {
        compartmentId: key.compartmentId,
        id: version.id,
        keyId: key.id,
        vaultId: this.vaultId,
        publicKey: version.publicKey.export({ format: 'pem', type: 'spki' }),
        lifecycleState: 'ENABLED',
        origin: 'INTERNAL',
        timeCreated: new Date().toISOString(),
      });
    }
    if (req.method === 'POST' && parts.length === 1 && parts[0] === 'sign') return this.sign(res, json);
    return reply(res, 404, { code: 'NotFound', message: `no route ${req.method} ${url.pathname}` });
  }

  private sign(res: ServerResponse, json: Record<string, unknown>): void {
    const key = this.keys.get(String(json.keyId));
    const version = json.keyVersionId === undefined ? key?.versions.at(-1) : key?.versions.find((v) => v.id === json.keyVersionId);
    if (!key || !version) return reply(res, 404, { code: 'NotAuthorizedOrNotFound', message: 'key or key version not found' });
    const algorithm = ALGORITHMS[String(json.signingAlgorithm)];
    if (!algorithm || algorithm.family !== key.keyShape.algorithm)
      return reply(res, 400, {
        code: 'InvalidParameter',
        message: `signingAlgorithm ${String(json.signingAlgorithm)} does not fit this key`,
      });
    const message = Buffer.from(String(json.message ?? ''), 'base64');
    const digestType = json.messageType === 'DIGEST';
    if (!digestType && message.length > 4096)
      return reply(res, 400, { code: 'InvalidParameter', message: 'message must be at most 4096 bytes' });
    let signature: Buffer;
    if (digestType) {
      const raw = signDigest(version.privateKey, algorithm.scheme, message);
      // OCI answers ECDSA signatures DER-encoded; re-encode the digest signer's r||s through node:crypto.
      signature = algorithm.scheme === 'ecdsa' ? derOf(raw) : raw;
    } else if (algorithm.scheme === 'pss') {
      const saltLength = createHash(algorithm.hash).digest().length;
      signature = sign(algorithm.hash, message, { key: version.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });
    } else {
      signature = sign(algorithm.hash, message, { key: version.privateKey, dsaEncoding: 'der' });
    }
    return reply(res, 200, {
      keyId: key.id,
      keyVersionId: version.id,
      signature: signature.toString('base64'),
      signingAlgorithm: json.signingAlgorithm,
    });
  }

  /** Verifies the OCI request signature (draft-cavage-http-signatures, rsa-sha256) and the body hash. */
  private verifySignature(req: IncomingMessage, body: Buffer): boolean {
    const header = String(req.headers.authorization ?? '');
    if (!header.startsWith('Signature ')) return false;
    const params = Object.fromEntries([...header.slice(10).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const publicKey = this.apiKeys.get(params.keyId ?? '');
    if (params.version !== '1' || params.algorithm !== 'rsa-sha256' || !publicKey || !params.signature || !params.headers) return false;
    // http-signature lower-cases the header names it lists (the SDK lists Content-Type, Content-Length).
    const names = params.headers.toLowerCase().split(' ');
    const required = [
      '(request-target)',
      'host',
      ...(req.method === 'POST' || req.method === 'PUT' ? ['x-content-sha256', 'content-length'] : []),
    ];
    if (!required.every((name) => names.includes(name)) || !(names.includes('date') || names.includes('x-date'))) return false;
    if (names.includes('x-content-sha256') && req.headers['x-content-sha256'] !== createHash('sha256').update(body).digest('base64'))
      return false;
    const lines = names.map((name) =>
      name === '(request-target)'
        ? `(request-target): ${req.method?.toLowerCase()} ${req.url}`
        : `${name}: ${String(req.headers[name] ?? '')}`,
    );
    return verify('sha256', Buffer.from(lines.join('\n')), publicKey, Buffer.from(params.signature, 'base64'));
  }

  private keyBody(key: FakeKey, lifecycleState: string): Record<string, unknown> {
    return {
      id: key.id,
      compartmentId: key.compartmentId,
      displayName: key.displayName,
      vaultId: this.vaultId,
      keyShape: key.keyShape,
      currentKeyVersion: key.versions.at(-1)!.id,
      lifecycleState,
      protectionMode: 'HSM',
      timeCreated: new Date().toISOString(),
      freeformTags: {},
      definedTags: {},
    };
  }
}

function derOf(raw: Buffer): Buffer {
  const half = raw.length / 2;
  const integer = (bytes: Buffer) => {
    let trimmed = bytes;
    while (trimmed.length > 1 && trimmed[0] === 0 && trimmed[1] < 0x80) trimmed = trimmed.subarray(1);
    if (trimmed[0] >= 0x80) trimmed = Buffer.concat([Buffer.from([0]), trimmed]);
    return Buffer.concat([Buffer.from([0x02, trimmed.length]), trimmed]);
  };
  const content = Buffer.concat([integer(raw.subarray(0, half)), integer(raw.subarray(half))]);
  return Buffer.concat([Buffer.from(content.length < 0x80 ? [0x30, content.length] : [0x30, 0x81, content.length]), content]);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'opc-request-id': randomBytes(8).toString('hex') }).end(JSON.stringify(body));
}
