import { execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL server of a test's own: a throw-away cluster (initdb) in a temp
 * directory, listening on 127.0.0.1 on a free port, that the test may restart
 * or crash without touching the shared server on 5432 that other jobs use.
 */
export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** `pg_ctl restart -m fast`: sessions are terminated, a shutdown checkpoint is written, the server starts again. */
  restart(): Promise<void>;
  /** `pg_ctl stop -m immediate`: the postmaster and every backend quit at once, as in a crash; the next start runs WAL recovery. */
  crash(): Promise<void>;
  /** Starts a stopped (or crashed) server and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops the server (immediate) and deletes its directory; safe to call twice and after a failed start. */
  remove(): Promise<void>;
  /** The server's log so far (for a failing test's message). */
  log(): string;
}

/** Where the Debian/Ubuntu packages install PostgreSQL 15; `FORECOURT_PG_BIN` overrides. */
export const postgresBinDir = process.env.FORECOURT_PG_BIN ?? '/usr/lib/postgresql/15/bin';

const tools = ['initdb', 'pg_ctl', 'postgres'] as const;

/** Why a private server cannot be started here (the binaries are missing), or undefined when it can. */
export function privatePostgresUnavailable(binDir = postgresBinDir): string | undefined {
  const missing = tools.filter((t) => !existsSync(join(binDir, t)));
  return missing.length > 0 ? `PostgreSQL server binaries not found in ${binDir} (missing ${missing.join(', ')}); install postgresql-15 or set FORECOURT_PG_BIN` : undefined;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** uid and gid of the `postgres` OS user (initdb and postgres refuse to run as root). */
function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  const f = line?.split(':');
  if (!f || f.length < 4) throw new Error('running as root, but there is no `postgres` OS user to run the PostgreSQL server as');
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

export interface PrivatePostgresOptions {
  binDir?: string;
  /** Extra `postgresql.conf` lines. */
  settings?: Record<string, string | number>;
}

/** Creates and starts a private cluster. Call `remove()` in `afterAll`, also when the test failed. */
export async function startPrivatePostgres(opts: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
  const binDir = opts.binDir ?? postgresBinDir;
  const why = privatePostgresUnavailable(binDir);
  if (why) throw new Error(why);
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'fc-pg-'));
  if (asRoot) {
    const u = postgresUser();
    chownSync(dir, u.uid, u.gid);
  }
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const argv = (tool: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', join(binDir, tool), ...args]] : [join(binDir, tool), args]);
  const run = (tool: string, args: string[], timeoutMs = 90_000): Promise<void> =>
    new Promise((ok, fail) => {
      const [cmd, a] = argv(tool, args);
      execFile(cmd, a, { timeout: timeoutMs }, (err, _stdout, stderr) => (err ? fail(new Error(`${tool} ${args.join(' ')} failed: ${err.message}\n${stderr}`)) : ok()));
    });
  const readLog = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const ctl = (args: string[]) => run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', ...args]);
  let removed = false;
  const stopNow = (): void => {
    if (removed || !existsSync(join(dataDir, 'postmaster.pid'))) return;
    const [cmd, a] = argv('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop']);
    try {
      execFileSync(cmd, a, { stdio: 'ignore', timeout: 35_000 });
    } catch {
      // already stopped
    }
  };
  // Safety nets, so that a test process that ends without afterAll leaves no server behind: an 'exit'
  // handler (uncaught error, process.exit), and a detached watchdog for a process killed by a signal
  // (vitest ends a timed-out fork that way) that stops the server once this process is gone.
  const [stopCmd, stopArgs] = argv('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop']);
  const quoted = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;
  const watchdog = spawn('/bin/sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done; ${[stopCmd, ...stopArgs].map(quoted).join(' ')} >/dev/null 2>&1; rm -rf ${quoted(dir)}`], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  const onExit = (): void => {
    stopNow();
    rmSync(dir, { recursive: true, force: true });
    if (watchdog.exitCode === null) watchdog.kill();
  };
  process.once('exit', onExit);

  try {
    const port = await freePort();
    await run('initdb', ['-D', dataDir, '--auth=trust', '-U', 'postgres', '--no-sync', '--encoding=UTF8', '--locale=C']);
    const settings: Record<string, string | number> = {
      listen_addresses: "'127.0.0.1'",
      port,
      unix_socket_directories: `'${dir}'`,
      fsync: 'off',
      full_page_writes: 'off',
      shared_buffers: "'32MB'",
      max_connections: 60,
      ...opts.settings,
    };
    writeFileSync(join(dataDir, 'postgresql.auto.conf'), Object.entries(settings).map(([k, v]) => `${k} = ${v}`).join('\n') + '\n');
    await ctl(['start']);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      dataDir,
      restart: () => ctl(['-m', 'fast', 'restart']),
      crash: () => ctl(['-m', 'immediate', 'stop']),
      start: () => ctl(['start']),
      async remove() {
        if (removed) return;
        stopNow();
        removed = true;
        process.removeListener('exit', onExit);
        rmSync(dir, { recursive: true, force: true });
        if (watchdog.exitCode === null) watchdog.kill();
      },
      log: readLog,
    };
  } catch (err) {
    const log = readLog();
    onExit();
    process.removeListener('exit', onExit);
    throw new Error(`${(err as Error).message}${log ? `\n--- server log ---\n${log}` : ''}`);
  }
}
