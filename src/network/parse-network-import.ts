import { parse } from 'csv-parse/sync';
import { ForecourtError, type ErrorCode } from '../kernel';
import { isStorableText, type Dealer, type StockLine, type TenantNode } from '../domain';
import type { Booking, CapacityException } from './capacity-calendar';
import { validateHierarchy } from './hierarchy';
import { NetworkRecord, csvColumns, csvRowToRecord } from './network-records';

export type ImportFormat = 'csv' | 'json';

export interface NetworkData {
  nodes: TenantNode[];
  dealers: Dealer[];
  stock: StockLine[];
  exceptions: CapacityException[];
  bookings: Booking[];
}

export interface ImportProblem {
  /** 1-based line in the file where the row (or JSON element) starts or, for CSV, ends. */
  line: number;
  field: string | null;
  reason: string;
}

export type NetworkImportResult =
  | { ok: true; data: NetworkData; rows: number }
  | { ok: false; problems: ImportProblem[] };

export interface ImportOptions {
  /** Nodes already stored: new nodes may hang under them and stock may refer to their dealers. */
  existingNodes?: readonly TenantNode[];
  /** Node ids taken by nodes the importer cannot see: reported as duplicates, like visible ones. */
  reservedIds?: readonly string[];
  /** Dealer codes already stored. */
  existingCodes?: readonly string[];
  /** Booking ids already stored. */
  existingBookingIds?: readonly string[];
}

interface RawRow {
  line: number;
  value: unknown;
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

interface Rows {
  rows: RawRow[];
  problems: ImportProblem[];
}

function csvRows(text: string): Rows {
  try {
    const parsed = parse(text, { columns: true, info: true, skip_empty_lines: true, relax_column_count: true, bom: true }) as
      { record: Record<string, string>; info: { lines: number; error?: { message: string } } }[];
    const problems: ImportProblem[] = [];
    const rows: RawRow[] = [];
    for (const { record, info } of parsed) {
      if (info.error) problems.push({ line: info.lines, field: null, reason: `wrong number of columns (header has ${Object.keys(record).length})` });
      else rows.push({ line: info.lines, value: csvRowToRecord(record) });
    }
    if (parsed.length > 0 && parsed[0] !== undefined) {
      const unknown = Object.keys(parsed[0].record).filter((c) => !(csvColumns as readonly string[]).includes(c));
      if (unknown.length > 0) problems.push({ line: 1, field: null, reason: `unknown columns: ${unknown.join(', ')}` });
    }
    return { rows, problems };
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    return { rows: [], problems: [{ line: e.lines ?? 1, field: null, reason: `not valid CSV: ${e.message ?? String(error)}` }] };
  }
}

/** Lines on which each element of the top-level JSON array starts. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let inString = false;
  let line = 1;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectElement && ch !== undefined && !/\s/.test(ch) && ch !== ']') {
      lines.push(line);
      expectElement = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expectElement = true;
  }
  return lines;
}

function jsonRows(text: string): Rows {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message)?.[1];
    return { rows: [], problems: [{ line: position === undefined ? 1 : lineAt(text, Number(position)), field: null, reason: `not valid JSON: ${message}` }] };
  }
  if (!Array.isArray(value)) return { rows: [], problems: [{ line: 1, field: null, reason: 'a JSON network file is an array of records' }] };
  const lines = elementLines(text);
  return { rows: value.map((v: unknown, i) => ({ line: lines[i] ?? 1, value: v })), problems: [] };
}

function crossCheck(records: { line: number; record: NetworkRecord }[], options: ImportOptions): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const existing = options.existingNodes ?? [];
  const nodeLine = new Map<string, number>();
  const dealerCodes = new Map<string, number>();
  const lineKeys = new Set<string>();
  const fileNodes: TenantNode[] = [];
  const reserved = new Set(options.reservedIds ?? []);
  const storedCodes = new Set(options.existingCodes ?? []);
  for (const { line, record } of records) {
    if (record.record !== 'node' && record.record !== 'dealer') continue;
    if (nodeLine.has(record.id) || reserved.has(record.id) || existing.some((n) => n.id === record.id)) {
      problems.push({ line, field: 'id', reason: `duplicate node id ${record.id}` });
      continue;
    }
    nodeLine.set(record.id, line);
    if (record.record === 'dealer') {
      const seen = dealerCodes.get(record.code);
      if (seen !== undefined) problems.push({ line, field: 'code', reason: `dealer code ${record.code} already used on line ${seen}` });
      else if (storedCodes.has(record.code)) problems.push({ line, field: 'code', reason: `dealer code ${record.code} is already used by a stored dealer` });
      else dealerCodes.set(record.code, line);
    }
    fileNodes.push({ id: record.id, kind: record.record === 'dealer' ? 'dealer' : record.kind, parentId: record.parentId, name: record.name, market: record.market });
  }
  for (const p of validateHierarchy([...existing, ...fileNodes]).problems) {
    const line = nodeLine.get(p.nodeId);
    if (line !== undefined && p.code !== 'duplicate_id') problems.push({ line, field: 'parentId', reason: p.detail });
  }
  const dealerIds = new Set([...existing.filter((n) => n.kind === 'dealer').map((n) => n.id), ...fileNodes.filter((n) => n.kind === 'dealer').map((n) => n.id)]);
  for (const { line, record } of records) {
    if (record.record === 'node' || record.record === 'dealer') continue;
    if (!dealerIds.has(record.dealerId)) problems.push({ line, field: 'dealerId', reason: `no dealer ${record.dealerId}` });
    const key = record.record === 'stock' ? `stock|${record.dealerId}|${record.sku}`
      : record.record === 'capacity' ? `capacity|${record.dealerId}|${record.day}` : `booking|${record.id}`;
    if (lineKeys.has(key)) {
      const what = record.record === 'stock' ? `stock of ${record.sku} at ${record.dealerId}`
        : record.record === 'capacity' ? `capacity of ${record.dealerId} on ${record.day}` : `booking ${record.id}`;
      problems.push({ line, field: record.record === 'booking' ? 'id' : record.record === 'stock' ? 'sku' : 'day', reason: `${what} listed twice` });
    }
    if (record.record === 'booking' && (options.existingBookingIds ?? []).includes(record.id)) {
      problems.push({ line, field: 'id', reason: `booking ${record.id} is already stored` });
    }
    lineKeys.add(key);
  }
  return problems;
}

/** NUL and unpaired UTF-16 surrogates anywhere in a row (PostgreSQL refuses them). Found by tests/fuzz/network-import.test.ts. */
function unstorable(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return !isStorableText(v);
  if (v === null || typeof v !== 'object' || depth > 8) return false;
  return Object.entries(v).some(([k, x]) => unstorable(k) || unstorable(x, depth + 1));
}

/** Parses a whole network file. Either every row is valid and all are returned, or every bad row is reported and nothing is returned. */
export function parseNetworkImport(text: string, format: ImportFormat, options: ImportOptions = {}): NetworkImportResult {
  const { rows, problems } = format === 'csv' ? csvRows(text) : jsonRows(text);
  const records: { line: number; record: NetworkRecord }[] = [];
  for (const row of rows) {
    if (unstorable(row.value)) {
      problems.push({ line: row.line, field: null, reason: 'contains a NUL character or an unpaired surrogate, which cannot be stored' });
      continue;
    }
    const parsed = NetworkRecord.safeParse(row.value);
    if (parsed.success) records.push({ line: row.line, record: parsed.data });
    else for (const issue of parsed.error.issues) {
      problems.push({ line: row.line, field: issue.path.length > 0 ? issue.path.join('.') : null, reason: issue.message });
    }
  }
  problems.push(...crossCheck(records, options));
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  const data: NetworkData = { nodes: [], dealers: [], stock: [], exceptions: [], bookings: [] };
  for (const { record } of records) {
    if (record.record === 'node') {
      data.nodes.push({ id: record.id, kind: record.kind, parentId: record.parentId, name: record.name, market: record.market });
    } else if (record.record === 'dealer') {
      data.nodes.push({ id: record.id, kind: 'dealer', parentId: record.parentId, name: record.name, market: record.market });
      data.dealers.push({
        id: record.id, code: record.code, name: record.name, lat: record.lat, lon: record.lon, territory: record.territory,
        serviceBaysPerDay: record.serviceBaysPerDay, technicians: record.technicians, competitionIndex: record.competitionIndex,
      });
    } else if (record.record === 'stock') {
      data.stock.push({ dealerId: record.dealerId, sku: record.sku, kind: record.kind, quantity: record.quantity });
    } else if (record.record === 'capacity') {
      data.exceptions.push({
        dealerId: record.dealerId, day: record.day, closed: record.closed,
        ...(record.serviceBays === undefined ? {} : { serviceBays: record.serviceBays }),
        ...(record.hours === undefined ? {} : { hours: record.hours }),
      });
    } else {
      data.bookings.push({ id: record.id, dealerId: record.dealerId, day: record.day, competency: record.competency, hours: record.hours, bays: record.bays });
    }
  }
  return { ok: true, data, rows: records.length };
}

const rejected: ErrorCode = 'IMPORT_REJECTED';

/** Like parseNetworkImport, but throws IMPORT_REJECTED (details: the problems) when any row is bad. */
export function requireNetworkImport(text: string, format: ImportFormat, options: ImportOptions = {}): NetworkData {
  const result = parseNetworkImport(text, format, options);
  if (!result.ok) throw new ForecourtError(rejected, `${result.problems.length} problem(s) in the network file; nothing was imported`, { problems: result.problems });
  return result.data;
}
