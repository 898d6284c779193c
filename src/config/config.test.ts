import { describe, expect, it } from 'vitest';
import { isForecourtError } from '../kernel';
import { loadConfig } from './index';

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isForecourtError(err) && err.code === 'CONFIG_INVALID') return err.message;
    throw err;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('config', () => {
  it('has working defaults: embedded database under a local folder', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', dataDir: '.forecourt-data', logLevel: 'info', seedDemo: true });
    expect(c.databaseUrl).toBeUndefined();
  });

  it('reads the environment and lets flags win', () => {
    const c = loadConfig({ PORT: '9000', DATABASE_URL: 'postgres://u@db:5432/x', LOG_LEVEL: 'warn' }, { port: 9100 });
    expect(c.port).toBe(9100);
    expect(c.databaseUrl).toBe('postgres://u@db:5432/x');
    expect(c.logLevel).toBe('warn');
  });

  it('names the variable when DATABASE_URL is malformed', () => {
    expect(problemOf(() => loadConfig({ DATABASE_URL: 'mysql://x' }))).toMatch(/DATABASE_URL: must be a PostgreSQL URL/);
    expect(problemOf(() => loadConfig({ DATABASE_URL: 'not a url' }))).toMatch(/DATABASE_URL/);
  });

  it('names the flag when a flag is wrong', () => {
    expect(problemOf(() => loadConfig({}, { port: 'eighty' }))).toMatch(/--port/);
    expect(problemOf(() => loadConfig({}, { port: 70000 }))).toMatch(/--port/);
  });

  it('rejects unknown FORECOURT_ variables and unknown settings', () => {
    expect(problemOf(() => loadConfig({ FORECOURT_PROT: '1' }))).toMatch(/FORECOURT_PROT: unknown setting/);
    expect(problemOf(() => loadConfig({}, { colour: 'red' }))).toMatch(/unknown setting\(s\): colour/);
  });

  it('ignores unrelated environment variables', () => {
    expect(() => loadConfig({ HOME: '/root', PATH: '/bin', FORECOURT_SHARED_DIR: '/x' })).not.toThrow();
  });

  it('reports every problem at once', () => {
    const msg = problemOf(() => loadConfig({ MQTT_URL: 'http://x', NATS_URL: 'x', LOG_LEVEL: 'loud' }));
    expect(msg).toMatch(/MQTT_URL/);
    expect(msg).toMatch(/NATS_URL/);
    expect(msg).toMatch(/LOG_LEVEL/);
  });
});
