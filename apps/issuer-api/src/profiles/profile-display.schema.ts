import { z } from 'zod';

/** Schemes a wallet can load an image from; others (e.g. `javascript:`) would reach wallets and the console unchecked. */
const IMAGE_SCHEMES = ['https:', 'http:', 'data:'];
const imageUri = z
  .string()
  .max(65_536)
  .refine((value) => URL.canParse(value) && IMAGE_SCHEMES.includes(new URL(value).protocol), 'must be an https, http or data URI');

/** CSS Color numerical values (OID4VCI 1.0 §12.2.4 points to CSS Color Level 3): hex or a colour function. */
const COLOR = /^(#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|(rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\([^()]{1,100}\))$/;
const color = z.string().regex(COLOR, 'must be a CSS numerical colour such as #12107c or rgb(18, 16, 124)');

/** A BCP 47 language tag, as OID4VCI `locale` requires (shape only: subtags of letters and digits). */
const locale = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag such as en or de-CH');

/** One entry of `credential_metadata.display` (OID4VCI 1.0 §12.2.4); unknown members are refused so typos surface. */
const displayEntry = z
  .object({
    name: z.string().min(1).max(200),
    locale: locale.optional(),
    logo: z
      .object({ uri: imageUri, alt_text: z.string().max(300).optional() })
      .strict()
      .optional(),
    description: z.string().max(2000).optional(),
    background_color: color.optional(),
    background_image: z.object({ uri: imageUri }).strict().optional(),
    text_color: color.optional(),
  })
  .strict();

/**
 * A profile's `display` (embedded branding, the `<display>` data function): the OID4VCI 1.0 credential display shape,
 * a non-empty array with at most one entry per locale.
 */
export const profileDisplaySchema = z
  .array(displayEntry)
  .min(1)
  .max(50)
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    entries.forEach((entry, index) => {
      const tag = entry.locale?.toLowerCase() ?? '';
      if (seen.has(tag))
        ctx.addIssue({
          code: 'custom',
          path: [index, 'locale'],
          message: entry.locale ? `another entry already has locale "${entry.locale}"` : 'another entry already has no locale',
        });
      seen.add(tag);
    });
  });
export type ProfileDisplay = z.infer<typeof profileDisplaySchema>;
