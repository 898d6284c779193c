import { open, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { fail, VerificationFailure } from './attack-class.js';

/**
 * Where repository files come from. `read` returns undefined when the file does
 * not exist and fails with `oversized` as soon as more than `maxLength` bytes
 * would be needed, so an endless stream never fills memory.
 */
export interface RepositorySource {
  read(path: string, maxLength: number): Promise<Uint8Array | undefined>;
}

const SAFE_RELATIVE = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

export function assertSafeRelativePath(path: string): void {
  if (!SAFE_RELATIVE.test(path) || path.split('/').some((part) => part === '..' || part === '.')) {
    fail('schema_violation', `unsafe repository path: ${path}`);
  }
}

export function memorySource(files: ReadonlyMap<string, Uint8Array>): RepositorySource {
  return {
    async read(path, maxLength) {
      assertSafeRelativePath(path);
      const bytes = files.get(path);
      if (bytes && bytes.length > maxLength) fail('oversized', `${path} is larger than ${maxLength} bytes`);
      return bytes;
    },
  };
}

export function directorySource(dir: string): RepositorySource {
  const base = resolve(dir);
  return {
    async read(path, maxLength) {
      assertSafeRelativePath(path);
      const file = resolve(join(base, path));
      if (!file.startsWith(base + sep)) fail('schema_violation', `path escapes repository: ${path}`);
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) return undefined;
      if (info.size > maxLength) fail('oversized', `${path} is larger than ${maxLength} bytes`);
      const handle = await open(file, 'r');
      try {
        const buffer = Buffer.alloc(maxLength + 1);
        const { bytesRead } = await handle.read(buffer, 0, maxLength + 1, 0);
        if (bytesRead > maxLength) fail('oversized', `${path} grew beyond ${maxLength} bytes`);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
  };
}

export interface HttpSourceOptions {
  /** Whole-request limit (default 120 s). */
  readonly timeoutMs?: number;
  /** Slow-retrieval guard: abort when fewer than `minBytesPerSecond` arrive over a window (defaults 30 s, 1 KiB/s). */
  readonly windowMs?: number;
  readonly minBytesPerSecond?: number;
}

/** HTTPS (or, in tests, loopback HTTP) repository; stops reading at `maxLength`, never follows redirects. */
export function httpSource(baseUrl: string, options: HttpSourceOptions = {}): RepositorySource {
  const root = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const windowMs = options.windowMs ?? 30_000;
  const minBytes = ((options.minBytesPerSecond ?? 1024) * windowMs) / 1000;
  return {
    async read(path, maxLength) {
      assertSafeRelativePath(path);
      const controller = new AbortController();
      let slow = false;
      let received = 0;
      let lastWindow = 0;
      const guard = setInterval(() => {
        if (received - lastWindow < minBytes) {
          slow = true;
          controller.abort();
        }
        lastWindow = received;
      }, windowMs);
      const total = setTimeout(() => controller.abort(), options.timeoutMs ?? 120_000);
      try {
        const response = await fetch(new URL(path, root), { redirect: 'error', signal: controller.signal });
        if (response.status === 404 || response.status === 403) return undefined;
        if (!response.ok || !response.body) fail('unavailable', `${path}: HTTP ${response.status}`);
        const chunks: Uint8Array[] = [];
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          received += value.length;
          if (received > maxLength) {
            await reader.cancel();
            fail('oversized', `${path} is larger than ${maxLength} bytes`);
          }
          chunks.push(value);
        }
        return Buffer.concat(chunks);
      } catch (error) {
        if (slow) fail('slow_retrieval', `${path}: fewer than ${minBytes} bytes in ${windowMs} ms`);
        if (error instanceof VerificationFailure) throw error;
        fail('unavailable', `${path}: ${controller.signal.aborted ? 'timed out' : (error as Error).message}`);
      } finally {
        clearInterval(guard);
        clearTimeout(total);
      }
    },
  };
}

/**
 * Reads each path once and serves the same bytes to every later reader, so the
 * verifier's own checks and tuf-js judge identical bytes.
 */
export function memoisedSource(inner: RepositorySource): RepositorySource {
  const seen = new Map<string, Uint8Array | undefined>();
  return {
    async read(path, maxLength) {
      if (!seen.has(path)) seen.set(path, await inner.read(path, maxLength));
      const bytes = seen.get(path);
      if (bytes && bytes.length > maxLength) fail('oversized', `${path} is larger than ${maxLength} bytes`);
      return bytes;
    },
  };
}
