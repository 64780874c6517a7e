import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';

/**
 * Sign bytes with a key that stays inside kms. `data` is the base64url signing input (for JWS the ASCII
 * `header.payload`); the reply is the raw signature, base64url (JWS form: r‖s for ECDSA, low-S for secp256k1).
 */
export const keySignRequestSchema = z
  .object({
    keyId: z.string().uuid(),
    data: z.string().max(1_000_000),
    alg: z.string().max(16).optional(),
  })
  .strict();
export type KeySignRequest = z.infer<typeof keySignRequestSchema>;
export interface KeySignResponse {
  signature: string;
  alg: string;
}

export const KeySign = defineContract<KeySignRequest, KeySignResponse>(Subjects.KmsKeySign, keySignRequestSchema);
