import { KeyObject } from 'node:crypto';
import { encodeCbor, tagEncodedCbor } from '@issuer/credentials';
import { CborMap } from './cbor.reader';
import { CborShape } from './cbor-shape';
import { parseCoseSign1, verifyCoseSign1 } from './cose-sign1';
import { MdocVerificationError } from './mdoc-verification.error';

const shape = new CborShape();

/**
 * mdoc authentication by signature (ISO/IEC 18013-5 §9.1.3.4, §9.1.3.6): `deviceSignature` is a COSE_Sign1 with
 * a detached payload, DeviceAuthenticationBytes = #6.24(bstr .cbor ["DeviceAuthentication", SessionTranscript,
 * DocType, DeviceNameSpacesBytes]), verified with the MSO device key. This is the holder binding: the transcript
 * carries the request's client_id, nonce and response_uri, so a replayed or forwarded presentation fails.
 * DeviceMac is refused: its key comes from ECDH with a reader key, which OpenID4VP over `direct_post` does not
 * establish. Device-signed data elements are authenticated here but not returned (the issuer does not vouch for them).
 * @throws MdocVerificationError `invalid_device_response`, `unsupported_device_authentication`, `invalid_device_signature`
 */
export function verifyDeviceSignature(deviceSigned: CborMap, docType: string, deviceKey: KeyObject, sessionTranscript: Uint8Array): void {
  const { tag: nameSpacesBytes, content } = shape.embedded(
    shape.get(deviceSigned, 'nameSpaces', 'DeviceSigned.nameSpaces'),
    'DeviceSigned.nameSpaces (DeviceNameSpacesBytes)',
  );
  shape.map(content, 'DeviceNameSpaces');
  const deviceAuth = shape.map(shape.get(deviceSigned, 'deviceAuth', 'DeviceSigned.deviceAuth'), 'DeviceAuth');
  if (!deviceAuth.has('deviceSignature')) {
    if (deviceAuth.has('deviceMac')) {
      throw new MdocVerificationError(
        'unsupported_device_authentication',
        `${docType}: deviceMac is not supported; OpenID4VP over direct_post needs mdoc authentication by deviceSignature`,
      );
    }
    throw new MdocVerificationError('invalid_device_signature', `${docType}: DeviceAuth has no deviceSignature`);
  }
  const signature = parseCoseSign1(deviceAuth.get('deviceSignature'), 'DeviceSignature', 'invalid_device_signature');
  if (signature.payload !== null) {
    throw new MdocVerificationError('invalid_device_signature', `${docType}: DeviceSignature must have a detached (null) payload`);
  }
  // Assembled from the pieces as sent (DeviceNameSpacesBytes verbatim) rather than re-encoded from decoded values.
  const deviceAuthentication = new Uint8Array(
    Buffer.concat([
      new Uint8Array([0x84]),
      encodeCbor('DeviceAuthentication'),
      sessionTranscript,
      encodeCbor(docType),
      nameSpacesBytes.encoded,
    ]),
  );
  verifyCoseSign1(
    signature,
    deviceKey,
    encodeCbor(tagEncodedCbor(deviceAuthentication)),
    'invalid_device_signature',
    `${docType} DeviceSignature`,
  );
}
