import { Command, Option } from 'commander';
import { assertPortFree, compose, listen, seedDemoMarket, version } from '../app';
import { loadConfig, type Config } from '../config';
import { ForecourtError } from '../kernel';
import { loadMigrations, openStore, pendingMigrations, redactUrl } from '../store';
import { capabilityCommands } from './capability-commands';
import type { CliIo } from './io';
import { createProgress } from './progress-io';

/** Flags shared by every command that touches the platform's configuration. */
function withConfigFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option('--port <port>', 'HTTP port (env PORT)'))
    .addOption(new Option('--host <host>', 'address to listen on (env HOST)'))
    .addOption(new Option('--database-url <url>', 'PostgreSQL server instead of embedded PGlite (env DATABASE_URL)'))
    .addOption(new Option('--database-schema <name>', 'schema on the PostgreSQL server (env FORECOURT_DATABASE_SCHEMA)'))
    .addOption(new Option('--mqtt-url <url>', 'MQTT broker for vehicle telemetry (env MQTT_URL)'))
    .addOption(new Option('--nats-url <url>', 'NATS JetStream for scale-out (env NATS_URL)'))
    .addOption(new Option('--data-dir <dir>', 'folder for the embedded database and keys; "memory" keeps nothing (env FORECOURT_DATA_DIR)'))
    .addOption(new Option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (env LOG_LEVEL)'));
}

type ConfigFlags = Partial<Record<'port' | 'host' | 'databaseUrl' | 'databaseSchema' | 'mqttUrl' | 'natsUrl' | 'dataDir' | 'logLevel', string>>;

function configFrom(flags: ConfigFlags, extra: Record<string, unknown> = {}): Config {
  const { port, host, databaseUrl, databaseSchema, mqttUrl, natsUrl, dataDir, logLevel } = flags;
  return loadConfig(process.env, { port, host, databaseUrl, databaseSchema, mqttUrl, natsUrl, dataDir, logLevel, ...extra });
}

export type { CliIo } from './io';

export function buildProgram(io: CliIo = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) }): Command {
  const program = new Command('forecourt')
    .description('Forecourt: plan, personalise, check, deliver and measure automotive promotions.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  withConfigFlags(program.command('serve'))
    .description('Run the platform: database (embedded PGlite unless --database-url), HTTP API, OpenAPI docs and dashboard')
    .option('--no-demo', 'do not seed a demo market into an empty database')
    .option('--demo-vehicles <n>', 'vehicles in the seeded demo market', '2000')
    .option('--seed <n>', 'random seed of the demo market', '42')
    .action(async (flags: ConfigFlags & { seed: string; demo: boolean; demoVehicles: string }) => {
      const config = configFrom(flags, { seedDemo: flags.demo, demoVehicles: flags.demoVehicles, seed: flags.seed });
      await assertPortFree(config.host, config.port);
      const progress = createProgress('seeding demo market');
      const platform = await compose(config, { onSeedProgress: (p) => progress.update(p.done, p.total, p.phase) });
      progress.stop();
      const address = await listen(platform);
      const url = address.replace('127.0.0.1', 'localhost');
      io.out(`Forecourt is running on ${platform.store.kind === 'pglite' ? `embedded PGlite (${config.dataDir})` : `PostgreSQL ${redactUrl(config.databaseUrl!)}`}`);
      io.out(`  dashboard  ${url}/`);
      io.out(`  API docs   ${url}/docs`);
      if (platform.demoUsers.length > 0) {
        const admin = platform.demoUsers.find((u) => u.role === 'oem_admin');
        io.out(`  demo users ${platform.demoUsersFile ?? '(in memory)'}: one per role${admin && !platform.demoUsersFile ? `; admin ${admin.email} / ${admin.password}` : ''}`);
      } else if (config.seedDemo && config.dataDir !== 'memory') {
        io.out(`  demo users see ${config.dataDir}/demo-users.json`);
      }
      const stop = async () => {
        await platform.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });

  withConfigFlags(program.command('migrate'))
    .description('Apply pending database migrations (the same migrations on PGlite and PostgreSQL)')
    .option('--status', 'only list pending migrations')
    .action(async (flags: ConfigFlags & { status?: boolean }) => {
      const config = configFrom(flags);
      if (flags.status) {
        const { openPgliteDb, openPostgresDb } = await import('../store');
        const db = config.databaseUrl ? await openPostgresDb({ url: config.databaseUrl, ...(config.databaseSchema ? { schema: config.databaseSchema } : {}) }) : await openPgliteDb(config.dataDir === 'memory' ? undefined : `${config.dataDir}/pglite`);
        const pending = await pendingMigrations(db);
        await db.close();
        io.out(pending.length === 0 ? `up to date (${loadMigrations().length} migrations)` : `pending: ${pending.join(', ')}`);
        return;
      }
      const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: config.databaseSchema });
      await store.close();
      io.out(`up to date (${loadMigrations().length} migrations)`);
    });

  withConfigFlags(program.command('seed'))
    .description('Load a simulated market (network, fleet, owners, consents, starter offers) into the database')
    .option('--scenario <name>', 'shipped scenario: demo, us-ca, de-fr, uk', 'demo')
    .option('--vehicles <n>', 'number of vehicles', '2000')
    .option('--seed <n>', 'random seed', '42')
    .action(async (flags: ConfigFlags & { scenario: string; vehicles: string; seed: string }) => {
      const config = configFrom(flags);
      const vehicles = Number(flags.vehicles);
      const seed = Number(flags.seed);
      if (!Number.isInteger(vehicles) || vehicles < 0) throw new ForecourtError('CONFIG_INVALID', '--vehicles must be a non-negative integer');
      if (!Number.isInteger(seed) || seed < 0) throw new ForecourtError('CONFIG_INVALID', '--seed must be a non-negative integer');
      const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: config.databaseSchema });
      const progress = createProgress('seeding');
      try {
        const r = await seedDemoMarket(store, { scenario: flags.scenario, vehicles, seed, onProgress: (p) => progress.update(p.done, p.total, p.phase) });
        progress.stop();
        io.out(`seeded ${r.dealers} dealers and ${r.vehicles} vehicles from scenario ${flags.scenario} (seed ${seed})`);
      } finally {
        await store.close();
      }
    });

  withConfigFlags(program.command('config'))
    .description('Print the effective configuration (secrets redacted) and exit')
    .action((flags: ConfigFlags) => {
      const config = configFrom(flags);
      io.out(JSON.stringify({ ...config, ...(config.databaseUrl ? { databaseUrl: redactUrl(config.databaseUrl) } : {}) }, null, 2));
    });

  for (const register of capabilityCommands) register(program, io);
  return program;
}
