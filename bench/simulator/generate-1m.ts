// Batch generation of a 1M-vehicle market into NDJSON with peak memory reported.
// Run: npx tsx bench/simulator/generate-1m.ts [vehicles] [outDir]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../src/kernel';
import { runSimulate } from '../../src/simulator';

const vehicles = Number(process.argv[2] ?? 1_000_000);
const keep = process.argv[3] !== undefined;
const out = process.argv[3] ?? mkdtempSync(join(tmpdir(), 'fc-sim-1m-'));
let peakRss = 0, peakHeap = 0, lastPct = -1;
const started = process.hrtime.bigint();
const summary = await runSimulate({
  scenarioPath: join(repoRoot(), 'scenarios', 'us-ca.json'), vehicles, seed: 1, out, telemetryDays: 1, telemetryVehicles: 5,
  onProgress: (p) => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    const pct = Math.floor((100 * p.done) / Math.max(1, p.total));
    if (p.phase === 'fleet' && pct % 10 === 0 && pct !== lastPct) {
      lastPct = pct;
      process.stderr.write(`fleet ${pct} % rss ${(m.rss / 2 ** 20).toFixed(0)} MB heap ${(m.heapUsed / 2 ** 20).toFixed(0)} MB\n`);
    }
  },
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ vehicles, seconds: Math.round(seconds), peakRssMB: Math.round(peakRss / 2 ** 20), peakHeapMB: Math.round(peakHeap / 2 ** 20), files: summary.files }, null, 2));
if (!keep) rmSync(out, { recursive: true, force: true });
