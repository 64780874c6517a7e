// Test helper (imported only by specs): a protocol-level fake of Azure Key Vault's keys REST API and of the Entra ID
// (AAD) endpoints the SDK's ClientSecretCredential calls, over https on 127.0.0.1 (see loopback-tls.fake.ts). It is
// NOT Azure: it serves the 401 challenge (WWW-Authenticate with the authority and resource), OIDC discovery and the
// client-credentials token grant, then create key, get key (latest or a version), sign over a digest and an
// out-of-band rotation, with real node:crypto keys. Access policies, RBAC, soft delete, HSM, key
// attestation and token validation beyond "issued by this fake" are not modelled.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { signDigest, type DigestScheme } from './digest-signer.fake';
import { FakeServer, parseJsonObject, readBody } from './fake-server';
import { createLoopbackTls, type LoopbackTls } from './loopback-tls.fake';

interface FakeKeyVersion {
  version: string;
  kty: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const CURVES: Record<string, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-256K': 'secp256k1' };
/** Azure sign algorithms: the scheme, the digest length it expects and the key family. */
const ALGORITHMS: Record<string, { scheme: DigestScheme; digest: number; kty: 'EC' | 'RSA'; crv?: string }> = {
  ES256: { scheme: 'ecdsa', digest: 32, kty: 'EC', crv: 'P-256' },
  ES384: { scheme: 'ecdsa', digest: 48, kty: 'EC', crv: 'P-384' },
  ES256K: { scheme: 'ecdsa', digest: 32, kty: 'EC', crv: 'P-256K' },
  RS256: { scheme: 'pkcs1', digest: 32, kty: 'RSA' },
  PS256: { scheme: 'pss', digest: 32, kty: 'RSA' },
};
/** The resource Key Vault names in its challenge (public cloud). */
export const KEY_VAULT_RESOURCE = 'https://vault.azure.net';

function generate(kty: string, crv?: string, size?: number): { privateKey: KeyObject; publicKey: KeyObject } | undefined {
  if (kty === 'EC' || kty === 'EC-HSM') {
    const namedCurve = CURVES[crv ?? 'P-256'];
    return namedCurve ? generateKeyPairSync('ec', { namedCurve }) : undefined;
  }
  if (kty === 'RSA' || kty === 'RSA-HSM') {
    const modulusLength = size ?? 2048;
    return [2048, 3072, 4096].includes(modulusLength) ? generateKeyPairSync('rsa', { modulusLength }) : undefined;
  }
  return undefined;
}

export class FakeAzureKeyVault {
  readonly tenantId = randomUUID();
  readonly clientId = randomUUID();
  readonly clientSecret = `fake-secret-${randomBytes(8).toString('hex')}`;
  /** Versions per key name, oldest first (the last one is the current version). */
  readonly keys = new Map<string, FakeKeyVersion[]>();
  /** Every request: method, path and whether it carried a token this fake issued. */
  readonly requests: { method: string; path: string; authorized: boolean }[] = [];
  readonly tokenRequests: { scope: string; grantType: string }[] = [];
  private readonly tokens = new Set<string>();
  private tls?: LoopbackTls;
  private server?: FakeServer;

  get origin(): string {
    return this.server!.origin;
  }
  /** The vault URL and the Entra ID authority host are both this server. */
  get vaultUrl(): string {
    return this.origin;
  }
  get authorityHost(): string {
    return this.origin;
  }
  /** An https.Agent trusting only this fake's certificate. */
  get agent(): LoopbackTls['agent'] {
    return this.tls!.agent;
  }

  async start(): Promise<this> {
    this.tls = await createLoopbackTls();
    this.server = await FakeServer.listen(
      (req, res) => this.handle(req, res),
      (res, error) => reply(res, 500, { error: { code: 'InternalError', message: String(error) } }),
      { cert: this.tls.cert, key: this.tls.key },
    );
    return this;
  }

  async stop(): Promise<void> {
    this.tls?.agent.destroy();
    await this.server?.close();
  }

  /** Creates a key out of band (as an operator would before linking it); returns its versioned key id. */
  addKey(name: string, kty: string, options: { crv?: string; size?: number } = {}): string {
    const pair = generate(kty, options.crv, options.size);
    if (!pair) throw new Error(`cannot generate ${kty}`);
    const version = randomBytes(16).toString('hex');
    this.keys.set(name, [...(this.keys.get(name) ?? []), { version, kty, ...pair }]);
    return `${this.vaultUrl}/keys/${name}/${version}`;
  }

  /** Rotates a key (a new current version with new material, like `az keyvault key rotate`); returns the new key id. */
  rotateKey(name: string): string {
    const current = this.keys.get(name)?.at(-1);
    if (!current) throw new Error(`no key ${name}`);
    const details = current.privateKey.asymmetricKeyDetails ?? {};
    const crv = Object.entries(CURVES).find(([, curve]) => curve === details.namedCurve)?.[0];
    return this.addKey(name, current.kty, { crv, size: details.modulusLength });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const path = url.pathname;
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const authorized = bearer !== undefined && this.tokens.has(bearer);
    this.requests.push({ method: req.method ?? '', path, authorized });
    const body = (await readBody(req)).toString('utf8');

    // Entra ID: OIDC discovery and the token endpoint of this tenant.
    if (path === `/${this.tenantId}/v2.0/.well-known/openid-configuration`) return reply(res, 200, this.openIdConfiguration());
    if (path === `/${this.tenantId}/oauth2/v2.0/token` && req.method === 'POST') return this.token(res, new URLSearchParams(body));

    if (!path.startsWith('/keys/')) return reply(res, 404, { error: { code: 'NotFound', message: `no route ${path}` } });
    if (!url.searchParams.get('api-version')) return reply(res, 400, { error: { code: 'BadParameter', message: 'api-version missing' } });
    if (!authorized) {
      // The SDK first sends the request without a token (and without its body) to learn the authority.
      res.setHeader('WWW-Authenticate', `Bearer authorization="${this.origin}/${this.tenantId}", resource="${KEY_VAULT_RESOURCE}"`);
      return reply(res, 401, { error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } });
    }
    const [name, second, third, ...rest] = path.slice('/keys/'.length).split('/');
    if (!name || rest.length > 0) return reply(res, 404, { error: { code: 'NotFound', message: 'no such route' } });
    const json = parseJsonObject(body);
    if (json === undefined) return reply(res, 400, { error: { code: 'BadParameter', message: 'invalid JSON' } });

    if (second === 'create' && req.method === 'POST') {
      if (!/^[0-9a-zA-Z-]{1,127}$/.test(name)) return reply(res, 400, { error: { code: 'BadParameter', message: 'invalid key name' } });
      const kty = String(json.kty ?? '');
      const pair = generate(kty, json.crv as string | undefined, json.key_size as number | undefined);
      if (!pair) return reply(res, 400, { error: { code: 'BadParameter', message: `unsupported key type ${kty}` } });
      const version = randomBytes(16).toString('hex');
      this.keys.set(name, [...(this.keys.get(name) ?? []), { version, kty, ...pair }]);
      return reply(res, 200, this.bundle(name, this.keys.get(name)!.at(-1)!));
    }
    const versions = this.keys.get(name);
    const version = second ? versions?.find((v) => v.version === second) : versions?.at(-1);
    if (!version) return reply(res, 404, { error: { code: 'KeyNotFound', message: `A key with (name/id) ${name} was not found` } });
    if (third === undefined && req.method === 'GET') return reply(res, 200, this.bundle(name, version));
    if (third === 'sign' && req.method === 'POST') {
      const alg = ALGORITHMS[String(json.alg)];
      const digest = Buffer.from(String(json.value ?? ''), 'base64url');
      const details = version.privateKey.asymmetricKeyDetails ?? {};
      const family = version.kty.startsWith('EC') ? 'EC' : 'RSA';
      if (!alg || alg.kty !== family || (alg.crv && CURVES[alg.crv] !== details.namedCurve))
        return reply(res, 400, { error: { code: 'BadParameter', message: `algorithm ${String(json.alg)} does not fit this key` } });
      if (digest.length !== alg.digest) return reply(res, 400, { error: { code: 'BadParameter', message: 'digest length mismatch' } });
      const signature = signDigest(version.privateKey, alg.scheme, digest);
      return reply(res, 200, { kid: `${this.vaultUrl}/keys/${name}/${version.version}`, value: signature.toString('base64url') });
    }
    return reply(res, 405, { error: { code: 'MethodNotAllowed', message: `${req.method} ${path}` } });
  }

  private openIdConfiguration(): Record<string, unknown> {
    const base = `${this.origin}/${this.tenantId}`;
    return {
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'id_token', 'token'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    };
  }

  private token(res: ServerResponse, form: URLSearchParams): void {
    const scope = form.get('scope') ?? '';
    const grantType = form.get('grant_type') ?? '';
    this.tokenRequests.push({ scope, grantType });
    if (grantType !== 'client_credentials')
      return reply(res, 400, { error: 'unsupported_grant_type', error_description: 'test fake: client credentials only' });
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret)
      return reply(res, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
    if (!scope.split(' ').includes(`${KEY_VAULT_RESOURCE}/.default`))
      return reply(res, 400, { error: 'invalid_scope', error_description: `unexpected scope ${scope}` });
    const token = randomBytes(24).toString('base64url');
    this.tokens.add(token);
    return reply(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
  }

  private bundle(name: string, version: FakeKeyVersion): Record<string, unknown> {
    const jwk = version.publicKey.export({ format: 'jwk' }) as Record<string, string>;
    const ec = version.kty.startsWith('EC');
    const crv = ec ? Object.entries(CURVES).find(([, c]) => c === version.privateKey.asymmetricKeyDetails?.namedCurve)?.[0] : undefined;
    const created = Math.floor(Date.now() / 1000);
    return {
      key: {
        kid: `${this.vaultUrl}/keys/${name}/${version.version}`,
        kty: version.kty,
        key_ops: ec ? ['sign', 'verify'] : ['sign', 'verify', 'encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
        ...(ec ? { crv, x: jwk.x, y: jwk.y } : { n: jwk.n, e: jwk.e }),
      },
      attributes: { enabled: true, created, updated: created, recoveryLevel: 'Recoverable+Purgeable', exportable: false },
      tags: {},
    };
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
