import type { Provider, Type } from '@nestjs/common';
import { EventStreamsController } from '../events/event-streams.controller';
import { sseLimitsProvider } from '../events/sse-limits.provider';
import { StreamTokenService } from '../events/stream-token.service';
import { RetentionController } from '../retention/retention.controller';
import { SessionsPurgeHandler } from '../retention/sessions-purge.handler';
import { DeliveriesController } from './deliveries.controller';
import { outboundGuardProvider } from './outbound-guard.provider';
import { secretBoxProvider } from './secret-box.provider';
import { SigningSecretRepository } from './signing-secret.repository';
import { WebhookConfigService } from './webhook-config.service';
import { WebhookSecretController } from './webhook-secret.controller';
import { WebhookTargetHandler } from './webhook-target.handler';

/** issuer-api's part of events, webhooks and retention: SSE streams and tokens, webhook config, bus handlers. */
export const EVENTING_CONTROLLERS: Type[] = [EventStreamsController, DeliveriesController, WebhookSecretController, RetentionController];

export const EVENTING_PROVIDERS: Provider[] = [
  sseLimitsProvider,
  StreamTokenService,
  secretBoxProvider,
  outboundGuardProvider,
  WebhookConfigService,
  SigningSecretRepository,
  WebhookTargetHandler,
  SessionsPurgeHandler,
];
