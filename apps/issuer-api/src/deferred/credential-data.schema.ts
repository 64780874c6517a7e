import { z } from 'zod';

/** The operator's decision on a session's pending deferred requests (API.md §12). */
export const credentialDataDecisionSchema = z
  .object({
    approve: z.boolean(),
    credentialData: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine((decision, ctx) => {
    if (!decision.approve && decision.credentialData !== undefined)
      ctx.addIssue({ code: 'custom', path: ['credentialData'], message: 'only with approve: true' });
  });
