import { render } from '@testing-library/react';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { MantineProvider } from '@mantine/core';
import { OfferQrCode } from './OfferQrCode';

/** Paints the SVG's unit squares into pixels (scale per module) and reads them back as a scanner would. */
function scan(svg: SVGElement, scale = 4): string | undefined {
  const size = Number(svg.getAttribute('viewBox')!.split(' ')[2]);
  const width = size * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, x, y] of svg
    .querySelector('path')!
    .getAttribute('d')!
    .matchAll(/M(\d+) (\d+)h1v1h-1z/g))
    for (let dy = 0; dy < scale; dy++)
      for (let dx = 0; dx < scale; dx++) {
        const offset = ((Number(y) * scale + dy) * width + Number(x) * scale + dx) * 4;
        pixels.set([0, 0, 0, 255], offset);
      }
  return jsQR(pixels, width, width)?.data;
}

const renderQr = (value: string) =>
  render(
    <MantineProvider>
      <OfferQrCode value={value} />
    </MantineProvider>,
  );

describe('the offer QR code', () => {
  it('scans back to the deep link, with a four-module quiet zone', () => {
    const link =
      'openid-credential-offer://?credential_offer_uri=http%3A%2F%2Flocalhost%3A4103%2Fissuers%2Facme%2Foffers%2F6f1c1b9e-5a3e-4d2c-9a55-0b9c3f1e2d77';
    const { getByTestId } = renderQr(link);
    const svg = getByTestId('offer-qr') as unknown as SVGElement;
    expect(svg.getAttribute('role')).toBe('img');
    const coordinates = [
      ...svg
        .querySelector('path')!
        .getAttribute('d')!
        .matchAll(/M(\d+) (\d+)/g),
    ].map((m) => [Number(m[1]), Number(m[2])]);
    const size = Number(svg.getAttribute('viewBox')!.split(' ')[2]);
    expect(Math.min(...coordinates.flat())).toBe(4);
    expect(Math.max(...coordinates.flat())).toBe(size - 5);
    expect(scan(svg)).toBe(link);
  });

  it('says so instead of drawing when the offer is too long for a QR code', () => {
    const { getByRole, queryByTestId } = renderQr(`openid-credential-offer://?credential_offer=${'x'.repeat(5000)}`);
    expect(getByRole('alert').textContent).toMatch(/too long for a QR code/);
    expect(queryByTestId('offer-qr')).toBeNull();
  });
});
