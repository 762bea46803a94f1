/** Draws text (an `otpauth://` URI) as a QR code. */
export abstract class QrCodeRenderer {
  /** A `data:image/png;base64,...` URL. */
  abstract pngDataUrl(text: string): Promise<string>;
}
