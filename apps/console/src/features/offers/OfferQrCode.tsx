import { useMemo } from 'react';
import { Text } from '@mantine/core';
import { create as createQrCode } from 'qrcode';

/** Modules of light margin around the symbol: ISO/IEC 18004 asks for 4, and scanners need it on dark backgrounds. */
const QUIET_ZONE = 4;

/**
 * The dark modules as one SVG path (a unit square each), so the code is a plain React element: no canvas, no
 * data: URL, nothing the console's CSP would have to allow.
 */
function modulesPath(text: string): { path: string; size: number } {
  const { modules } = createQrCode(text, { errorCorrectionLevel: 'M' });
  const parts: string[] = [];
  for (let y = 0; y < modules.size; y++)
    for (let x = 0; x < modules.size; x++) if (modules.get(x, y)) parts.push(`M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`);
  return { path: parts.join(''), size: modules.size + 2 * QUIET_ZONE };
}

export interface OfferQrCodeProps {
  value: string;
  /** Width and height in CSS pixels; 280 or more keeps each module several device pixels wide for phone cameras. */
  size?: number;
  label?: string;
  'data-testid'?: string;
}

/** A QR code of a credential offer link, black on white whatever the colour scheme. */
export function OfferQrCode({ value, size = 320, label = 'QR code of the credential offer', ...rest }: OfferQrCodeProps) {
  const symbol = useMemo(() => {
    try {
      return modulesPath(value);
    } catch {
      return undefined; // longer than a QR code holds (about 2.3 kB at this error correction level)
    }
  }, [value]);
  if (!symbol)
    return (
      <Text c="red" size="sm" role="alert">
        This offer is too long for a QR code; create it by reference instead.
      </Text>
    );
  return (
    <svg
      role="img"
      aria-label={label}
      data-testid={rest['data-testid'] ?? 'offer-qr'}
      width={size}
      height={size}
      viewBox={`0 0 ${symbol.size} ${symbol.size}`}
      shapeRendering="crispEdges"
      style={{ display: 'block', maxWidth: '100%', height: 'auto' }}
    >
      <rect width={symbol.size} height={symbol.size} fill="#fff" />
      <path d={symbol.path} fill="#000" />
    </svg>
  );
}
