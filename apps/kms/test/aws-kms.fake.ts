// Test helper (imported only by specs): a protocol-level fake of AWS KMS (JSON 1.1, `X-Amz-Target: TrentService.*`),
// just CreateKey, GetPublicKey and Sign. It is NOT AWS: shapes follow AWS's documented JSON, keys are real node:crypto
// key pairs, any SigV4 Authorization header is accepted (only its presence is checked); policies, grants, aliases,
// key states and the DIGEST message type for ECDSA are not modelled.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants, generateKeyPairSync, privateEncrypt, randomUUID, sign, type KeyObject } from 'node:crypto';
import { FakeServer, readJson } from './fake-server';

interface FakeKey {
  keySpec: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const REGION = 'us-east-1';
const ACCOUNT = '111122223333';
const SIGNING: Record<string, { hash: string; family: 'ec' | 'pkcs1' | 'pss' }> = {
  ECDSA_SHA_256: { hash: 'sha256', family: 'ec' },
  ECDSA_SHA_384: { hash: 'sha384', family: 'ec' },
  RSASSA_PKCS1_V1_5_SHA_256: { hash: 'sha256', family: 'pkcs1' },
  RSASSA_PSS_SHA_256: { hash: 'sha256', family: 'pss' },
};

function generate(keySpec: string): { privateKey: KeyObject; publicKey: KeyObject } | undefined {
  switch (keySpec) {
    case 'ECC_NIST_P256':
      return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    case 'ECC_NIST_P384':
      return generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    case 'ECC_SECG_P256K1':
      return generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    case 'RSA_2048':
    case 'RSA_3072':
    case 'RSA_4096':
      return generateKeyPairSync('rsa', { modulusLength: Number(keySpec.slice(4)) });
    default:
      return undefined;
  }
}

const arnOf = (keyId: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`;

export class FakeAwsKms {
  /** By key id (UUID). */
  readonly keys = new Map<string, FakeKey>();
  /** Every request's operation and whether it carried a SigV4 Authorization header, for assertions. */
  readonly requests: { target: string; sigV4: boolean; contentType?: string }[] = [];
  private server?: FakeServer;

  get address(): string {
    return this.server!.origin;
  }

  async start(): Promise<this> {
    this.server = await FakeServer.listen(
      (req, res) => this.handle(req, res),
      (res, error) => reply(res, 500, { __type: 'KMSInternalException', message: String(error) }),
    );
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }

  /** Creates a key out of band, as an operator would before linking it; returns its key id. */
  addKey(keySpec: string): string {
    const pair = generate(keySpec);
    if (!pair) throw new Error(`unknown key spec ${keySpec}`);
    const keyId = randomUUID();
    this.keys.set(keyId, { keySpec, ...pair });
    return keyId;
  }

  private find(reference: unknown): [string, FakeKey] | undefined {
    if (typeof reference !== 'string') return undefined;
    const keyId = reference.startsWith('arn:') ? (/:key\/([^/]+)$/.exec(reference)?.[1] ?? '') : reference;
    const key = this.keys.get(keyId);
    return key ? [keyId, key] : undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const authorization = String(req.headers.authorization ?? '');
    const sigV4 = /^AWS4-HMAC-SHA256 Credential=[^,]+, ?SignedHeaders=[^,]+, ?Signature=[0-9a-f]{64}$/.test(authorization);
    this.requests.push({ target, sigV4, contentType: req.headers['content-type'] });
    if (req.method !== 'POST' || req.url !== '/') return reply(res, 404, { __type: 'UnknownOperationException' });
    if (!sigV4) return reply(res, 400, { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.1'))
      return reply(res, 400, { __type: 'SerializationException', message: 'expected application/x-amz-json-1.1' });
    const body = await readJson(req);
    if (body === undefined) return reply(res, 400, { __type: 'SerializationException', message: 'invalid JSON' });

    switch (target) {
      case 'TrentService.CreateKey': {
        if (body.KeyUsage !== 'SIGN_VERIFY')
          return reply(res, 400, { __type: 'ValidationException', message: 'test fake: only SIGN_VERIFY keys are modelled' });
        const keySpec = typeof body.KeySpec === 'string' ? body.KeySpec : 'SYMMETRIC_DEFAULT';
        const pair = generate(keySpec);
        if (!pair) return reply(res, 400, { __type: 'ValidationException', message: `KeySpec ${keySpec} is not valid for SIGN_VERIFY` });
        const keyId = randomUUID();
        this.keys.set(keyId, { keySpec, ...pair });
        return reply(res, 200, {
          KeyMetadata: {
            AWSAccountId: ACCOUNT,
            KeyId: keyId,
            Arn: arnOf(keyId),
            CreationDate: Date.now() / 1000,
            Enabled: true,
            KeyState: 'Enabled',
            KeyManager: 'CUSTOMER',
            KeySpec: keySpec,
            CustomerMasterKeySpec: keySpec,
            KeyUsage: 'SIGN_VERIFY',
            Origin: 'AWS_KMS',
            MultiRegion: false,
            SigningAlgorithms: signingAlgorithms(keySpec),
          },
        });
      }
      case 'TrentService.GetPublicKey': {
        const found = this.find(body.KeyId);
        if (!found) return reply(res, 400, { __type: 'NotFoundException', message: `Key '${String(body.KeyId)}' does not exist` });
        const [keyId, key] = found;
        return reply(res, 200, {
          KeyId: arnOf(keyId),
          KeySpec: key.keySpec,
          CustomerMasterKeySpec: key.keySpec,
          KeyUsage: 'SIGN_VERIFY',
          PublicKey: (key.publicKey.export({ format: 'der', type: 'spki' }) as Buffer).toString('base64'),
          SigningAlgorithms: signingAlgorithms(key.keySpec),
        });
      }
      case 'TrentService.Sign': {
        const found = this.find(body.KeyId);
        if (!found) return reply(res, 400, { __type: 'NotFoundException', message: `Key '${String(body.KeyId)}' does not exist` });
        const [keyId, key] = found;
        const algorithm = typeof body.SigningAlgorithm === 'string' ? body.SigningAlgorithm : '';
        const params = SIGNING[algorithm];
        if (!params || !signingAlgorithms(key.keySpec).includes(algorithm))
          return reply(res, 400, { __type: 'InvalidKeyUsageException', message: `${algorithm} is not valid for ${key.keySpec}` });
        if (typeof body.Message !== 'string') return reply(res, 400, { __type: 'ValidationException', message: 'Message is required' });
        const message = Buffer.from(body.Message, 'base64');
        const messageType = body.MessageType ?? 'RAW';
        if (messageType === 'RAW' && message.length > 4096)
          return reply(res, 400, { __type: 'ValidationException', message: 'Message must be at most 4096 bytes' });
        let signature: Buffer;
        if (messageType === 'DIGEST') {
          if (params.family === 'ec')
            return reply(res, 400, { __type: 'ValidationException', message: 'test fake: DIGEST is modelled for RSA only' });
          signature = signDigest(key.privateKey, params, message);
        } else if (messageType === 'RAW') {
          signature =
            params.family === 'ec'
              ? sign(params.hash, message, { key: key.privateKey, dsaEncoding: 'der' })
              : params.family === 'pss'
                ? sign(params.hash, message, { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
                : sign(params.hash, message, key.privateKey);
        } else {
          return reply(res, 400, { __type: 'ValidationException', message: `MessageType ${String(messageType)} is not valid` });
        }
        return reply(res, 200, { KeyId: arnOf(keyId), Signature: signature.toString('base64'), SigningAlgorithm: algorithm });
      }
      default:
        return reply(res, 400, { __type: 'UnknownOperationException', message: `test fake: ${target} is not modelled` });
    }
  }
}

function signingAlgorithms(keySpec: string): string[] {
  if (keySpec === 'ECC_NIST_P384') return ['ECDSA_SHA_384'];
  if (keySpec.startsWith('ECC_')) return ['ECDSA_SHA_256'];
  return ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PSS_SHA_256'];
}

/** RSA over a precomputed SHA-256 digest: PKCS#1 v1.5 with the DigestInfo prefix, or PSS via the digest-only sign. */
function signDigest(privateKey: KeyObject, params: { family: string }, digest: Buffer): Buffer {
  const digestInfo = Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), digest]);
  if (params.family === 'pkcs1') {
    // privateEncrypt with PKCS#1 v1.5 padding = a v1.5 signature over the given DigestInfo.
    return privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, digestInfo);
  }
  throw new Error('test fake: PSS over DIGEST is not modelled');
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() }).end(JSON.stringify(body));
}
