import { EXTERNAL_AS_PROVIDERS } from '../authorization/external-as/external-as.wiring';
import { AccessTokenAuthorizer } from '../wallet/access-token.authorizer';
import { CredentialMinter } from '../wallet/credential.minter';
import { WalletNotificationRepository } from '../wallet-notifications/wallet-notification.repository';
import { WalletNotificationService } from '../wallet-notifications/wallet-notification.service';
import { CredentialDataController } from './credential-data.controller';
import { DeferredIssuanceService } from './deferred-issuance.service';
import { DeferredTransactionRepository } from './deferred-transaction.repository';

/** What the credential endpoint shares with the deferred and notification endpoints (API.md §12). */
export const CREDENTIAL_ENDPOINT_CONTROLLERS = [CredentialDataController];
export const CREDENTIAL_ENDPOINT_PROVIDERS = [
  AccessTokenAuthorizer,
  // Tokens of an external authorization server, checked by the authorizer after the issuer's own.
  ...EXTERNAL_AS_PROVIDERS,
  CredentialMinter,
  DeferredTransactionRepository,
  DeferredIssuanceService,
  WalletNotificationRepository,
  WalletNotificationService,
];
