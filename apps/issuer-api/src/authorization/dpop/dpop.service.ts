import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { dpopErrorFor, OAuth2Error, verifyDpopProof, type DpopEndpointKind } from '@issuer/oauth2';
import { SERVER_SECRETS, type ServerSecrets } from '../../wallet/server-secrets';
import { UsedJtiStore } from '../used-jti.store';
import { DpopNonces } from './dpop-nonce';
import { verifyJwsSignature } from '../../wallet/jws-signature.verifier';

/** `dpop_signing_alg_values_supported` of the authorization server metadata. */
export const DPOP_SIGNING_ALGS = ['ES256', 'ES384', 'ES512', 'EdDSA', 'RS256', 'PS256'] as const;

/** How old a proof may be, and how long its `jti` is remembered (RFC 9449 §11.1). */
const MAX_AGE_SECONDS = 120;

export interface DpopCheck {
  /** The DPoP request header(s) as received. */
  header: string | string[] | undefined;
  method: string;
  /** The URI the client called, as the public URL of the endpoint (no query or fragment). */
  url: string;
  /** At resource endpoints: the access token the proof must hash (`ath`). */
  accessToken?: string;
  /** The thumbprint a token or code is bound to. */
  expectedJkt?: string;
  endpoint: DpopEndpointKind;
  /** `authorization.requireDpopNonce`: a proof without a current server nonce gets `use_dpop_nonce` and a fresh one. */
  requireNonce?: boolean;
}

/**
 * DPoP (RFC 9449) for every grant and the credential endpoint: verifies the proof with the libs/oauth2 rules and
 * remembers each `jti` in PostgreSQL, so a proof is single-use across all replicas. Returns the key thumbprint.
 */
@Injectable()
export class DpopService {
  private readonly nonces: DpopNonces;

  constructor(
    @Inject(UsedJtiStore) private readonly jtis: UsedJtiStore,
    @Inject(SERVER_SECRETS) secrets: ServerSecrets,
  ) {
    this.nonces = new DpopNonces(secrets.nonceKey);
  }

  /** The proof's key thumbprint; undefined when no DPoP header was sent. Throws the endpoint's DPoP error. */
  async verify(check: DpopCheck): Promise<string | undefined> {
    if (check.header === undefined) return undefined;
    if (Array.isArray(check.header) || check.header.includes(','))
      throw dpopErrorFor({ error: 'invalid_dpop_proof', description: 'exactly one DPoP header is allowed' }, check.endpoint, {
        allowedAlgs: DPOP_SIGNING_ALGS,
      });
    const result = await verifyDpopProof(
      check.header,
      { method: check.method, url: check.url, ...(check.accessToken ? { accessToken: check.accessToken } : {}) },
      {
        allowedAlgs: DPOP_SIGNING_ALGS,
        nowSeconds: Math.floor(Date.now() / 1000),
        maxAgeSeconds: MAX_AGE_SECONDS,
        ...(check.expectedJkt ? { expectedJkt: check.expectedJkt } : {}),
        ...(check.requireNonce ? { requireNonce: true } : {}),
      },
      {
        checkNonce: (nonce) => this.nonces.check(nonce),
        verifySignature: (input) => verifyJwsSignature(input).catch(() => false),
        hash: (data) => createHash('sha256').update(data).digest(),
        useJti: (jti, expiresAt) => this.jtis.use('dpop', jti, expiresAt),
      },
    );
    if (!result.verified)
      throw dpopErrorFor({ error: result.error, description: result.description }, check.endpoint, {
        allowedAlgs: DPOP_SIGNING_ALGS,
        // RFC 9449 §8, §9: a fresh nonce with every DPoP error, so the client can retry at once.
        nonce: this.nonces.issue(),
      });
    return result.jkt;
  }

  /** A token request without DPoP where the issuer requires it (`requireDpop`). */
  static required(): OAuth2Error {
    return new OAuth2Error('invalid_dpop_proof', 'this issuer requires DPoP: send a DPoP proof with the token request');
  }
}
