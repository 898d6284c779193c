import type { RejectReason } from './reject-reasons';
import { clip } from './quarantine';

/**
 * The simple wire format: one point per record,
 * `{ "vin", "path", "value", "ts", "seq"?, "unit"?, "schemaVersion"? }`,
 * with `ts` in epoch milliseconds or ISO 8601. A payload is one record, a JSON
 * array of records, an envelope `{ "schemaVersion": 1, "points": [...] }`, or
 * NDJSON (one record per line).
 */
export interface SimpleRecord {
  vin?: unknown;
  path?: unknown;
  value?: unknown;
  ts?: unknown;
  seq?: unknown;
  unit?: unknown;
  schemaVersion?: unknown;
}

export type SimpleItem =
  | { kind: 'record'; value: unknown }
  | { kind: 'bad'; reason: RejectReason; points: number; detail: string; raw: string };

export const simpleSchemaVersion = 1;

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function fromJson(value: unknown, raw: string): SimpleItem[] {
  if (Array.isArray(value)) return value.map((v) => ({ kind: 'record', value: v }));
  if (typeof value === 'object' && value !== null && 'points' in value) {
    const env = value as { schemaVersion?: unknown; points: unknown };
    if (!Array.isArray(env.points)) return [{ kind: 'bad', reason: 'malformed_payload', points: 1, detail: 'points must be an array', raw: clip(raw) }];
    if (env.schemaVersion !== simpleSchemaVersion)
      return [{ kind: 'bad', reason: 'schema_version', points: Math.max(1, env.points.length), detail: `schemaVersion ${String(env.schemaVersion)}`, raw: clip(raw) }];
    return env.points.map((v) => ({ kind: 'record', value: v }));
  }
  return [{ kind: 'record', value }];
}

/**
 * Walks a payload and calls `onItem` for every record or unreadable part.
 * Never throws. NDJSON is recognised when the first line is a complete JSON
 * value; otherwise the whole text is parsed as one JSON document (so a
 * pretty-printed array also works), and only if that fails, line by line.
 */
export function scanSimplePayload(text: string, onItem: (item: SimpleItem) => void): void {
  const trimmed = text.trim();
  if (trimmed === '') {
    onItem({ kind: 'bad', reason: 'malformed_payload', points: 1, detail: 'empty payload', raw: '' });
    return;
  }
  const nl = trimmed.indexOf('\n');
  const first = nl < 0 ? null : tryParse(trimmed.slice(0, nl));
  if (nl < 0 || first === null || !first.ok) {
    const whole = tryParse(trimmed);
    if (whole.ok) {
      for (const item of fromJson(whole.value, trimmed)) onItem(item);
      return;
    }
    if (nl < 0) {
      onItem({ kind: 'bad', reason: 'malformed_payload', points: 1, detail: 'not JSON', raw: clip(trimmed) });
      return;
    }
  }
  let from = 0;
  while (from <= trimmed.length) {
    let to = trimmed.indexOf('\n', from);
    if (to < 0) to = trimmed.length;
    const l = trimmed.slice(from, to).trim();
    from = to + 1;
    if (l === '') continue;
    const r = tryParse(l);
    if (!r.ok) onItem({ kind: 'bad', reason: 'malformed_payload', points: 1, detail: 'NDJSON line is not JSON', raw: clip(l) });
    else if (Array.isArray(r.value) || (typeof r.value === 'object' && r.value !== null && 'points' in r.value)) for (const item of fromJson(r.value, l)) onItem(item);
    else onItem({ kind: 'record', value: r.value });
  }
}

/** The items of a payload as a list (see `scanSimplePayload`). */
export function parseSimplePayload(text: string): SimpleItem[] {
  const out: SimpleItem[] = [];
  scanSimplePayload(text, (item) => out.push(item));
  return out;
}
