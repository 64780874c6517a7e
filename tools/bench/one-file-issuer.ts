import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';

/**
 * The baselines of issue 17's targets: a one-file OpenID4VCI issuer answering the same wallet-visible flow as the
 * platform (offer create → offer GET → token with tx_code → nonce → credential with an ES256 proof check, an SD-JWT VC
 * signed with ES256), with jose for the JWTs. No validation beyond what the flow needs, no events, no audit, no rate
 * limits: what the platform is compared against. Its state lives in a store: Maps (in-memory-issuer.ts) or PostgreSQL
 * tables, one statement per step (durable-issuer.ts) — PRODUCT.md's "the same code with its state in PostgreSQL".
 * Env: PORT (0 = any), ADMIN_KEY, ISSUER_ID, PROFILE_ID. Prints `<label> listening on <url>` when ready.
 */

export interface StoredOffer {
  code: string;
  txCode: string;
  expiresAt: number;
}

/** What the issuer keeps between the steps of a flow. Times are epoch milliseconds; every check is against `now`. */
export interface OneFileStore {
  createOffer(offerId: string, offer: StoredOffer): Promise<void> | void;
  /** The offer while it has not expired (redeemed or not, as a wallet may fetch it again). */
  offer(offerId: string, now: number): Promise<StoredOffer | undefined> | StoredOffer | undefined;
  /**
   * Redeems a pre-authorized code once, if its tx code matches and it has not expired, and stores the access token
   * issued for it; false when any of that fails (nothing changes then).
   */
  redeem(code: string, txCode: string, accessToken: string, tokenExpiresAt: number, now: number): Promise<boolean> | boolean;
  addNonce(nonce: string, expiresAt: number): Promise<void> | void;
  /** Whether the access token is known and unexpired (checked before the proof, as the 401 comes first). */
  tokenValid(accessToken: string, now: number): Promise<boolean> | boolean;
  /**
   * Consumes the nonce, then the access token (each single-use, also against concurrent requests); which one failed
   * otherwise. A valid nonce is spent even when the token was spent meanwhile.
   */
  complete(
    accessToken: string,
    nonce: string,
    now: number,
  ): Promise<'ok' | 'invalid_nonce' | 'invalid_token'> | 'ok' | 'invalid_nonce' | 'invalid_token';
  /** Forgets what expired (every second). */
  sweep(now: number): Promise<void> | void;
}

const ADMIN_KEY = process.env.ADMIN_KEY ?? 'bench-admin';
const ISSUER_ID = process.env.ISSUER_ID ?? 'bench';
const PROFILE_ID = process.env.PROFILE_ID ?? 'bench-profile';
const CONFIGURATION_ID = 'identity_sd_jwt';
const PRE_AUTH = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
export const TTL_MS = 300_000;
/** The same subject data and selective disclosure as the benchmark's platform profile (createSdJwtIssuer). */
const CLAIMS = { given_name: 'Erika', family_name: 'Mustermann', birthdate: '1963-08-12', address: { locality: 'Berlin', country: 'DE' } };

const id = () => randomBytes(16).toString('base64url');
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const digest = (text: string) => createHash('sha256').update(text).digest('base64url');

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

/** Compares secrets in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Serves the issuer over `store` until SIGTERM; `close` runs after the server closed (e.g. the database pool). */
export async function serveOneFileIssuer(
  store: OneFileStore,
  label: string,
  close: () => Promise<void> = async () => undefined,
): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const publicJwk = await exportJWK(publicKey);
  const issuerKid = digest(JSON.stringify(publicJwk));
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) send(res, error.status, error.body);
      else send(res, 500, { error: 'server_error', error_description: String(error) });
    });
  });
  let baseUrl = '';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const body = await readBody(req);
    const issuerPath = `/issuers/${ISSUER_ID}`;
    const credentialIssuer = `${baseUrl}${issuerPath}`;
    const now = Date.now();

    if (req.method === 'POST' && path === `/api/v1/issuers/${ISSUER_ID}/profiles/${PROFILE_ID}/offers`) {
      if (!sameSecret(req.headers.authorization ?? '', `Bearer ${ADMIN_KEY}`)) throw new HttpError(401, { error: 'unauthorized' });
      const request = JSON.parse(body) as { authMethod?: string; txCode?: { length?: number } };
      if (request.authMethod !== 'PRE_AUTHORIZED') throw new HttpError(400, { error: 'invalid_request' });
      const length = request.txCode?.length ?? 6;
      const offerId = id();
      const offer: StoredOffer = { code: id(), txCode: String(randomInt(10 ** length)).padStart(length, '0'), expiresAt: now + TTL_MS };
      await store.createOffer(offerId, offer);
      const credentialOfferUri = `${credentialIssuer}/offers/${offerId}`;
      send(res, 201, {
        offerId,
        sessionId: offerId,
        profileId: PROFILE_ID,
        authMethod: 'PRE_AUTHORIZED',
        expiresAt: new Date(offer.expiresAt).toISOString(),
        txCodeValue: offer.txCode,
        credentialOffer: `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(credentialOfferUri)}`,
        credentialOfferUri,
      });
      return;
    }
    if (req.method === 'GET' && path === `/.well-known/jwt-vc-issuer${issuerPath}`) {
      send(res, 200, { issuer: credentialIssuer, jwks: { keys: [{ ...publicJwk, kid: issuerKid, alg: 'ES256', use: 'sig' }] } });
      return;
    }
    if (req.method === 'GET' && path.startsWith(`${issuerPath}/offers/`)) {
      const offer = await store.offer(path.slice(`${issuerPath}/offers/`.length), now);
      if (!offer) throw new HttpError(404, { error: 'not_found' });
      send(res, 200, {
        credential_issuer: credentialIssuer,
        credential_configuration_ids: [CONFIGURATION_ID],
        grants: { [PRE_AUTH]: { 'pre-authorized_code': offer.code, tx_code: { input_mode: 'numeric', length: offer.txCode.length } } },
      });
      return;
    }
    if (req.method === 'POST' && path === `${issuerPath}/token`) {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== PRE_AUTH) throw new HttpError(400, { error: 'unsupported_grant_type' });
      const accessToken = randomBytes(32).toString('base64url');
      if (!(await store.redeem(form.get('pre-authorized_code') ?? '', form.get('tx_code') ?? '', accessToken, now + TTL_MS, now)))
        throw new HttpError(400, { error: 'invalid_grant' });
      send(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: TTL_MS / 1000 });
      return;
    }
    if (req.method === 'POST' && path === `${issuerPath}/nonce`) {
      const nonce = randomBytes(24).toString('base64url');
      await store.addNonce(nonce, now + TTL_MS);
      send(res, 200, { c_nonce: nonce });
      return;
    }
    if (req.method === 'POST' && path === `${issuerPath}/credential`) {
      const accessToken = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!(await store.tokenValid(accessToken, now))) throw new HttpError(401, { error: 'invalid_token' });
      const request = JSON.parse(body) as { credential_configuration_id?: string; proofs?: { jwt?: string[] } };
      if (request.credential_configuration_id !== CONFIGURATION_ID) throw new HttpError(400, { error: 'unknown_credential_configuration' });
      const proof = request.proofs?.jwt?.[0];
      if (!proof || request.proofs?.jwt?.length !== 1) throw new HttpError(400, { error: 'invalid_proof' });
      // The proof: ES256 over the wallet's key in its header, the issuer as audience, a fresh nonce of ours.
      const header = decodeProtectedHeader(proof);
      if (header.alg !== 'ES256' || header.typ !== 'openid4vci-proof+jwt' || !header.jwk)
        throw new HttpError(400, { error: 'invalid_proof' });
      const holderKey = await importJWK(header.jwk, 'ES256');
      const { payload } = await jwtVerify(proof, holderKey, { audience: credentialIssuer, maxTokenAge: '5m' }).catch(() => {
        throw new HttpError(400, { error: 'invalid_proof' });
      });
      const outcome = typeof payload.nonce === 'string' ? await store.complete(accessToken, payload.nonce, now) : 'invalid_nonce';
      if (outcome === 'invalid_nonce') throw new HttpError(400, { error: 'invalid_nonce' });
      if (outcome === 'invalid_token') throw new HttpError(401, { error: 'invalid_token' });
      send(res, 200, { credentials: [{ credential: await sdJwtVc(header.jwk, credentialIssuer) }] });
      return;
    }
    throw new HttpError(404, { error: 'not_found' });
  }

  /** An SD-JWT VC: family_name, birthdate and address.locality selectively disclosable, bound to the holder's key. */
  async function sdJwtVc(holderJwk: JWK, iss: string): Promise<string> {
    const disclosures: string[] = [];
    const disclose = (name: string, value: unknown) => {
      const disclosure = b64([randomBytes(16).toString('base64url'), name, value]);
      disclosures.push(disclosure);
      return digest(disclosure);
    };
    const { given_name, family_name, birthdate, address } = CLAIMS;
    const iat = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({
      vct: `${iss}/vct/${CONFIGURATION_ID}`,
      given_name,
      address: { country: address.country, _sd: [disclose('locality', address.locality)] },
      _sd: [disclose('family_name', family_name), disclose('birthdate', birthdate)].sort(),
      _sd_alg: 'sha-256',
      cnf: { jwk: { kty: holderJwk.kty, crv: holderJwk.crv, x: holderJwk.x, y: holderJwk.y } },
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dc+sd-jwt', kid: issuerKid })
      .setIssuer(iss)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 365 * 24 * 3600)
      .sign(privateKey);
    return `${jwt}~${disclosures.join('~')}~`;
  }

  // Expired entries are forgotten once a second, as a real issuer must.
  setInterval(() => void Promise.resolve(store.sweep(Date.now())).catch(() => undefined), 1000).unref();

  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    baseUrl = `http://127.0.0.1:${port}`;
    process.stdout.write(`${label} listening on ${baseUrl}\n`);
  });
  process.on('SIGTERM', () => server.close(() => void close().finally(() => process.exit(0))));
}
