// Standard base64 for the walt.id `base64StringToByteString` conversion (base64url goes through @issuer/oauth2's
// strict `base64UrlDecode`). Buffer's decoder silently skips invalid characters and stray bits, which would turn a
// typo in a portrait into a corrupt image, so the text is checked first and must be the canonical encoding.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * RFC 4648 §4 base64. Padding is optional but must be correct when present; whitespace (MIME line breaks) and a
 * `data:<type>;base64,` prefix are tolerated. Returns undefined for anything else.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  let body = text.replace(/\s+/g, '');
  const dataUri = /^data:[^,]*;base64,/i.exec(body);
  if (dataUri) body = body.slice(dataUri[0].length);
  if (!BASE64.test(body)) return undefined;
  const unpadded = body.replace(/=+$/, '');
  if (unpadded.length % 4 === 1 || (unpadded.length !== body.length && body.length % 4 !== 0)) return undefined;
  const bytes = Buffer.from(unpadded, 'base64');
  if (bytes.toString('base64').replace(/=+$/, '') !== unpadded) return undefined;
  return new Uint8Array(bytes);
}
