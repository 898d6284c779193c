import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/kernel';

const eslint = new ESLint({ cwd: repoRoot() });

async function messagesFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(repoRoot(), file) });
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith('forecourt/')).map((m) => m.message);
}

describe('architecture rules (ARCHITECTURE.md) are enforced by lint', () => {
  it('forbids reaching inside another capability instead of using its index.ts', async () => {
    expect(await messagesFor('src/offers/x.ts', "import { a } from '../compliance/normalise';\nexport const b = a;")).toEqual([
      expect.stringContaining("reaches inside src/compliance/"),
    ]);
    expect(await messagesFor('src/offers/x.ts', "import { a } from '../compliance';\nexport const b = a;")).toEqual([]);
    expect(await messagesFor('src/offers/conditions/x.ts', "import { a } from '../eligibility';\nexport const b = a;")).toEqual([]);
  });

  it('keeps I/O out of the pure decision core', async () => {
    expect(await messagesFor('src/optimizer/solve.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;")).toEqual([
      expect.stringContaining('part of the pure decision core'),
    ]);
    expect(await messagesFor('src/optimizer/solve-worker.ts', "import { Worker } from 'node:worker_threads';\nexport const W = Worker;")).toEqual([]);
    expect(await messagesFor('src/store/x.ts', "import pg from 'pg';\nexport const p = pg;")).toEqual([]);
  });

  it('keeps the simulator’s hidden ground truth away from the platform', async () => {
    const msgs = await messagesFor('src/models/x.ts', "import { traits } from '../simulator/hidden/traits';\nexport const t = traits;");
    expect(msgs.some((m) => m.includes('hidden ground truth'))).toBe(true);
  });

  it('keeps the embedded verifier independent of the server code', async () => {
    expect(await messagesFor('packages/verifier/src/x.ts', "import { a } from '../../../src/kernel';\nexport const b = a;")).toEqual([
      expect.stringContaining('must not depend on the server code'),
    ]);
  });
});
