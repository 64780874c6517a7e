import type { CredentialStatusView } from '@issuer/contracts';
import type { CredentialOffer } from '@issuer/oid4vci';
import type { SessionSnapshot } from './session-snapshot';

export type SessionStatus = 'ACTIVE' | 'SUCCESSFUL' | 'UNSUCCESSFUL' | 'REJECTED_BY_USER' | 'EXPIRED';

export interface IssuedCredentialRecord {
  credentialId: string;
  format: string;
  credentialConfigurationId: string;
  issuedAt: string;
  /** The credential's status list entry and current value (API.md §7), when the profile has `credentialStatus`. */
  status?: CredentialStatusView;
  /** The `notification_id` of the credential response that delivered it (OID4VCI 1.0 §8.3). */
  notificationId?: string;
  /** The wallet's last notification about it (API.md §12). */
  notification?: { event: WalletNotificationEvent; at: string };
}

/** Events a wallet reports at the notification endpoint (OID4VCI 1.0 §11.1). */
export const WALLET_NOTIFICATION_EVENTS = ['credential_accepted', 'credential_failure', 'credential_deleted'] as const;
export type WalletNotificationEvent = (typeof WALLET_NOTIFICATION_EVENTS)[number];

/** A session as the wallet endpoints need it (found by access token). */
export interface TokenSession {
  sessionId: string;
  issuerId: string;
  profileId: string;
  status: SessionStatus;
  credentialConfigurationId: string;
  credentialIdentifiers: string[] | null;
  snapshot: SessionSnapshot;
  accessTokenExpiresAt: Date;
  /** RFC 9449: the DPoP key the access token is bound to; the credential endpoint then needs a proof with it. */
  accessTokenJkt: string | null;
}

/** Admin view of a session (API.md §7). */
export interface SessionDto {
  sessionId: string;
  issuerId: string;
  profileId: string;
  profileVersion: number;
  authMethod: string;
  status: SessionStatus;
  statusReason?: string;
  createdAt: string;
  expiresAt: string | null;
  credentials: (IssuedCredentialRecord & { status?: unknown })[];
  credentialOffer: CredentialOffer;
}
