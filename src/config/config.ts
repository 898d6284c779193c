import { z } from 'zod';
import { ForecourtError } from '../kernel';

const urlWith = (protocols: string[], what: string) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a ${what} URL (${protocols.map((p) => `${p}//`).join(' or ')}…)`);

/** Every setting Forecourt reads, in one schema. Unknown keys are errors. */
export const Config = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** A PostgreSQL server instead of the embedded PGlite. */
  databaseUrl: urlWith(['postgres:', 'postgresql:'], 'PostgreSQL').optional(),
  /** Postgres schema to use on the server (default: public). */
  databaseSchema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case SQL identifier').optional(),
  mqttUrl: urlWith(['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:'], 'MQTT').optional(),
  natsUrl: urlWith(['nats:', 'tls:'], 'NATS').optional(),
  /** Where the embedded database and keys live; `memory` keeps nothing on disk. */
  dataDir: z.string().min(1).default('.forecourt-data'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed a demo market into an empty database on start. */
  seedDemo: z.boolean().default(true),
  demoVehicles: z.coerce.number().int().min(0).max(1_000_000).default(2000),
  seed: z.coerce.number().int().min(0).default(42),
  /** Requests per minute per caller on every route; 0 turns the limit off (load tests only). */
  rateLimitPerMinute: z.coerce.number().int().min(0).max(10_000_000).default(1200),
  /** Shared secrets (comma-separated, ≥ 16 characters each) for HMAC-signed release webhooks. */
  releaseWebhookHmacSecrets: z.string().optional(),
  /** PEM public key for Ed25519-signed release webhooks. */
  releaseWebhookEd25519PublicKey: z.string().optional(),
  /** Folder of the in-vehicle (HMI) TUF repository vehicles fetch; with `hmiKeyDir`, release revocations remove cards from it. */
  hmiRepositoryDir: z.string().min(1).optional(),
  /** Key directory (mode 0700) of the HMI repository's signing keys and placement pseudonym key. */
  hmiKeyDir: z.string().min(1).optional(),
});
export type Config = z.infer<typeof Config>;
export type ConfigInput = z.input<typeof Config>;

/** Environment variables and the setting each one sets. */
export const envKeys: Record<string, keyof Config> = {
  HOST: 'host',
  PORT: 'port',
  DATABASE_URL: 'databaseUrl',
  FORECOURT_DATABASE_SCHEMA: 'databaseSchema',
  MQTT_URL: 'mqttUrl',
  NATS_URL: 'natsUrl',
  FORECOURT_DATA_DIR: 'dataDir',
  LOG_LEVEL: 'logLevel',
  FORECOURT_SEED_DEMO: 'seedDemo',
  FORECOURT_DEMO_VEHICLES: 'demoVehicles',
  FORECOURT_SEED: 'seed',
  FORECOURT_RATE_LIMIT: 'rateLimitPerMinute',
  RELEASE_WEBHOOK_HMAC_SECRETS: 'releaseWebhookHmacSecrets',
  RELEASE_WEBHOOK_ED25519_PUBLIC_KEY: 'releaseWebhookEd25519PublicKey',
  FORECOURT_HMI_REPOSITORY_DIR: 'hmiRepositoryDir',
  FORECOURT_HMI_KEY_DIR: 'hmiKeyDir',
};
const settingToEnv = Object.fromEntries(Object.entries(envKeys).map(([env, key]) => [key, env]));

function fromEnv(env: Record<string, string | undefined>): { values: Record<string, unknown>; unknown: string[] } {
  const values: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined) continue;
    const key = envKeys[name];
    if (key) {
      values[key] = key === 'seedDemo' ? parseBool(raw) : raw;
    } else if (name.startsWith('FORECOURT_') && name !== 'FORECOURT_SHARED_DIR') {
      unknown.push(name);
    }
  }
  return { values, unknown };
}

function parseBool(raw: string): unknown {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  return raw; // the schema reports it
}

/**
 * Builds the configuration from defaults < environment < command-line flags.
 * Throws CONFIG_INVALID with one line per problem, naming the variable or flag.
 */
export function loadConfig(env: Record<string, string | undefined>, flags: Record<string, unknown> = {}): Config {
  const e = fromEnv(env);
  const problems: string[] = e.unknown.map((n) => `${n}: unknown setting (known: ${Object.keys(envKeys).join(', ')})`);
  const merged = { ...e.values, ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) };
  const parsed = Config.safeParse(merged);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      const source = key in flags && flags[key] !== undefined ? `--${kebab(key)}` : (settingToEnv[key] ?? key);
      problems.push(issue.code === 'unrecognized_keys' ? `unknown setting(s): ${issue.keys.join(', ')}` : `${source}: ${issue.message}`);
    }
  }
  if (problems.length > 0) throw new ForecourtError('CONFIG_INVALID', `invalid configuration:\n  ${problems.join('\n  ')}`, { problems });
  return parsed.data!;
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
