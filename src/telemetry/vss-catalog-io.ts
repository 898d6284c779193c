import { readFileSync } from 'node:fs';
import { sharedDir } from '../kernel';
import { buildSignalTable, type SignalTable } from './vss-catalog';

let cached: SignalTable | undefined;

/** Reads `vss_6.0_expanded.json` from the shared data folder (cached per process). */
export function loadVssCatalog(path = sharedDir('data', 'vss', 'vss_6.0_expanded.json')): SignalTable {
  if (path === sharedDir('data', 'vss', 'vss_6.0_expanded.json') && cached) return cached;
  const table = buildSignalTable(JSON.parse(readFileSync(path, 'utf8')) as unknown);
  if (path === sharedDir('data', 'vss', 'vss_6.0_expanded.json')) cached = table;
  return table;
}
