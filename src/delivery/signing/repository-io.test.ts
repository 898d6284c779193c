import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, httpSource, installTrustedRoot } from '../../../packages/verifier/src/index';
import { writeRepository } from './repository-io';
import { buildScenario, T0, VEHICLE } from './test-fixtures';

/** The vehicle fetches over HTTP from a tiny loopback server, as tuf-js would from a CDN. */
let server: Server;
let base = '';
let repoDir = '';
let initialRoot: Uint8Array;
let endless = false;
let drip = false;
const dirs: string[] = [];

beforeAll(async () => {
  const repo = await buildScenario().builder.publish();
  initialRoot = repo.initialRoot;
  repoDir = await mkdtemp(join(tmpdir(), 'forecourt-cdn-'));
  dirs.push(repoDir);
  await writeRepository(repoDir, repo);
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).slice(1);
    if (drip && path === 'timestamp.json') {
      res.writeHead(200);
      const timer = setInterval(() => res.write('{'), 50);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (endless && path === 'timestamp.json') {
      res.writeHead(200);
      const chunk = Buffer.alloc(4096, 0x20);
      const pump = () => {
        while (res.write(chunk)) if (res.destroyed) return;
        res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
      return;
    }
    const file = resolve(repoDir, path);
    if (!file.startsWith(resolve(repoDir) + sep)) return void res.writeHead(404).end();
    readFile(file).then((b) => res.writeHead(200).end(b), () => res.writeHead(404).end());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function verify(sourceOptions: Parameters<typeof httpSource>[1] = {}) {
  const cacheDir = await mkdtemp(join(tmpdir(), 'forecourt-vehicle-'));
  dirs.push(cacheDir);
  await installTrustedRoot(cacheDir, initialRoot);
  return createVerifier({ cacheDir, source: httpSource(base, sourceOptions), policy: { platform: 'hmi', allowedUrlHosts: [] } })
    .verify({ vehicleId: VEHICLE, vehicleState: { gear: 'P', speedKph: 0 }, now: new Date(Date.parse(T0) + 3_600_000) });
}

describe('repository written to disk and served over HTTP', () => {
  it('verifies end to end', async () => {
    endless = false;
    expect(await verify()).toMatchObject({ ok: true, show: true });
  });

  it('stops reading an endless timestamp at its size limit (SC-15/16)', async () => {
    endless = true;
    expect(await verify()).toMatchObject({ ok: false, attackClass: 'oversized' });
    endless = false;
  });

  it('aborts a server that drips bytes below the minimum rate (SC-17)', async () => {
    drip = true;
    expect(await verify({ windowMs: 200, minBytesPerSecond: 1024 })).toMatchObject({ ok: false, attackClass: 'slow_retrieval' });
    drip = false;
  });
});

describe('checkBeforePublish', () => {
  it('passes a good repository and fails one whose offers manifest lacks a second approval', async () => {
    const { checkBeforePublish } = await import('./publish-check-io');
    const good = buildScenario();
    const repo = await good.builder.publish();
    const now = new Date(Date.parse(T0) + 60_000);
    expect((await checkBeforePublish(repo, { vehicleIds: [VEHICLE], now }))[0]!.result).toMatchObject({ ok: true });
    const { createRepositoryBuilder } = await import('./repository-builder');
    const weak = createRepositoryBuilder({ keys: { ...good.keys, targets: { signers: good.keys.targets.signers.slice(0, 1), threshold: 1 } }, clock: () => new Date(T0) });
    const weakRepo = await weak.publish();
    const mixed = { ...weakRepo, initialRoot: repo.initialRoot };
    expect((await checkBeforePublish(mixed, { vehicleIds: [VEHICLE], now }))[0]!.result).toMatchObject({ ok: false, attackClass: 'under_threshold' });
  });
});
