import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './cache-store.js';
import { isExpiredAt, parseExpires } from './metadata-parse.js';
import { memorySource } from './repository-source.js';

describe('expiry parsing', () => {
  const now = new Date('2026-11-20T00:00:00Z');
  it('treats anything but a strict RFC 3339 UTC time as expired', () => {
    expect(isExpiredAt('2026-11-21T00:00:00Z', now)).toBe(false);
    expect(isExpiredAt('2026-11-19T00:00:00Z', now)).toBe(true);
    for (const bad of ['next tuesday', '2026-11-21', '2026-11-21T00:00:00+01:00', '2026-02-31T00:00:00X', '', 42, null]) {
      expect(parseExpires(bad)).toBeUndefined();
      expect(isExpiredAt(bad, now)).toBe(true);
    }
  });
});

describe('cache writes', () => {
  it('replaces root.json atomically and leaves no temp files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'forecourt-cache-'));
    try {
      await writeFileAtomic(dir, 'root.json', Buffer.from('{"v":1}'));
      await writeFileAtomic(dir, 'root.json', Buffer.from('{"v":2}'));
      expect(await readFile(join(dir, 'root.json'), 'utf8')).toBe('{"v":2}');
      expect(await readdir(dir)).toEqual(['root.json']);
      await expect(writeFileAtomic(dir, '../escape.json', Buffer.from('x'))).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('repository sources', () => {
  it('refuses traversal paths and oversize files', async () => {
    const source = memorySource(new Map([['timestamp.json', Buffer.alloc(100)]]));
    await expect(source.read('../etc/passwd', 10)).rejects.toMatchObject({ attackClass: 'schema_violation' });
    await expect(source.read('timestamp.json', 10)).rejects.toMatchObject({ attackClass: 'oversized' });
    expect(await source.read('missing.json', 10)).toBeUndefined();
  });
});

describe('strict JSON', () => {
  it('rejects duplicate keys at any depth, BOM, bad UTF-8 and deep nesting', async () => {
    const { parseStrictJson } = await import('./strict-json.js');
    const bad = [
      '{"version":58,"version":57}',
      '{"a":{"b":1,"b":2}}',
      '[{"x":1},{"y":{"k":"a","k" : "b"}}]',
      '\uFEFF{"a":1}',
      `${'['.repeat(17)}${']'.repeat(17)}`,
    ];
    for (const text of bad) expect(() => parseStrictJson(Buffer.from(text), 't')).toThrow();
    expect(() => parseStrictJson(Buffer.from([0x7b, 0xff, 0x7d]), 't')).toThrow();
    expect(parseStrictJson(Buffer.from('{"a":{"k":1},"b":{"k":2},"s":"\\"k\\":"}'), 't')).toEqual({ a: { k: 1 }, b: { k: 2 }, s: '"k":' });
  });
});
