import { describe, expect, it } from 'vitest';
import { checkImage } from './image-check.js';

function jpeg(width: number, height: number, trailer = Buffer.alloc(0)): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9]), trailer]);
}

function webpVp8x(width: number, height: number, animated: boolean): Buffer {
  const payload = Buffer.alloc(10);
  payload[0] = animated ? 0x02 : 0;
  payload.writeUIntLE(width - 1, 4, 3);
  payload.writeUIntLE(height - 1, 7, 3);
  const chunk = Buffer.concat([Buffer.from('VP8X'), Buffer.from([10, 0, 0, 0]), payload]);
  const riffSize = Buffer.alloc(4);
  riffSize.writeUInt32LE(4 + chunk.length);
  return Buffer.concat([Buffer.from('RIFF'), riffSize, Buffer.from('WEBP'), chunk]);
}

describe('image check (magic bytes, header size, trailing bytes)', () => {
  it('reads JPEG and WebP dimensions from the header', () => {
    expect(checkImage(jpeg(1280, 720), 'image/jpeg')).toMatchObject({ ok: true, width: 1280, height: 720 });
    expect(checkImage(webpVp8x(800, 600, false), 'image/webp')).toMatchObject({ ok: true, width: 800, height: 600 });
  });

  it('rejects a JPEG polyglot with bytes after EOI (CT-08)', () => {
    expect(checkImage(jpeg(10, 10, Buffer.from('PK\u0003\u0004')), 'image/jpeg')).toMatchObject({ ok: false, oversized: false });
  });

  it('rejects animated WebP and a type mismatch (CT-09)', () => {
    expect(checkImage(webpVp8x(10, 10, true), 'image/webp').ok).toBe(false);
    expect(checkImage(jpeg(10, 10), 'image/png')).toMatchObject({ ok: false, problem: expect.stringContaining('declared') });
    expect(checkImage(Buffer.from('%PDF-1.7'), 'image/png').ok).toBe(false);
    expect(checkImage(Buffer.from('\u007fELF'), 'image/png').ok).toBe(false);
  });

  it('rejects over-limit sizes before decoding (CT-10)', () => {
    expect(checkImage(jpeg(1920, 1200), 'image/jpeg')).toMatchObject({ ok: false, oversized: true });
    expect(checkImage(Buffer.alloc(600 * 1024), 'image/png')).toMatchObject({ ok: false, oversized: true });
  });
});
