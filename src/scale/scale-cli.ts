import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { CliIo } from '../cli';
import { loadConfig } from '../config';
import { ForecourtError, repoRoot } from '../kernel';
import { openStore } from '../store';
import { connectNats, ensureStreams } from './jetstream-io';
import { startMqttBridge } from './mqtt-bridge-io';
import { startTelemetryWorker } from './telemetry-worker';

interface ScaleFlags {
  natsUrl?: string;
  mqttUrl?: string;
  databaseUrl?: string;
  databaseSchema?: string;
  prefix: string;
  partitions: string;
  batch: string;
}

function withScaleFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option('--nats-url <url>', 'NATS JetStream (env NATS_URL)'))
    .addOption(new Option('--database-url <url>', 'the shared PostgreSQL server (env DATABASE_URL)'))
    .addOption(new Option('--database-schema <name>', 'schema on that server (env FORECOURT_DATABASE_SCHEMA)'))
    .option('--prefix <prefix>', 'subject and stream namespace', 'fc.tlm')
    .option('--partitions <n>', 'partitions (streams); fixed for the life of a deployment', '16')
    .option('--batch <n>', 'messages per committed batch', '200');
}

function int(name: string, v: string, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new ForecourtError('CONFIG_INVALID', `${name} must be an integer ≥ ${min}`);
  return n;
}

function settings(flags: ScaleFlags) {
  const config = loadConfig(process.env, { natsUrl: flags.natsUrl, mqttUrl: flags.mqttUrl, databaseUrl: flags.databaseUrl, databaseSchema: flags.databaseSchema });
  if (!config.natsUrl) throw new ForecourtError('CONFIG_INVALID', 'distributed mode needs --nats-url (or NATS_URL)');
  if (!config.databaseUrl) throw new ForecourtError('CONFIG_INVALID', 'workers share a PostgreSQL server: set --database-url (or DATABASE_URL)');
  return { config, natsUrl: config.natsUrl, topology: { prefix: flags.prefix, partitions: int('--partitions', flags.partitions, 1) }, batch: int('--batch', flags.batch, 1) };
}

/** What a worker reports about itself for soak runs: memory of this process and its progress. */
function workerMetrics(index: number, committed: number, heartbeatMisses: number) {
  const m = process.memoryUsage();
  return { index, pid: process.pid, ts: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, committed, heartbeatMisses };
}

function untilSignal(): Promise<void> {
  return new Promise((ok) => {
    process.once('SIGINT', () => ok());
    process.once('SIGTERM', () => ok());
  });
}

/** `forecourt workers --count N`, `forecourt worker --index i --count N`, `forecourt bridge`: distributed telemetry on JetStream. */
export function registerScaleCommands(program: Command, io: CliIo): void {
  withScaleFlags(program.command('worker'))
    .description('One telemetry worker process: consumes the partitions it owns (k % count === index) from JetStream into PostgreSQL')
    .requiredOption('--index <i>', 'this worker\'s index, 0 … count−1')
    .requiredOption('--count <n>', 'number of workers')
    .option('--metrics-interval <ms>', 'print a `metrics {json}` line (rss, heap, committed batches) every <ms>; 0 = off', '0')
    .action(async (flags: ScaleFlags & { index: string; count: string; metricsInterval: string }) => {
      const s = settings(flags);
      const count = int('--count', flags.count, 1);
      const index = int('--index', flags.index, 0);
      if (index >= count) throw new ForecourtError('CONFIG_INVALID', '--index must be below --count');
      const store = await openStore({ databaseUrl: s.config.databaseUrl, dataDir: 'memory', schema: s.config.databaseSchema });
      const nats = await connectNats(s.natsUrl, `forecourt-setup-${index}`);
      await ensureStreams(nats, s.topology);
      await nats.nc.close();
      const worker = await startTelemetryWorker({ natsUrl: s.natsUrl, store, topology: s.topology, index, count, batch: s.batch, log: io.err });
      io.out(`worker ${index}/${count} running, partitions ${worker.partitions.join(',')}`);
      const every = int('--metrics-interval', flags.metricsInterval, 0);
      const metrics = every > 0 ? setInterval(() => io.out(`metrics ${JSON.stringify(workerMetrics(index, worker.committed(), worker.heartbeatMisses()))}`), every) : undefined;
      await untilSignal();
      clearInterval(metrics);
      await worker.stop();
      await store.close();
    });

  withScaleFlags(program.command('workers'))
    .description('Start N telemetry worker processes on this machine (each owns a disjoint set of partitions); a worker that dies is restarted')
    .requiredOption('--count <n>', 'number of worker processes')
    .option('--metrics-interval <ms>', 'passed to each worker', '0')
    .action(async (flags: ScaleFlags & { count: string; metricsInterval: string }) => {
      const s = settings(flags);
      const count = int('--count', flags.count, 1);
      const bin = resolve(repoRoot(), 'bin/forecourt.js');
      const children: (ChildProcess | undefined)[] = [];
      let stopping = false;
      const startOne = (i: number): void => {
        const args = [bin, 'worker', '--index', String(i), '--count', String(count), '--prefix', flags.prefix, '--partitions', flags.partitions, '--batch', flags.batch,
          '--metrics-interval', flags.metricsInterval, '--nats-url', s.natsUrl, '--database-url', s.config.databaseUrl!, ...(s.config.databaseSchema ? ['--database-schema', s.config.databaseSchema] : [])];
        const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
        children[i] = child;
        child.on('exit', (code, signal) => {
          if (stopping) return;
          io.err(`worker ${i} exited (${signal ?? code}); restarting`);
          setTimeout(() => startOne(i), 1000);
        });
      };
      for (let i = 0; i < count; i++) startOne(i);
      io.out(`started ${count} workers over ${s.topology.partitions} partitions (${s.topology.prefix})`);
      await untilSignal();
      stopping = true;
      await Promise.all(children.map((c) => c && c.exitCode === null ? new Promise((ok) => { c.once('exit', ok); c.kill('SIGTERM'); }) : undefined));
    });

  withScaleFlags(program.command('bridge'))
    .description('Forward vehicles\' MQTT topics into the partitioned JetStream subjects')
    .addOption(new Option('--mqtt-url <url>', 'MQTT broker (env MQTT_URL)'))
    .action(async (flags: ScaleFlags) => {
      const s = settings(flags);
      if (!s.config.mqttUrl) throw new ForecourtError('CONFIG_INVALID', 'the bridge needs --mqtt-url (or MQTT_URL)');
      const nats = await connectNats(s.natsUrl, 'forecourt-bridge');
      await ensureStreams(nats, s.topology);
      const bridge = await startMqttBridge({ mqttUrl: s.config.mqttUrl, nats, topology: s.topology });
      io.out(`bridging ${s.config.mqttUrl} → JetStream ${s.topology.prefix} (${s.topology.partitions} partitions)`);
      await untilSignal();
      await bridge.stop();
      await nats.nc.close();
    });
}
