import { Inject, Injectable } from '@nestjs/common';
import { createMdocPresentationVerifier, verifyVpTokenResponse, type MdocPresentationVerifier } from '@issuer/oid4vp';
import { PLATFORM_CONFIG, type PlatformConfig } from '@issuer/platform';
import { credentialIssuerOf } from '../../common/public-url';
import type { IssuerRecord } from '../../issuers/issuer.repository';
import type { StoredAuthorizationRequest, StoredLogin } from '../authorization-request.repository';
import type { AuthorizationSession } from '../authorization-session.repository';
import type { LoginOutcome, LoginStart } from '../login-method';
import { PresentedStatusLists } from '../wallet-response/presented-status-lists';
import { WalletDidKeys } from '../wallet-response/wallet-did-keys';
import { requestObjectBase, startWalletRequest } from '../wallet-response/wallet-request';
import { refusal, type WalletResponseForm, type WalletResponseLogin } from '../wallet-response/wallet-response-login';
import { VP_FORMATS_SUPPORTED } from './vp-formats';

type VpTokenAuthentication = { method: 'VP_TOKEN'; dcqlQuery: Record<string, unknown>; trustedIssuers?: unknown[] };

/**
 * `authentication.method: "VP_TOKEN"` (OpenID4VP 1.0): the wallet presents credentials matching the profile's
 * DCQL query to `/direct_post`; they are verified against `trustedIssuers` (keys, certificates, DIDs), bound to
 * the request's nonce and audience, and refused when revoked or suspended. The disclosed claims, keyed by the DCQL
 * credential query id, are the login claims (e.g. `$.pid.family_name`).
 */
@Injectable()
export class VpTokenLogin implements WalletResponseLogin {
  readonly method = 'VP_TOKEN';
  private readonly mdoc: MdocPresentationVerifier;

  constructor(
    @Inject(WalletDidKeys) private readonly didKeys: WalletDidKeys,
    @Inject(PresentedStatusLists) private readonly statusLists: PresentedStatusLists,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {
    this.mdoc = createMdocPresentationVerifier({ fetchStatusList: (uri) => this.statusLists.fetch(uri) });
  }

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
      'VP_TOKEN',
    );
  }

  requestObject(issuer: IssuerRecord, session: AuthorizationSession, login: StoredLogin): Record<string, unknown> {
    return {
      ...requestObjectBase(credentialIssuerOf(this.config, issuer.config.id), login.state!, login.nonce!),
      response_type: 'vp_token',
      dcql_query: authenticationOf(session).dcqlQuery,
      client_metadata: { vp_formats_supported: VP_FORMATS_SUPPORTED },
    };
  }

  async verify(issuer: IssuerRecord, session: AuthorizationSession, login: StoredLogin, form: WalletResponseForm): Promise<LoginOutcome> {
    const vpToken = form['vp_token'];
    if (vpToken === undefined)
      return { ok: false, error: 'invalid_request', description: 'vp_token is required', endSessionAs: 'UNSUCCESSFUL' };
    const authentication = authenticationOf(session);
    const credentialIssuer = credentialIssuerOf(this.config, issuer.config.id);
    const result = await verifyVpTokenResponse(vpToken, {
      dcqlQuery: authentication.dcqlQuery,
      clientId: credentialIssuer,
      responseUri: `${credentialIssuer}/direct_post`,
      nonce: login.nonce!,
      now: new Date(),
      trustedIssuers: authentication.trustedIssuers ?? [],
      resolveDidKeys: (did: string) => this.didKeys.keys(did),
      fetchStatusList: (uri: string) => this.statusLists.fetch(uri),
      mdoc: this.mdoc,
    });
    if (!result.verified) return refusal(result);
    return { ok: true, claims: result.claims };
  }
}

function authenticationOf(session: AuthorizationSession): VpTokenAuthentication {
  return session.snapshot.profile.authentication as VpTokenAuthentication;
}
