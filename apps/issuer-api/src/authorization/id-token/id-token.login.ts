import { Inject, Injectable } from '@nestjs/common';
import { verifySelfIssuedIdToken } from '@issuer/oid4vp';
import { PLATFORM_CONFIG, type PlatformConfig } from '@issuer/platform';
import { credentialIssuerOf } from '../../common/public-url';
import type { IssuerRecord } from '../../issuers/issuer.repository';
import type { StoredAuthorizationRequest, StoredLogin } from '../authorization-request.repository';
import type { AuthorizationSession } from '../authorization-session.repository';
import type { LoginOutcome, LoginStart } from '../login-method';
import { WalletDidKeys } from '../wallet-response/wallet-did-keys';
import { requestObjectBase, startWalletRequest } from '../wallet-response/wallet-request';
import { refusal, type WalletResponseForm, type WalletResponseLogin } from '../wallet-response/wallet-response-login';

/** The subject identifiers a self-issued ID token may use here (SIOPv2 §7.5, API.md §11). */
const SUBJECT_SYNTAX_TYPES = ['urn:ietf:params:oauth:jwk-thumbprint', 'did:jwk', 'did:key', 'did:web'];
const ID_TOKEN_ALGS = ['ES256', 'ES384', 'ES512', 'EdDSA', 'RS256', 'PS256'];

/**
 * `authentication.method: "ID_TOKEN"` (SIOPv2): the wallet proves control of a DID or key with a self-issued ID
 * token posted to `/direct_post`. Its claims are the login claims; its DID the credential subject where the
 * format has one.
 */
@Injectable()
export class IdTokenLogin implements WalletResponseLogin {
  readonly method = 'ID_TOKEN';

  constructor(
    @Inject(WalletDidKeys) private readonly didKeys: WalletDidKeys,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async start(
    issuer: IssuerRecord,
    _session: AuthorizationSession,
    request: StoredAuthorizationRequest,
    authorizationRequestId: string,
  ): Promise<LoginStart> {
    return startWalletRequest(
      issuer.config,
      credentialIssuerOf(this.config, issuer.config.id),
      request,
      authorizationRequestId,
      'ID_TOKEN',
    );
  }

  requestObject(issuer: IssuerRecord, _session: AuthorizationSession, login: StoredLogin): Record<string, unknown> {
    return {
      ...requestObjectBase(credentialIssuerOf(this.config, issuer.config.id), login.state!, login.nonce!),
      response_type: 'id_token',
      scope: 'openid',
      client_metadata: {
        subject_syntax_types_supported: SUBJECT_SYNTAX_TYPES,
        id_token_signing_alg_values_supported: ID_TOKEN_ALGS,
      },
    };
  }

  async verify(issuer: IssuerRecord, _session: AuthorizationSession, login: StoredLogin, form: WalletResponseForm): Promise<LoginOutcome> {
    const idToken = form['id_token'];
    if (typeof idToken !== 'string')
      return { ok: false, error: 'invalid_request', description: 'id_token is required', endSessionAs: 'UNSUCCESSFUL' };
    const result = await verifySelfIssuedIdToken(idToken, {
      clientId: credentialIssuerOf(this.config, issuer.config.id),
      nonce: login.nonce!,
      now: new Date(),
      resolveDidKeys: (did: string) => this.didKeys.keys(did),
    });
    if (!result.verified) return refusal(result);
    return { ok: true, claims: result.claims, ...(result.subject.did ? { subject: result.subject.did } : {}) };
  }
}
