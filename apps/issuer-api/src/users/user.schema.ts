import { z } from 'zod';

/** NIST SP 800-63B §3.1.1.2 counts Unicode code points; API.md §11 asks for at least 12. */
export const MIN_PASSWORD_LENGTH = 12;
/** Bounds the Argon2 input an admin (or a login form) can make the server hash. */
export const MAX_PASSWORD_LENGTH = 1024;

const codePoints = (text: string) => [...text].length;

/** A login name, also a path segment of the users API: no spaces, slashes or other characters a URL must escape. */
export const usernameSchema = z.string().regex(/^[\p{L}\p{N}._@+-]{1,128}$/u, 'must be 1-128 letters, digits or . _ @ + -');

// min/max in UTF-16 units put the bounds into the OpenAPI schema (a code point is 1–2 units); the refinements count
// code points, as the rule says.
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { error: `must be at least ${MIN_PASSWORD_LENGTH} characters`, abort: true })
  .max(MAX_PASSWORD_LENGTH * 2, { error: `must be at most ${MAX_PASSWORD_LENGTH} characters`, abort: true })
  .refine((p) => codePoints(p) >= MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .refine((p) => codePoints(p) <= MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);

/** The login claims of the user (API.md §11): fed, with `username`, to the profile's `idTokenClaimsMapping`. */
const claimsSchema = z.record(z.string(), z.unknown());

/** `POST /api/v1/issuers/{issuerId}/users`. */
export const userCreateSchema = z.object({ username: usernameSchema, password: passwordSchema, claims: claimsSchema.default({}) }).strict();

/** `PUT /api/v1/issuers/{issuerId}/users/{username}`: either member may be left out (kept as it is). */
export const userUpdateSchema = z.object({ password: passwordSchema.optional(), claims: claimsSchema.optional() }).strict();

export type UserCreate = z.infer<typeof userCreateSchema>;
export type UserUpdate = z.infer<typeof userUpdateSchema>;

/** A user as the admin API shows it: never the password nor its hash. */
export interface UserDto {
  username: string;
  claims: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}
