import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedDir } from '../kernel';
import { checkMessage } from './check-message';
import { RegressionCase } from './compliance-input';

const records = readFileSync(sharedDir('compliance', 'examples.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => RegressionCase.parse(JSON.parse(l)));

describe('examples.jsonl replay (RULES.md §1.3)', () => {
  it('has the labelled records', () => {
    expect(records.length).toBeGreaterThanOrEqual(40);
  });

  it.each(records.map((r) => [r.id, r] as const))('%s gets exactly its expected violation set', (_id, record) => {
    const verdict = checkMessage(record);
    expect(verdict.violations.map((v) => v.ruleId)).toEqual([...record.expected.violations].sort());
    expect(verdict.compliant).toBe(record.expected.compliant);
    expect(verdict.id).toBe(record.id);
  });

  it('reports evidence that is a substring of the original text at its offsets', () => {
    for (const r of records) {
      for (const v of checkMessage(r).violations) {
        for (const e of v.evidence) {
          expect(r.text.slice(e.start, e.end)).toBe(e.text);
          expect(e.end).toBeGreaterThan(e.start);
        }
        const keys = v.evidence.map((e) => `${e.start}-${e.end}`);
        expect(new Set(keys).size).toBe(keys.length);
      }
    }
  });
});
