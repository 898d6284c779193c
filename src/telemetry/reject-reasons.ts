/**
 * Stable codes for every reason a telemetry point or payload is rejected.
 * They are values (STYLE.md §6), counted per code and stored with each
 * quarantine entry; dashboards and the SQL quarantine key on them.
 */
export const rejectReasons = [
  'malformed_payload',
  'schema_version',
  'unsupported_media_type',
  'point_shape',
  'vin_invalid',
  'topic_vin_mismatch',
  'unknown_path',
  'datatype',
  'unit_mismatch',
  'out_of_range',
  'not_allowed',
  'ts_invalid',
  'ts_future',
  'ts_stale',
  'out_of_order',
  'duplicate',
] as const;
export type RejectReason = (typeof rejectReasons)[number];

export type ReasonCounts = Record<RejectReason, number>;

export function emptyReasonCounts(): ReasonCounts {
  const out = {} as ReasonCounts;
  for (const r of rejectReasons) out[r] = 0;
  return out;
}
