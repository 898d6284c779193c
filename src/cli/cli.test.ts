import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../kernel';

const bin = resolve(repoRoot(), 'bin/forecourt.js');

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('forecourt CLI', () => {
  let blocker: Server;
  let blockedPort = 0;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    blockedPort = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((ok) => blocker.close(() => ok())));

  it('has --help for every command', () => {
    const top = run(['--help']);
    expect(top.code).toBe(0);
    const commands = ['serve', 'migrate', 'seed', 'config'];
    for (const c of commands) expect(top.out).toContain(c);
    for (const c of commands) {
      const h = run([c, '--help']);
      expect(h.code).toBe(0);
      expect(h.out).toMatch(new RegExp(`Usage: forecourt ${c}`));
    }
  });

  it('refuses a port in use with a clear message and a non-zero exit, no stack trace', () => {
    const r = run(['serve', '--data-dir', 'memory', '--no-demo', '--port', String(blockedPort), '--log-level', 'silent']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`error [PORT_IN_USE]: port ${blockedPort} on 127.0.0.1 is already in use`);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('refuses a malformed DATABASE_URL with exit 2 and names the variable', () => {
    const r = run(['config'], { DATABASE_URL: 'http://db.example/x' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('DATABASE_URL: must be a PostgreSQL URL');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('refuses an unknown FORECOURT_ setting and an unknown flag', () => {
    const env = run(['config'], { FORECOURT_DATADIR: '/tmp/x' });
    expect(env.code).toBe(2);
    expect(env.err).toContain('FORECOURT_DATADIR: unknown setting');
    const flag = run(['serve', '--colour', 'red']);
    expect(flag.code).not.toBe(0);
    expect(flag.err).toContain("unknown option '--colour'");
  });

  it('reports an unreachable PostgreSQL server as STORE_UNAVAILABLE without the password', () => {
    const r = run(['migrate', '--database-url', 'postgres://u:secret@127.0.0.1:1/nodb']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error [STORE_UNAVAILABLE]');
    expect(r.err).not.toContain('secret');
  });

  it('prints the effective configuration with secrets redacted', () => {
    const r = run(['config', '--port', '9001'], { DATABASE_URL: 'postgres://app:hunter2@127.0.0.1:5432/test' });
    expect(r.code).toBe(0);
    const c = JSON.parse(r.out);
    expect(c.port).toBe(9001);
    expect(c.databaseUrl).toBe('postgres://app:***@127.0.0.1:5432/test');
  });
});
