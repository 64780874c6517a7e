import { Inject, Injectable } from '@nestjs/common';
import { OAuth2Error } from '@issuer/oauth2';
import { hashSecret } from '../../common/secrets';
import type { IssuerRecord } from '../../issuers/issuer.repository';
import { AuthorizationRequestRepository } from '../authorization-request.repository';
import { AuthorizationSessionRepository } from '../authorization-session.repository';
import { AuthorizationService, type AuthorizationOutcome } from '../authorization.service';
import { RequestObjectSigner } from './request-object.signer';
import { WALLET_RESPONSE_LOGINS, type WalletResponseForm, type WalletResponseLogin } from './wallet-response-login';

/**
 * The wallet's side of an ID token or VP token login (API.md §11): serves the signed request object of a pending
 * login and takes the wallet's `direct_post` answer. The answer's `state` is single-use (taken before it is
 * checked), so a replayed response finds nothing; a refused one ends the session.
 */
@Injectable()
export class WalletResponseService {
  constructor(
    @Inject(AuthorizationRequestRepository) private readonly requests: AuthorizationRequestRepository,
    @Inject(AuthorizationSessionRepository) private readonly sessions: AuthorizationSessionRepository,
    @Inject(AuthorizationService) private readonly authorization: AuthorizationService,
    @Inject(RequestObjectSigner) private readonly signer: RequestObjectSigner,
    @Inject(WALLET_RESPONSE_LOGINS) private readonly logins: WalletResponseLogin[],
  ) {}

  /** GET /request/{requestId}: the request object of a login still waiting for the wallet. */
  async requestObject(issuer: IssuerRecord, authorizationRequestId: string): Promise<string> {
    const record = await this.requests.findPendingLogin(issuer.config.id, authorizationRequestId);
    const login = record?.login ? this.loginOf(record.login.method) : undefined;
    const session = record?.sessionId ? await this.sessions.findById(issuer.config.id, record.sessionId) : undefined;
    if (!record?.login || !login || !session || session.status !== 'ACTIVE' || session.expired)
      throw new OAuth2Error('invalid_request_uri', 'the request is unknown, answered or expired', { status: 404 });
    return this.signer.sign(issuer.config, login.requestObject(issuer, session, record.login));
  }

  /** POST /direct_post: the wallet's `id_token` / `vp_token` (or `error`) for the login its `state` names. */
  async directPost(issuer: IssuerRecord, form: WalletResponseForm, requestId: string): Promise<AuthorizationOutcome> {
    const state = form['state'];
    if (typeof state !== 'string' || !state) throw new OAuth2Error('invalid_request', 'state is required');
    const record = await this.requests.takeLogin(issuer.config.id, hashSecret(state, 'login:'));
    const login = record?.login ? this.loginOf(record.login.method) : undefined;
    if (!record || !record.login || !login) throw new OAuth2Error('invalid_request', 'state is unknown or already answered');
    const stored = record.login;
    return this.authorization.finishLogin(issuer, record, requestId, async (session) => {
      const walletError = form['error'];
      if (typeof walletError === 'string')
        return {
          ok: false,
          error: 'access_denied',
          description: `the wallet answered ${walletError.slice(0, 64)}`,
          endSessionAs: walletError === 'access_denied' ? 'REJECTED_BY_USER' : 'UNSUCCESSFUL',
        };
      return login.verify(issuer, session, stored, form);
    });
  }

  private loginOf(method: string): WalletResponseLogin | undefined {
    return this.logins.find((login) => login.method === method);
  }
}
