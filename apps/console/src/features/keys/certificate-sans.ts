/**
 * Reads the subjectAlternativeName extension (2.5.29.17) of a PEM certificate: the API's Certificate does not list
 * it, and the console shows what the certificate itself says. A minimal DER walk (tag, length, content), no
 * dependency: Certificate → tbsCertificate → [3] extensions → the SAN's GeneralNames.
 */
export interface SubjectAltNames {
  dnsNames: string[];
  uris: string[];
  ipAddresses: string[];
}

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

function readTlv(der: Uint8Array, offset: number): Tlv {
  const tag = der[offset];
  let length = der[offset + 1];
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i];
    start += count;
  }
  if (tag === undefined || start + length > der.length) throw new Error('truncated DER');
  return { tag, start, end: start + length };
}

function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const items: Tlv[] = [];
  for (let offset = parent.start; offset < parent.end;) {
    const item = readTlv(der, offset);
    items.push(item);
    offset = item.end;
  }
  return items;
}

/** DER bytes of the first certificate in a PEM text. */
export function pemToDer(pem: string): Uint8Array {
  const body = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)?.[1];
  if (!body) throw new Error('no certificate in the PEM text');
  return Uint8Array.from(atob(body.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
}

const SAN_OID = [0x55, 0x1d, 0x11];
const text = (der: Uint8Array, tlv: Tlv) => String.fromCharCode(...der.subarray(tlv.start, tlv.end));

function ipText(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join('.');
  const groups: string[] = [];
  for (let i = 0; i < bytes.length; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** The SAN entries of the certificate, or undefined when it has no SAN extension (or the text is not a certificate). */
export function subjectAltNames(pem: string): SubjectAltNames | undefined {
  try {
    const der = pemToDer(pem);
    const certificate = readTlv(der, 0);
    const tbs = children(der, certificate)[0];
    const extensionsWrapper = children(der, tbs).find((item) => item.tag === 0xa3);
    if (!extensionsWrapper) return undefined;
    const extensions = children(der, children(der, extensionsWrapper)[0]);
    for (const extension of extensions) {
      const [oid, ...rest] = children(der, extension);
      const isSan = oid.end - oid.start === 3 && SAN_OID.every((byte, i) => der[oid.start + i] === byte);
      if (!isSan) continue;
      const value = rest[rest.length - 1]; // OCTET STRING after the optional critical flag
      const names = children(der, readTlv(der, value.start));
      const result: SubjectAltNames = { dnsNames: [], uris: [], ipAddresses: [] };
      for (const name of names) {
        if (name.tag === 0x82) result.dnsNames.push(text(der, name));
        else if (name.tag === 0x86) result.uris.push(text(der, name));
        else if (name.tag === 0x87) result.ipAddresses.push(ipText(der.subarray(name.start, name.end)));
      }
      return result;
    }
    return undefined;
  } catch {
    return undefined;
  }
}
