/** Raster types a card may show; SVG, GIF, HEIC, AVIF and PDF are never accepted (INV-1). */
export const imageTypes = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type ImageType = (typeof imageTypes)[number];

export interface ImageLimits {
  readonly maxBytes: number;
  readonly maxWidth: number;
  readonly maxHeight: number;
  readonly maxPixels: number;
}

export const defaultImageLimits: ImageLimits = { maxBytes: 512 * 1024, maxWidth: 1920, maxHeight: 1080, maxPixels: 2_100_000 };

export type ImageCheck = { ok: true; type: ImageType; width: number; height: number } | { ok: false; oversized: boolean; problem: string };

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IEND = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

interface Sniffed {
  type: ImageType;
  width: number;
  height: number;
  trailing: boolean;
}

function sniffPng(b: Buffer): Sniffed | undefined {
  if (b.length < 24 || !b.subarray(0, 8).equals(PNG_MAGIC) || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { type: 'image/png', width: b.readUInt32BE(16), height: b.readUInt32BE(20), trailing: !b.subarray(b.length - PNG_IEND.length).equals(PNG_IEND) };
}

function sniffJpeg(b: Buffer): Sniffed | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return undefined;
  let offset = 2;
  while (offset + 9 < b.length) {
    if (b[offset] !== 0xff) return undefined;
    const marker = b[offset + 1]!;
    const length = b.readUInt16BE(offset + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const trailing = !(b[b.length - 2] === 0xff && b[b.length - 1] === 0xd9);
      return { type: 'image/jpeg', height: b.readUInt16BE(offset + 5), width: b.readUInt16BE(offset + 7), trailing };
    }
    offset += 2 + length;
  }
  return undefined;
}

function sniffWebp(b: Buffer): Sniffed | undefined {
  if (b.length < 30 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP') return undefined;
  const trailing = b.readUInt32LE(4) + 8 !== b.length;
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8X') {
    if ((b[20]! & 0x02) !== 0) return undefined; // animation flag: not a still image
    return { type: 'image/webp', width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3), trailing };
  }
  if (chunk === 'VP8 ') return { type: 'image/webp', width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff, trailing };
  if (chunk === 'VP8L') {
    const bits = b.readUInt32LE(21);
    return { type: 'image/webp', width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff), trailing };
  }
  return undefined;
}

/**
 * Checks an image by its magic bytes and header before any decoding: type on the
 * allow-list and equal to the declared type, size and dimensions within limits,
 * no bytes after the end marker (polyglots). Decoding and re-encoding happen at
 * publish time on the server; this is the client's second line.
 */
export function checkImage(bytes: Uint8Array, declaredType: string, limits: ImageLimits = defaultImageLimits): ImageCheck {
  if (bytes.length > limits.maxBytes) return { ok: false, oversized: true, problem: `image larger than ${limits.maxBytes} bytes` };
  const b = Buffer.from(bytes);
  const sniffed = sniffPng(b) ?? sniffJpeg(b) ?? sniffWebp(b);
  if (!sniffed) return { ok: false, oversized: false, problem: 'not a PNG, JPEG or still WebP image' };
  if (sniffed.type !== declaredType) return { ok: false, oversized: false, problem: `declared ${declaredType} but bytes are ${sniffed.type}` };
  if (sniffed.trailing) return { ok: false, oversized: false, problem: 'bytes after the image end' };
  const { width, height } = sniffed;
  if (width < 1 || height < 1) return { ok: false, oversized: false, problem: 'empty image' };
  if (width > limits.maxWidth || height > limits.maxHeight || width * height > limits.maxPixels) {
    return { ok: false, oversized: true, problem: `image ${width}×${height} exceeds limits` };
  }
  return { ok: true, type: sniffed.type, width, height };
}
