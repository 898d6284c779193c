import { statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { CliIo } from '../cli';
import { loadConfig } from '../config';
import { ForecourtError, systemClock } from '../kernel';
import { openStore } from '../store';
import { replayFile } from './file-replay-io';
import { rejectReasons } from './reject-reasons';
import { startTelemetry } from './telemetry-runtime-io';

/** `forecourt replay <file>`: a telemetry file into the configured database, with totals per reason. */
export function registerTelemetryCommands(program: Command, io: CliIo): void {
  program.command('replay <file>')
    .description('Replay a telemetry file (NDJSON, one point per line, or concatenated compact binary frames .fcb) into the configured database: '
      + 'features, quarantine and counters as if the points had arrived live; prints totals per reject reason')
    .addOption(new Option('--format <format>', 'ndjson or compact (default: .fcb is compact, anything else ndjson)').choices(['ndjson', 'compact']))
    .addOption(new Option('--database-url <url>', 'PostgreSQL server instead of embedded PGlite (env DATABASE_URL)'))
    .addOption(new Option('--database-schema <name>', 'schema on the PostgreSQL server (env FORECOURT_DATABASE_SCHEMA)'))
    .addOption(new Option('--data-dir <dir>', 'folder of the embedded database (env FORECOURT_DATA_DIR)'))
    .action(async (file: string, flags: { format?: 'ndjson' | 'compact'; databaseUrl?: string; databaseSchema?: string; dataDir?: string }) => {
      let size: number;
      try {
        size = statSync(file).size;
      } catch (err) {
        throw new ForecourtError('VALIDATION_FAILED', `cannot read ${file}: ${(err as Error).message}`);
      }
      // Loaded when the command runs: the CLI and app modules import every capability, this one included.
      const [{ createProgress }, { createCounters }] = await Promise.all([import('../cli'), import('../app')]);
      const config = loadConfig(process.env, { databaseUrl: flags.databaseUrl, databaseSchema: flags.databaseSchema, dataDir: flags.dataDir });
      const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: config.databaseSchema });
      try {
        const telemetry = await startTelemetry({ store, counters: createCounters(), clock: systemClock, flushIntervalMs: 60_000 });
        const progress = createProgress(`replaying ${file}`);
        const total = await replayFile(telemetry.ingestor, file, {
          ...(flags.format ? { format: flags.format } : {}),
          onProgress: (bytes) => progress.update(Math.min(bytes, size), size, 'bytes'),
        });
        progress.update(size, size, 'bytes');
        progress.stop();
        await telemetry.close();
        io.out(`offered ${total.offered}, accepted ${total.accepted}, rejected ${total.rejected}, vehicles ${total.vins.length}`);
        for (const r of rejectReasons) if (total.byReason[r] > 0) io.out(`  ${r.padEnd(24)} ${total.byReason[r]}`);
      } finally {
        await store.close();
      }
    });
}
