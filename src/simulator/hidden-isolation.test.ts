import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { repoRoot } from '../kernel';
import { readTsSources } from './source-scan-io';
import * as publicApi from './index';

const root = repoRoot();
const importsOf = (text: string): string[] =>
  [...text.matchAll(/(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((m) => m[1] ?? m[2] ?? m[3] ?? '');

describe('hidden ground truth stays inside the simulator', () => {
  it('no file under src/ outside src/simulator imports simulator/hidden', () => {
    const offenders = readTsSources(resolve(root, 'src'), root)
      .filter((f) => !f.file.startsWith('src/simulator/'))
      .filter((f) => importsOf(f.text).some((p) => p.includes('simulator/hidden')))
      .map((f) => f.file);
    expect(offenders).toEqual([]);
  });

  it('the scanner does catch such an import (the test can fail)', () => {
    expect(importsOf("import { drawOwnerTraits } from '../simulator/hidden/owner-traits';")).toContain('../simulator/hidden/owner-traits');
    expect(importsOf("const m = await import('../simulator/hidden');")).toContain('../simulator/hidden');
  });

  it('index.ts does not re-export the hidden folder or trait functions', () => {
    const index = readTsSources(resolve(root, 'src/simulator'), root).find((f) => f.file === 'src/simulator/index.ts');
    expect(importsOf(index?.text ?? '').filter((p) => p.includes('hidden'))).toEqual([]);
    const names = Object.keys(publicApi);
    for (const hidden of ['drawOwnerTraits', 'ownerTraitsFor', 'profileUse', 'drivingProfiles', 'trueResponse', 'createTruth']) expect(names).not.toContain(hidden);
  });

  it('the platform strategy imports nothing hidden and reads no trait field', () => {
    const files = readTsSources(resolve(root, 'src/simulator/strategies'), root).filter((f) => f.file.includes('platform') && !f.file.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      expect(importsOf(f.text).filter((p) => p.includes('hidden') || p.includes('fleet') || p.includes('scorecard-world')), f.file).toEqual([]);
      for (const field of ['priceSensitivity', 'featureAffinity', 'techComfort', 'loyalty', 'impulsiveness', 'annualKm', 'nightShare', 'serviceNeedRate', 'truth', 'traits']) {
        expect(f.text.includes(field), `${f.file} mentions ${field}`).toBe(false);
      }
    }
  });
});
