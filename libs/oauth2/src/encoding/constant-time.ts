/**
 * Compares two strings in time that depends only on their lengths, not on where they differ. Security: used for
 * PKCE challenges and other derived values an attacker could otherwise learn byte by byte from response timing.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  let diff = left.length ^ right.length;
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return diff === 0;
}
