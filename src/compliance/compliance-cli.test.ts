import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCheckStream } from './compliance-cli';

async function run(lines: string[]): Promise<{ summary: Awaited<ReturnType<typeof runCheckStream>>; out: Record<string, unknown>[] }> {
  const input = Readable.from([lines.join('\n')]);
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c: Buffer) => chunks.push(c.toString()));
  const summary = await runCheckStream(input, output);
  output.end();
  const out = chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { summary, out };
}

const good = { id: 'A', market: 'US', channel: 'push', vehicle: { model: 'Halden Vireo', adasLevel: 2, certifiedFeatures: [] }, consent: {}, text: 'Vireo can now drive itself.' };
const clean = { ...good, id: 'B', text: 'Book your Vireo test drive.' };

describe('runCheckStream', () => {
  it('writes one verdict per good line and an INVALID_INPUT line per bad line without crashing', async () => {
    const { summary, out } = await run([JSON.stringify(good), '{not json', '', JSON.stringify({ ...good, market: 'XX' }), JSON.stringify(clean)]);
    expect(summary).toEqual({ checked: 2, compliant: 1, blocked: 1, invalid: 2 });
    expect(out).toHaveLength(4);
    expect(out[0]).toMatchObject({ line: 1, id: 'A', compliant: false });
    expect((out[0]!.violations as { ruleId: string }[]).map((v) => v.ruleId)).toEqual(['ADAS-001']);
    expect(out[1]).toMatchObject({ line: 2, error: { code: 'INVALID_INPUT' } });
    expect(out[2]).toMatchObject({ line: 4, error: { code: 'INVALID_INPUT' } });
    expect(String((out[2]!.error as { message: string }).message)).toMatch(/market/);
    expect(out[3]).toMatchObject({ line: 5, id: 'B', compliant: true, violations: [] });
  });

  it('handles an empty stream', async () => {
    const { summary, out } = await run([]);
    expect(summary).toEqual({ checked: 0, compliant: 0, blocked: 0, invalid: 0 });
    expect(out).toEqual([]);
  });
});
