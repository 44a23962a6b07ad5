/**
 * Reads a QR code from a camera frame: the browser's own BarcodeDetector where it has one (Android,
 * macOS), else ZXing, downloaded only then so that the page stays light.
 */
export type QrDecoder = (frame: HTMLCanvasElement) => Promise<string | null>;

interface BarcodeDetectorLike {
  detect(source: HTMLCanvasElement): Promise<Array<{ rawValue: string }>>;
}

interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

export async function qrDecoder(): Promise<QrDecoder> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (Detector && (await Detector.getSupportedFormats().catch((): string[] => [])).includes('qr_code')) {
    const detector = new Detector({ formats: ['qr_code'] });
    return async (frame) => (await detector.detect(frame).catch(() => []))[0]?.rawValue ?? null;
  }
  const { BrowserQRCodeReader } = await import('@zxing/browser');
  const reader = new BrowserQRCodeReader();
  return async (frame) => {
    try {
      return reader.decodeFromCanvas(frame).getText();
    } catch {
      // No QR code in this frame (or not readable yet).
      return null;
    }
  };
}
