import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** Reads the QR code in a PNG screenshot as a phone camera would (jsQR, an independent decoder). */
export function readQrCode(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}
