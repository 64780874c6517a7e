import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';

/**
 * The baseline of issue 17's targets: a one-file in-memory OpenID4VCI issuer answering the same wallet-visible
 * flow as the platform (offer create → offer GET → token with tx_code → nonce → credential with an ES256 proof
 * check, an SD-JWT VC signed with ES256), with Maps for state and jose for the JWTs. No persistence, no validation
 * beyond what the flow needs, no events: what the platform is compared against. Only the benchmark starts it.
 * Env: PORT (0 = any), ADMIN_KEY, ISSUER_ID, PROFILE_ID. Prints `listening on <url>` when ready.
 */

const ADMIN_KEY = process.env.ADMIN_KEY ?? 'bench-admin';
const ISSUER_ID = process.env.ISSUER_ID ?? 'bench';
const PROFILE_ID = process.env.PROFILE_ID ?? 'bench-profile';
const CONFIGURATION_ID = 'identity_sd_jwt';
const PRE_AUTH = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
const TTL_MS = 300_000;
/** The same subject data and selective disclosure as the benchmark's platform profile (createSdJwtIssuer). */
const CLAIMS = { given_name: 'Erika', family_name: 'Mustermann', birthdate: '1963-08-12', address: { locality: 'Berlin', country: 'DE' } };

interface Offer {
  code: string;
  txCode: string;
  expiresAt: number;
  redeemed: boolean;
}
interface AccessToken {
  offerId: string;
  expiresAt: number;
  used: boolean;
}

const offers = new Map<string, Offer>();
const codes = new Map<string, string>();
const tokens = new Map<string, AccessToken>();
const nonces = new Map<string, number>();
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

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function main(): Promise<void> {
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
      const offer: Offer = {
        code: id(),
        txCode: String(randomInt(10 ** length)).padStart(length, '0'),
        expiresAt: now + TTL_MS,
        redeemed: false,
      };
      offers.set(offerId, offer);
      codes.set(offer.code, offerId);
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
      const offer = offers.get(path.slice(`${issuerPath}/offers/`.length));
      if (!offer || offer.expiresAt < now) throw new HttpError(404, { error: 'not_found' });
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
      const offerId = codes.get(form.get('pre-authorized_code') ?? '');
      const offer = offerId ? offers.get(offerId) : undefined;
      if (!offerId || !offer || offer.redeemed || offer.expiresAt < now) throw new HttpError(400, { error: 'invalid_grant' });
      if (!sameSecret(form.get('tx_code') ?? '', offer.txCode)) throw new HttpError(400, { error: 'invalid_grant' });
      offer.redeemed = true;
      codes.delete(offer.code);
      const accessToken = randomBytes(32).toString('base64url');
      tokens.set(accessToken, { offerId, expiresAt: now + TTL_MS, used: false });
      send(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: TTL_MS / 1000 });
      return;
    }
    if (req.method === 'POST' && path === `${issuerPath}/nonce`) {
      const nonce = randomBytes(24).toString('base64url');
      nonces.set(nonce, now + TTL_MS);
      send(res, 200, { c_nonce: nonce });
      return;
    }
    if (req.method === 'POST' && path === `${issuerPath}/credential`) {
      const accessToken = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const token = tokens.get(accessToken);
      if (!token || token.used || token.expiresAt < now) throw new HttpError(401, { error: 'invalid_token' });
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
      const nonceExpiry = typeof payload.nonce === 'string' ? nonces.get(payload.nonce) : undefined;
      if (nonceExpiry === undefined || nonceExpiry < now) throw new HttpError(400, { error: 'invalid_nonce' });
      nonces.delete(payload.nonce as string);
      token.used = true;
      tokens.delete(accessToken);
      offers.delete(token.offerId);
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

  // Expired entries leave the maps once a second, as a real in-memory issuer must.
  setInterval(() => {
    const now = Date.now();
    for (const [key, offer] of offers) {
      if (offer.expiresAt >= now) continue;
      offers.delete(key);
      codes.delete(offer.code);
    }
    for (const [key, token] of tokens) if (token.expiresAt < now) tokens.delete(key);
    for (const [key, expiry] of nonces) if (expiry < now) nonces.delete(key);
  }, 1000).unref();

  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    baseUrl = `http://127.0.0.1:${port}`;
    process.stdout.write(`in-memory issuer listening on ${baseUrl}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

void main();
