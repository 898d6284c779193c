import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { repoRoot } from '../kernel';

/** `bin/forecourt.js` of this checkout. */
export const forecourtBin = resolve(repoRoot(), 'bin/forecourt.js');

/** Runs the `forecourt` command as a real process with a minimal environment; resolves with its exit code and output. */
export function runForecourt(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [forecourtBin, ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('exit', (code) => done({ code, out, err }));
  });
}
