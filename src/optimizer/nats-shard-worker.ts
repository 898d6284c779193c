/**
 * An optimizer shard worker: listens on `<prefix>.w.<id>` and answers the
 * coordinator's chunked requests (load a shard block, evaluate, assign,
 * close) through `createShardHost`. Requests are handled one at a time, in
 * arrival order; the heavy loops are synchronous, so one worker process uses
 * one core (start one per core).
 */
import { headers } from '@nats-io/transport-node';
import { connectOptimizerNats, defaultOptimizerPrefix } from './nats-evaluator-io';
import { createShardHost } from './shard-host';
import { chunkHeader, chunkHeadersFrom, createChunkHost, errorFrame, workerSubject } from './shard-protocol';
import { ForecourtError } from '../kernel';

export interface ShardWorkerOptions {
  natsUrl: string;
  id: number;
  prefix?: string;
  /** Largest reply body; default the server's max_payload less 16 KiB. */
  chunkBytes?: number;
  log?: (line: string) => void;
}

export interface ShardWorker {
  subject: string;
  /** Solves currently held in memory. */
  solves(): number;
  stop(): Promise<void>;
}

export async function startShardWorker(options: ShardWorkerOptions): Promise<ShardWorker> {
  if (!Number.isInteger(options.id) || options.id < 0) throw new ForecourtError('CONFIG_INVALID', '--id must be an integer ≥ 0');
  const subject = workerSubject(options.prefix ?? defaultOptimizerPrefix, options.id);
  const nc = await connectOptimizerNats(options.natsUrl, `forecourt-optimizer-worker-${options.id}`);
  const chunkBytes = options.chunkBytes ?? Math.max(4096, (nc.info?.max_payload ?? 1 << 20) - 16 * 1024);
  const host = createShardHost(String(options.id));
  const chunks = createChunkHost(host.handle, () => chunkBytes);
  const sub = nc.subscribe(subject);
  const loop = (async () => {
    for await (const m of sub) {
      const h = chunkHeadersFrom((name) => m.headers?.get(name));
      const reply = h === undefined
        ? { parts: 1, body: errorFrame(new ForecourtError('VALIDATION_FAILED', 'request without valid chunk headers')) }
        : chunks.receive(h, m.data);
      const hd = headers();
      hd.set(chunkHeader.parts, String(reply.parts));
      m.respond(reply.body, { headers: hd });
    }
  })().catch((error: unknown) => options.log?.(`optimizer worker ${options.id}: ${error instanceof Error ? error.message : String(error)}`));
  await nc.flush();
  return {
    subject,
    solves: () => host.solves(),
    stop: async () => {
      await sub.drain().catch(() => undefined);
      await loop;
      await nc.close().catch(() => undefined);
    },
  };
}
