const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const VALUE = new Map([...ALPHABET].map((ch, i) => [ch, BigInt(i)]));

/** Decodes Bitcoin base58 (the `z` multibase of did:key); `undefined` for characters outside the alphabet. */
export function base58btcDecode(text: string): Uint8Array | undefined {
  if (text.length === 0 || text.length > 512) return undefined;
  let value = 0n;
  for (const ch of text) {
    const digit = VALUE.get(ch);
    if (digit === undefined) return undefined;
    value = value * 58n + digit;
  }
  const hex = value === 0n ? '' : value.toString(16);
  const body = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  // Each leading '1' stands for one leading zero byte.
  const zeros = text.length - text.replace(/^1+/, '').length;
  return new Uint8Array(Buffer.concat([Buffer.alloc(zeros), body]));
}
