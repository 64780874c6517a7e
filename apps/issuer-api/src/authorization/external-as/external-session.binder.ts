import { Inject, Injectable } from '@nestjs/common';
import { applyClaimsMapping } from '@issuer/credentials';
import type { AuthorizedCredential } from '@issuer/oauth2';
import { Oid4vciError } from '@issuer/oid4vci';
import { hashSecret } from '../../common/secrets';
import type { EventSpec } from '../../events/event-sql';
import type { IssuerConfig } from '../../issuers/issuer-config.schema';
import type { ProfileBody } from '../../profiles/profile.schema';
import type { TokenSession } from '../../sessions/session.types';
import { invalidToken } from '../../wallet/invalid-token.challenge';
import { WalletInitiatedSessions } from '../wallet-initiated.sessions';
import { ExternalTokenRepository, type BoundSession, type ExternalLogin } from './external-token.repository';
import type { ExternalAccessToken } from './external-token.verifier';

/** `data.method` of the session events of this mode (API.md §11 `authorization_request_*`). */
export const EXTERNAL_AS_METHOD = 'EXTERNAL_AUTHORIZATION_SERVER';

/** What a credential request may bind a token to: the request's id for the events, and its body naming the credential. */
export interface FirstUse {
  requestId: string;
  body: unknown;
}

/**
 * The session an external access token serves (API.md §11). A token used before finds its session again. Otherwise,
 * and only at the credential endpoint: a token with an `issuer_state` claim (forwarded by the AS from the wallet's
 * authorization request) joins that AUTHORIZED offer's session; any other token gets a new wallet-initiated session
 * of the configuration's `walletInitiated` profile. Either way the token's claims are the login claims, mapped into
 * the credential data once by `idTokenClaimsMapping`; a missing source ends the session UNSUCCESSFUL and the request
 * is `credential_request_denied`.
 */
@Injectable()
export class ExternalSessionBinder {
  constructor(
    @Inject(ExternalTokenRepository) private readonly tokens: ExternalTokenRepository,
    @Inject(WalletInitiatedSessions) private readonly walletInitiated: WalletInitiatedSessions,
  ) {}

  /** The token's session; undefined when it has none and this request may not create one (or the token expired). */
  async session(issuer: IssuerConfig, token: ExternalAccessToken, firstUse: FirstUse | undefined): Promise<TokenSession | undefined> {
    const bound = await this.tokens.find(issuer.id, token.hash);
    if (bound) return tokenSession(bound, token);
    if (!firstUse || token.expired) return undefined;
    const issuerState = token.claims['issuer_state'];
    const login =
      typeof issuerState === 'string' && issuerState.length > 0
        ? await this.joinOffer(issuer, token, issuerState, firstUse.requestId)
        : await this.createWalletInitiated(issuer, token, firstUse);
    if (login && !login.ok) throw new Oid4vciError('credential_request_denied', login.reason);
    // Whoever bound the token (this request or a racing one), this is now its session.
    const created = await this.tokens.find(issuer.id, token.hash);
    return created && tokenSession(created, token);
  }

  /** Binds the token to the offer its `issuer_state` names; the login it mapped, if it was the first to bring claims. */
  private async joinOffer(
    issuer: IssuerConfig,
    token: ExternalAccessToken,
    issuerState: string,
    requestId: string,
  ): Promise<ExternalLogin | undefined> {
    const session = await this.tokens.findOffer(issuer.id, hashSecret(issuerState, 'issuer_state:'));
    if (!session || session.authMethod !== 'AUTHORIZED' || session.expired || !['ACTIVE', 'SUCCESSFUL'].includes(session.status))
      throw invalidToken('the issuer_state of the access token names no open offer');
    if (!token.authorized.some((a) => a.credentialConfigurationId === session.credentialConfigurationId))
      throw invalidToken('the access token does not grant the credential configuration of its offer');
    const login = session.loggedIn ? undefined : mapLogin(session.snapshot.profile, token);
    const bound = await this.tokens.bindOffer({
      tokenHash: token.hash,
      tokenExpiresAt: token.expiresAt,
      issuerId: issuer.id,
      sessionId: session.sessionId,
      login,
      requestId,
    });
    if (!bound && !(await this.tokens.find(issuer.id, token.hash))) throw invalidToken('the offer of this access token has ended');
    return bound ? login : undefined;
  }

  /** A new wallet-initiated session for the token; the login it mapped, unless a racing request created it first. */
  private async createWalletInitiated(
    issuer: IssuerConfig,
    token: ExternalAccessToken,
    firstUse: FirstUse,
  ): Promise<ExternalLogin | undefined> {
    const granted = chooseCredential(issuer, token.authorized, firstUse.body);
    const session = await this.walletInitiated.prepare(issuer, granted.credentialConfigurationId);
    if (!session)
      throw new Oid4vciError(
        'credential_request_denied',
        `credential configuration ${granted.credentialConfigurationId} is not issued without an offer (no profile with walletInitiated)`,
      );
    const login = mapLogin(session.snapshot.profile, token);
    const created = await this.tokens.createWalletInitiated({
      tokenHash: token.hash,
      tokenExpiresAt: token.expiresAt,
      session,
      login,
      requestId: firstUse.requestId,
    });
    return created ? login : undefined;
  }
}

/** The token's claims through the profile's `idTokenClaimsMapping`, with the events of a login (API.md §11). */
function mapLogin(profile: Omit<ProfileBody, 'id'>, token: ExternalAccessToken): ExternalLogin {
  const data = { method: EXTERNAL_AS_METHOD, authorizationServer: token.authorizationServer };
  const mapped = applyClaimsMapping(profile.idTokenClaimsMapping ?? {}, token.claims, profile.credentialData ?? {});
  if (mapped.ok)
    return {
      ok: true,
      claims: token.claims,
      credentialData: mapped.credentialData,
      event: { event: 'authorization_request_succeeded', data },
    };
  const reason = `the access token did not provide ${mapped.missing.join(', ')}`;
  const events: EventSpec[] = [
    { event: 'authorization_request_failed', error: 'access_denied', errorDescription: reason, data },
    { event: 'issuance_status_changed', data: { status: 'UNSUCCESSFUL', statusReason: reason } },
  ];
  return { ok: false, reason, events };
}

/**
 * Which granted configuration a first credential request is for: the one its `credential_identifier` belongs to,
 * the one it names, or the only one the token grants. The credential endpoint then checks the request in full.
 */
function chooseCredential(issuer: IssuerConfig, authorized: AuthorizedCredential[], body: unknown): AuthorizedCredential {
  const request = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const identifier = request['credential_identifier'];
  const configurationId = request['credential_configuration_id'];
  if (typeof identifier === 'string') {
    const granted = authorized.find((a) => a.credentialIdentifiers?.includes(identifier));
    if (!granted) throw new Oid4vciError('unknown_credential_identifier', `the access token grants no credential_identifier ${identifier}`);
    return granted;
  }
  if (typeof configurationId === 'string') {
    if (!Object.hasOwn(issuer.credentialConfigurations, configurationId))
      throw new Oid4vciError('unknown_credential_configuration', `unknown credential_configuration_id ${configurationId}`);
    const granted = authorized.find((a) => a.credentialConfigurationId === configurationId);
    if (!granted)
      throw new Oid4vciError('invalid_credential_request', `the access token does not grant credential configuration ${configurationId}`);
    return granted;
  }
  if (authorized.length === 1) return authorized[0]!;
  throw new Oid4vciError('invalid_credential_request', 'the access token grants several credential configurations: name one');
}

/** The token's view of its session: its own expiry, DPoP key and `credential_identifiers`. */
function tokenSession(session: BoundSession, token: ExternalAccessToken): TokenSession {
  const granted = token.authorized.find((a) => a.credentialConfigurationId === session.credentialConfigurationId);
  return {
    ...session,
    credentialIdentifiers: granted?.credentialIdentifiers ?? null,
    accessTokenExpiresAt: token.expiresAt,
    accessTokenJkt: token.jkt ?? null,
  };
}
