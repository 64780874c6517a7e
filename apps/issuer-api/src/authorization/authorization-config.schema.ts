import { z } from 'zod';
import { parseDuration } from '@issuer/credentials';

/** A duration like `10m` (the data functions' syntax), kept as written; its length is checked against bounds. */
const duration = (minSeconds: number, maxSeconds: number) =>
  z.string().superRefine((value, ctx) => {
    const parsed = parseDuration(value);
    if (!parsed.valid) ctx.addIssue({ code: 'custom', message: parsed.message });
    else if (parsed.ms < minSeconds * 1000 || parsed.ms > maxSeconds * 1000)
      ctx.addIssue({ code: 'custom', message: `must be between ${minSeconds} s and ${maxSeconds} s` });
  });

/** An absolute URL without fragment; `https` only, unless `allowHttp` (hosts in OUTBOUND_ALLOWED_HOSTS are checked later). */
const absoluteUrl = z
  .string()
  .max(2048)
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol) && !new URL(value).hash, {
    message: 'must be an absolute http(s) URL without fragment',
  });

/** A JWK as sent: members checked by the code that uses it (public only, see attestation trust). */
const jwk = z.looseObject({ kty: z.string().min(1).max(10) });

export const identityProviderSchema = z
  .object({
    issuer: absoluteUrl,
    clientId: z.string().min(1).max(512),
    /** Secret: stored sealed, returned as "***"; "***" sent back keeps the stored one. */
    clientSecret: z.string().min(1).max(4096).optional(),
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/, 'must be an RFC 6749 scope token'))
      .max(32)
      .default(['openid', 'profile']),
    usePkce: z.boolean().default(true),
    forwardIssuerState: z.boolean().default(false),
    claimsSource: z.enum(['id_token', 'userinfo', 'both']).default('id_token'),
  })
  .strict()
  .refine((idp) => idp.scopes.includes('openid'), { path: ['scopes'], message: "must include 'openid'" });

/** `IssuerConfig.authorization` (API.md §11): the issuer as authorization server, and how wallets authenticate. */
export const authorizationConfigSchema = z
  .object({
    requirePar: z.boolean().default(false),
    requireDpop: z.boolean().default(false),
    /** RFC 9449 §8, §9: DPoP proofs must carry a server nonce (`use_dpop_nonce` hands one out). */
    requireDpopNonce: z.boolean().default(false),
    accessTokenTtl: duration(30, 86_400).default('10m'),
    refreshTokens: z.boolean().default(true),
    clientAttestation: z
      .object({
        required: z.boolean().default(false),
        trustedKeys: z.array(jwk).max(50).default([]),
        trustedCertificates: z.array(z.string().min(1).max(20_000)).max(50).default([]),
      })
      .strict()
      .optional(),
    redirectUris: z.array(z.string().min(1).max(2048)).max(100).default([]),
    identityProviders: z
      .record(z.string().regex(/^[\w.-]{1,64}$/, 'must be a name of 1-64 characters [A-Za-z0-9_.-]'), identityProviderSchema)
      .default({}),
    externalAuthorizationServer: z
      .object({
        issuer: absoluteUrl,
        audience: z.string().min(1).max(2048).optional(),
        introspection: z
          .object({ endpoint: absoluteUrl, clientId: z.string().min(1).max(512), clientSecret: z.string().min(1).max(4096) })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type AuthorizationConfig = z.infer<typeof authorizationConfigSchema>;
export type IdentityProviderConfig = z.infer<typeof identityProviderSchema>;
