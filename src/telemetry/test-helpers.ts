import { fixedClock, makeVin } from '../kernel';
import { createIngestor, type Ingestor } from './ingestor';
import { createMemoryQuarantine, type MemoryQuarantine } from './quarantine';
import { loadVssCatalog } from './vss-catalog-io';

export const testNow = Date.parse('2026-11-20T12:00:00Z');
export const vinA = makeVin('1HG', 'CM826', 'R', 'A', 1);
export const vinB = makeVin('1HG', 'CM826', 'R', 'A', 2);

/** A fresh ingestor over the real VSS 6.0 catalog with an in-memory quarantine and a fixed clock. */
export function testIngestor(now = testNow): { ingestor: Ingestor; quarantine: MemoryQuarantine } {
  const quarantine = createMemoryQuarantine();
  return { ingestor: createIngestor({ table: loadVssCatalog(), sink: quarantine, clock: fixedClock(new Date(now)) }), quarantine };
}
