import { z } from 'zod';

/**
 * The `tx_code` object of a pre-authorized offer (OID4VCI 1.0 §4.1.1). Its presence, even `{}`, means the
 * wallet must send a transaction code. `input_mode` defaults to `numeric`; `description` is at most 300 chars.
 * Unknown members are refused (admin API input).
 */
export const txCodeSchema = z.strictObject({
  input_mode: z.enum(['numeric', 'text']).default('numeric'),
  length: z.number().int().min(1).max(32).optional(),
  description: z.string().max(300).optional(),
});

export type TxCode = z.infer<typeof txCodeSchema>;
export type TxCodeInput = z.input<typeof txCodeSchema>;

/** Length of a generated transaction code when the `tx_code` object has none. */
export const DEFAULT_TX_CODE_LENGTH = 6;

/** Upper-case letters and digits without the look-alikes 0/O and 1/I; 32 symbols, so `byte & 31` is unbiased. */
const TEXT_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * Generates a transaction code value matching `txCode` (OID4VCI 1.0 §4.1.1, §13.6). Numeric codes use
 * rejection sampling so every digit is uniform (no modulo bias); text codes use an unambiguous alphabet.
 * Security: the code is the second factor against pre-authorized code replay, so `randomBytes` must be a CSPRNG.
 */
export function generateTxCodeValue(txCode: TxCodeInput, randomBytes: (n: number) => Uint8Array): string {
  const length = txCode.length ?? DEFAULT_TX_CODE_LENGTH;
  const mode = txCode.input_mode ?? 'numeric';
  let out = '';
  while (out.length < length) {
    const bytes = randomBytes(length * 2);
    for (const byte of bytes) {
      if (out.length >= length) break;
      if (mode === 'text') out += TEXT_ALPHABET[byte & 31];
      else if (byte < 250) out += String(byte % 10); // 250 = 25 * 10: reject 250..255 to stay uniform
    }
  }
  return out;
}
