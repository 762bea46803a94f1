// Property: the enrolment page can put the result straight into <img src>, and an authenticator app
// can scan it: a PNG data URL, square, with the 4-module quiet zone scanners need around the code.
import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { QrcodePngRenderer } from './qrcode-png.renderer';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PREFIX = 'data:image/png;base64,';
const renderer = new QrcodePngRenderer();
const uri = 'otpauth://totp/Acme%20Co:bob%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Acme%20Co';

async function pngOf(text: string): Promise<Buffer> {
  const url = await renderer.pngDataUrl(text);
  expect(url.startsWith(PREFIX)).toBe(true);
  const base64 = url.slice(PREFIX.length);
  expect(base64).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
  return Buffer.from(base64, 'base64');
}

describe('QrcodePngRenderer', () => {
  it('gives a data:image/png;base64 URL whose bytes open with the PNG signature and an IHDR chunk', async () => {
    const png = await pngOf(uri);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  });

  it('draws a square image with a 4-module quiet zone on every side at 6 pixels per module', async () => {
    const png = await pngOf(uri);
    const modules = create(uri, { errorCorrectionLevel: 'M' }).modules.size;
    expect(png.readUInt32BE(16)).toBe((modules + 2 * 4) * 6);
    expect(png.readUInt32BE(20)).toBe(png.readUInt32BE(16));
  });

  it('draws the text it is given: the same URI twice gives the same image, another secret another one', async () => {
    const again = await pngOf(uri);
    expect((await pngOf(uri)).equals(again)).toBe(true);
    expect((await pngOf(uri.replace('JBSWY3DP', 'KRUGS4ZA'))).equals(again)).toBe(false);
  });

  it('rejects text too long for any QR code instead of drawing part of it', async () => {
    await expect(renderer.pngDataUrl('x'.repeat(5_000))).rejects.toThrow();
  });
});
