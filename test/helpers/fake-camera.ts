/**
 * A fake camera for Chromium (--use-file-for-fake-video-capture): a YUV4MPEG2 video of a cheque's
 * QR code, black modules on white paper with a quiet zone, tilted a little differently in each frame
 * as when a hand holds it. (A perfectly square synthetic image is not what a camera sees, and some
 * decoders miss a few of those.)
 */
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

const WIDTH = 640;
const HEIGHT = 480;
/** Video range luma: what a camera gives for black ink and white paper. */
const BLACK = 16;
const WHITE = 235;
const QUIET_MODULES = 4;
/** Degrees, one frame each; Chromium loops the file (seven frames: reads every 250 ms meet them all). */
export const TILTS = [4, -6, 9, -3, 7, -8, 2];

export function qrVideoFrames(text: string): Buffer[] {
  // One byte-mode segment, as the printed cheques (libs/vouchers booklet-pdf.ts).
  const { modules } = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const scale = Math.floor(Math.min(WIDTH, HEIGHT) / (modules.size + 2 * QUIET_MODULES) / 1.2);
  const half = (modules.size * scale) / 2;
  return TILTS.map((degrees) => {
    const cos = Math.cos((degrees * Math.PI) / 180);
    const sin = Math.sin((degrees * Math.PI) / 180);
    const luma = Buffer.alloc(WIDTH * HEIGHT, WHITE);
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        // The pixel in the QR code's own (untilted) coordinates.
        const dx = x - WIDTH / 2;
        const dy = y - HEIGHT / 2;
        const column = Math.floor((cos * dx + sin * dy + half) / scale);
        const row = Math.floor((-sin * dx + cos * dy + half) / scale);
        if (row >= 0 && row < modules.size && column >= 0 && column < modules.size && modules.get(row, column)) luma[y * WIDTH + x] = BLACK;
      }
    }
    return luma;
  });
}

/** Writes the video: one frame per tilt, grey chroma (4:2:0). */
export function writeQrVideo(file: string, text: string): void {
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  const frames = qrVideoFrames(text).map((luma) => Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]));
  writeFileSync(file, Buffer.concat([header, ...frames]));
}
