import { toDataURL } from 'qrcode';
import { QrCodeRenderer } from '../../ports/qr-code-renderer';

/**
 * QR codes as PNG data URLs with the `qrcode` package. Error correction `M` (15 %) and a 4-module
 * quiet zone, the margin ISO/IEC 18004 requires, keep a screen photo with glare readable.
 *
 * @example
 * const png = await new QrcodePngRenderer().pngDataUrl('otpauth://totp/Acme:bob?secret=...&issuer=Acme');
 * // 'data:image/png;base64,iVBORw0KGgo...'
 */
export class QrcodePngRenderer extends QrCodeRenderer {
  pngDataUrl(text: string): Promise<string> {
    return toDataURL(text, { type: 'image/png', errorCorrectionLevel: 'M', margin: 4, scale: 6 });
  }
}
