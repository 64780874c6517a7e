import { Inject, Injectable } from '@nestjs/common';
import { Oid4vciError } from '@issuer/oid4vci';
import { IssuerCatalog } from '../issuers/issuer-catalog';
import { WALLET_NOTIFICATION_EVENTS, type WalletNotificationEvent } from '../sessions/session.types';
import { AccessTokenAuthorizer, type PresentedHeaders } from '../wallet/access-token.authorizer';
import { requireWalletIssuer } from '../wallet/wallet-issuer';
import { WalletNotificationRepository } from './wallet-notification.repository';

/** OID4VCI 1.0 §11.1: `event_description` is printable ASCII without `"` and `\`. */
const DESCRIPTION = /^[\x20\x21\x23-\x5B\x5D-\x7E]{0,1024}$/;

/**
 * The notification endpoint (OID4VCI 1.0 §11, API.md §12): the wallet tells what became of the credentials of
 * one response, with the access token they were issued with.
 */
@Injectable()
export class WalletNotificationService {
  constructor(
    @Inject(IssuerCatalog) private readonly catalog: IssuerCatalog,
    @Inject(AccessTokenAuthorizer) private readonly tokens: AccessTokenAuthorizer,
    @Inject(WalletNotificationRepository) private readonly notifications: WalletNotificationRepository,
  ) {}

  async notify(issuerId: string, headers: PresentedHeaders, body: unknown, requestId: string): Promise<void> {
    const issuer = await requireWalletIssuer(this.catalog, issuerId, 'invalid_notification_request');
    const session = await this.tokens.authorize(issuer.config, headers, 'notification', {
      statuses: ['ACTIVE', 'SUCCESSFUL', 'UNSUCCESSFUL'],
    });
    const request = parseNotification(body);
    const found = await this.notifications.record({ issuerId, sessionId: session.sessionId, ...request, requestId });
    if (!found) throw new Oid4vciError('invalid_notification_id', 'no credential of this access token has that notification_id');
  }
}

function parseNotification(body: unknown): { notificationId: string; event: WalletNotificationEvent; eventDescription?: string } {
  const invalid = (description: string) => new Oid4vciError('invalid_notification_request', description);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('the notification request must be a JSON object');
  const { notification_id: notificationId, event, event_description: eventDescription } = body as Record<string, unknown>;
  if (typeof notificationId !== 'string' || notificationId.length === 0 || notificationId.length > 256)
    throw invalid('notification_id is required and must be a non-empty string');
  if (typeof event !== 'string' || !WALLET_NOTIFICATION_EVENTS.includes(event as WalletNotificationEvent))
    throw invalid(`event must be one of ${WALLET_NOTIFICATION_EVENTS.join(', ')}`);
  if (eventDescription !== undefined && (typeof eventDescription !== 'string' || !DESCRIPTION.test(eventDescription)))
    throw invalid('event_description must be printable ASCII without " and \\ (at most 1024 characters)');
  return { notificationId, event: event as WalletNotificationEvent, ...(eventDescription ? { eventDescription } : {}) };
}
