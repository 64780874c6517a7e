// Test-only: the smallest authorization server built from this lib's public API, as the issuer-api wiring will be
// (PAR, authorize, token, a DPoP-protected resource), with in-memory stores. The interop specs drive it with the
// independent wallet library and so check both the protocol details and that the API composes.
import {
  buildAuthorizationResponseRedirect,
  buildAuthorizationServerMetadata,
  buildPushedAuthorizationResponse,
  buildTokenResponse,
  checkAccessTokenPresentation,
  clientAttestationErrorFor,
  createOpaqueToken,
  createRequestUri,
  dpopErrorFor,
  NO_STORE_HEADERS,
  OAuth2Error,
  parseAuthorizationHeader,
  parsePushedAuthorizationRequest,
  parseRequestUriReference,
  parseTokenRequest,
  readClientAttestationHeaders,
  verifyAuthorizationCodeGrant,
  verifyClientAttestation,
  verifyDpopProof,
  type AuthorizationRequest,
  type ClientAttestationTrust,
  type IssuedAuthorizationCode,
} from '../index';
import { memoryJtiStore, random, sha256, verifySignature } from '../test-support/crypto.helper';
import type { CapturedRequest } from './owf-wallet.helper';

type Reply = { status: number; body: unknown; headers?: Record<string, string> };
const ALGS = ['ES256', 'EdDSA'];

export class MiniAuthorizationServer {
  readonly metadata;
  readonly jtis = memoryJtiStore();
  private readonly nonces = new Set<string>();
  private readonly pushed = new Map<string, { request: AuthorizationRequest; dpopJkt?: string }>();
  private readonly codes = new Map<string, IssuedAuthorizationCode>();
  private readonly refreshTokens = new Map<string, { clientId: string; jkt?: string }>();
  readonly accessTokens = new Map<string, { jkt?: string }>();
  readonly preAuthorizedCodes = new Map<string, { txCode?: string }>();

  constructor(private readonly config: { issuer: string; requireDpopNonce?: boolean; trust?: ClientAttestationTrust }) {
    this.metadata = buildAuthorizationServerMetadata({
      credentialIssuer: config.issuer,
      dpopSigningAlgs: ALGS,
      clientAttestation: config.trust ? {} : undefined,
      requirePushedAuthorizationRequests: true,
    });
  }

  readonly handle = async (request: CapturedRequest): Promise<Reply> => {
    try {
      const path = new URL(request.url).pathname.slice(new URL(this.config.issuer).pathname.length);
      if (request.method === 'POST' && path === '/par') return await this.par(request);
      if (request.method === 'POST' && path === '/token') return await this.token(request);
      if (path === '/credential') return await this.resource(request);
      return { status: 404, body: { error: 'invalid_request', error_description: 'not found' } };
    } catch (e) {
      if (!(e instanceof OAuth2Error)) throw e;
      return { status: e.status, body: e.toResponseBody(), headers: e.headers };
    }
  };

  /** GET /authorize?client_id&request_uri → the redirect `Location` (the login is assumed to have succeeded). */
  authorize(url: string): string {
    const reference = parseRequestUriReference(new URL(url).searchParams);
    const entry = this.pushed.get(reference.reference);
    if (!entry || entry.request.clientId !== reference.clientId) throw new OAuth2Error('invalid_request_uri', 'unknown request_uri');
    this.pushed.delete(reference.reference);
    const { request } = entry;
    const code = createOpaqueToken(random);
    this.codes.set(code, {
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      redirectUriSent: request.redirectUriSent,
      codeChallenge: request.codeChallenge,
      expiresAtSeconds: now() + 60,
      dpopJkt: entry.dpopJkt ?? request.dpopJkt,
    });
    return buildAuthorizationResponseRedirect(
      { redirectUri: request.redirectUri, state: request.state },
      { code, iss: this.config.issuer },
    );
  }

  private async clientAuthentication(request: CapturedRequest, clientId?: string): Promise<string | undefined> {
    const headers = readClientAttestationHeaders(request.headers);
    if (!headers) return undefined;
    const result = await verifyClientAttestation(
      headers,
      { authorizationServer: this.config.issuer, nowSeconds: now(), trust: this.config.trust ?? {}, clientId },
      { verifySignature, useJti: this.jtis },
    );
    if (!result.verified) throw clientAttestationErrorFor(result);
    return result.clientId;
  }

  private async dpop(
    request: CapturedRequest,
    kind: 'token' | 'resource',
    extra: { accessToken?: string; expectedJkt?: string } = {},
  ): Promise<string | undefined> {
    if (request.headers['dpop'] === undefined) return undefined;
    const result = await verifyDpopProof(
      request.headers['dpop'],
      { method: request.method, url: request.url, accessToken: extra.accessToken },
      { allowedAlgs: ALGS, nowSeconds: now(), requireNonce: this.config.requireDpopNonce, expectedJkt: extra.expectedJkt },
      { verifySignature, hash: sha256, useJti: this.jtis, checkNonce: (n) => this.nonces.has(n) },
    );
    if (!result.verified) throw dpopErrorFor(result, kind, { nonce: this.newNonce(), allowedAlgs: ALGS });
    return result.jkt;
  }

  private newNonce(): string {
    const nonce = createOpaqueToken(random);
    this.nonces.add(nonce);
    return nonce;
  }

  private async par(request: CapturedRequest): Promise<Reply> {
    const authenticated = await this.clientAuthentication(request, request.body.get('client_id') ?? undefined);
    const dpopJkt = await this.dpop(request, 'token');
    const parsed = parsePushedAuthorizationRequest(request.body, {
      authenticatedClientId: authenticated,
      credentialIssuer: this.config.issuer,
    });
    const { requestUri, reference } = createRequestUri(random);
    this.pushed.set(reference, { request: parsed, ...(dpopJkt ? { dpopJkt } : {}) });
    return { status: 201, body: buildPushedAuthorizationResponse({ requestUri }), headers: { ...NO_STORE_HEADERS } };
  }

  private async token(request: CapturedRequest): Promise<Reply> {
    const authenticated = await this.clientAuthentication(request, request.body.get('client_id') ?? undefined);
    const parsed = parseTokenRequest(request.body);
    const jkt = await this.dpop(request, 'token');
    let clientId = authenticated ?? parsed.clientId ?? 'anonymous';
    if (parsed.grantType === 'authorization_code') {
      const issued = this.codes.get(parsed.code);
      this.codes.delete(parsed.code);
      if (!issued) throw new OAuth2Error('invalid_grant', 'unknown or used authorization code');
      const check = await verifyAuthorizationCodeGrant(
        parsed,
        issued,
        { nowSeconds: now(), authenticatedClientId: authenticated, dpopJkt: jkt },
        { hash: sha256 },
      );
      if (!check.verified) throw new OAuth2Error(check.error, check.description);
    } else if (parsed.grantType === 'refresh_token') {
      const family = this.refreshTokens.get(parsed.refreshToken);
      this.refreshTokens.delete(parsed.refreshToken);
      if (!family) throw new OAuth2Error('invalid_grant', 'unknown or used refresh token');
      if (family.jkt !== undefined && family.jkt !== jkt)
        throw new OAuth2Error('invalid_dpop_proof', 'refresh token is bound to another key');
      clientId = family.clientId;
    } else {
      const offer = this.preAuthorizedCodes.get(parsed.preAuthorizedCode);
      if (!offer) throw new OAuth2Error('invalid_grant', 'unknown pre-authorized code');
      if (offer.txCode !== parsed.txCode)
        throw new OAuth2Error(parsed.txCode === undefined ? 'invalid_request' : 'invalid_grant', 'wrong tx_code');
      this.preAuthorizedCodes.delete(parsed.preAuthorizedCode);
    }
    const accessToken = createOpaqueToken(random);
    const refreshToken = createOpaqueToken(random);
    this.accessTokens.set(accessToken, jkt ? { jkt } : {});
    this.refreshTokens.set(refreshToken, { clientId, ...(jkt ? { jkt } : {}) });
    const details = parsed.authorizationDetails?.map((d) => ({ ...d, credential_identifiers: [`${d.credential_configuration_id}-1`] }));
    const body = buildTokenResponse({
      accessToken,
      tokenType: jkt ? 'DPoP' : 'Bearer',
      expiresIn: 300,
      refreshToken,
      authorizationDetails: details,
    });
    return { status: 200, body, headers: { ...NO_STORE_HEADERS, ...(jkt ? { 'DPoP-Nonce': this.newNonce() } : {}) } };
  }

  private async resource(request: CapturedRequest): Promise<Reply> {
    const presented = parseAuthorizationHeader(request.headers['authorization'], ALGS);
    const token = this.accessTokens.get(presented.token);
    if (!token)
      throw new OAuth2Error('invalid_token', 'unknown access token', { headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
    const { dpopRequired } = checkAccessTokenPresentation(presented, token, {
      dpopProofPresent: request.headers['dpop'] !== undefined,
      allowedAlgs: ALGS,
    });
    if (dpopRequired) await this.dpop(request, 'resource', { accessToken: presented.token, expectedJkt: token.jkt });
    return { status: 200, body: { ok: true } };
  }
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}
