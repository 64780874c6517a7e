import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';

export const sessionRefSchema = z.object({ issuerId: z.string().min(1).max(128), sessionId: z.string().min(1).max(256) }).strict();
export type SessionRef = z.infer<typeof sessionRefSchema>;

export const webhookTargetRequestSchema = z.object({ sessions: z.array(sessionRefSchema).max(1000) }).strict();
export type WebhookTargetRequest = z.infer<typeof webhookTargetRequestSchema>;

/**
 * Where a session's events go: its `notifications.webhook` (profile or runtime override) and the issuer's
 * signing secrets (current first, then the previous one during a rotation's grace period). Secrets travel
 * only in this reply, never in an event, so SSE and bus consumers never see them.
 */
export interface WebhookTarget {
  issuerId: string;
  sessionId: string;
  url: string;
  bearerToken?: string;
  /** Standard Webhooks secrets (`whsec_<base64>`); every one signs each delivery. */
  signingSecrets: string[];
}

export interface WebhookTargetResponse {
  /** One entry per requested session, in order; null when the session has no webhook or does not exist. */
  targets: (WebhookTarget | null)[];
}

/** Answered by issuer-api, which owns sessions and decrypts the stored bearer tokens. */
export const SessionWebhookTarget = defineContract<WebhookTargetRequest, WebhookTargetResponse>(
  Subjects.IssuerSessionsWebhookTarget,
  webhookTargetRequestSchema,
);
