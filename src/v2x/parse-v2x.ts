import { BsmData, MapData, OdeMetadata, ProcessedMap, ProcessedSpat, SpatData, TimData, TravelerDataFrame } from './ode-schemas';

export interface Bsm {
  kind: 'bsm';
  tempId: string;
  /** ms within the minute, null when absent or still a template placeholder */
  secMark: number | null;
  lat: number;
  lon: number;
  speedMs: number | null;
  headingDeg: number | null;
  receivedAt: string | null;
}
export interface Movement {
  signalGroup: number;
  eventState: string;
}
export interface Spat {
  kind: 'spat';
  intersections: { intersectionId: number; movements: Movement[] }[];
}
export interface Lane {
  laneId: number;
  ingress: boolean;
  approach: number | null;
  /** [lat, lon] per node; for an ingress lane the first node is at the stop line. */
  points: [number, number][];
  signalGroups: number[];
}
export interface IntersectionMap {
  intersectionId: number;
  refLat: number;
  refLon: number;
  lanes: Lane[];
}
export interface MapMessage {
  kind: 'map';
  intersections: IntersectionMap[];
}
export interface Tim {
  kind: 'tim';
  frames: { startYear: number | null; startTime: number | null; durationTime: number | null; anchor: { lat: number; lon: number } | null; itis: number[] }[];
}
export type V2xMessage = Bsm | Spat | MapMessage | Tim | { kind: 'driver_alert'; alert: string } | { kind: 'other'; messageType: string };

export const v2xRejectReasons = ['not_an_object', 'unknown_shape', 'schema_mismatch', 'undecoded_asn1', 'unsupported_schema_version'] as const;
export type V2xRejectReason = (typeof v2xRejectReasons)[number];

export type V2xParse = { ok: true; message: V2xMessage; schemaVersion: number | null } | { ok: false; reason: V2xRejectReason; detail: string };

const supportedSchemaVersions = new Set([6, 7, 8]);
const maxWrapperDepth = 4;
const cmPerDegLat = 11_132_000;

function issues(e: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return e.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');
}

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return null;
}

function collectItis(v: unknown, out: number[], depth = 0): void {
  if (depth > 12 || v === null || typeof v !== 'object') return;
  for (const [k, x] of Object.entries(v)) {
    if (k === 'itis' && typeof x === 'number') out.push(x);
    else collectItis(x, out, depth + 1);
  }
}

function parseMapData(data: unknown): V2xParse {
  const m = MapData.safeParse(data);
  if (!m.success) return { ok: false, reason: 'schema_mismatch', detail: `MAP ${issues(m.error)}` };
  const intersections = m.data.intersections.intersectionGeometry.map((g) => {
    const refLat = g.refPoint.latitude;
    const refLon = g.refPoint.longitude;
    const cmPerDegLon = cmPerDegLat * Math.cos((refLat * Math.PI) / 180);
    const lanes: Lane[] = g.laneSet.GenericLane.map((l) => {
      let lat = refLat;
      let lon = refLon;
      const points: [number, number][] = [];
      for (const n of l.nodeList.nodes ?? []) {
        const d = n.delta;
        const xy = d.nodeXY1 ?? d.nodeXY2 ?? d.nodeXY3 ?? d.nodeXY4 ?? d.nodeXY5 ?? d.nodeXY6;
        if (xy) {
          lat += xy.y / cmPerDegLat;
          lon += xy.x / cmPerDegLon;
        } else if (d.nodeLatLon) {
          lat = d.nodeLatLon.latitude;
          lon = d.nodeLatLon.longitude;
        } else continue;
        points.push([lat, lon]);
      }
      const groups = (l.connectsTo?.connectsTo ?? []).map((c) => c.signalGroup).filter((x): x is number => typeof x === 'number');
      return { laneId: l.laneID, ingress: l.laneAttributes?.directionalUse?.ingressPath ?? l.ingressApproach != null, approach: l.ingressApproach ?? null, points, signalGroups: [...new Set(groups)] };
    });
    return { intersectionId: g.id.id, refLat, refLon, lanes };
  });
  return { ok: true, message: { kind: 'map', intersections }, schemaVersion: null };
}

function parseTimData(data: unknown): V2xParse {
  const t = TimData.safeParse(data);
  if (!t.success) return { ok: false, reason: 'schema_mismatch', detail: `TIM ${issues(t.error)}` };
  const raw = t.data.MessageFrame.value.TravelerInformation.dataFrames.TravelerDataFrame;
  const list = Array.isArray(raw) ? raw : [raw];
  const frames: Tim['frames'] = [];
  for (const f of list) {
    const p = TravelerDataFrame.safeParse(f);
    if (!p.success) return { ok: false, reason: 'schema_mismatch', detail: `TIM frame ${issues(p.error)}` };
    const itis: number[] = [];
    collectItis(p.data.content, itis);
    const pos = p.data.msgId?.roadSignID?.position;
    frames.push({
      startYear: p.data.startYear ?? null,
      startTime: p.data.startTime ?? null,
      durationTime: p.data.durationTime ?? null,
      // TIM lat/long are integers in 1/10 micro-degree
      anchor: pos ? { lat: pos.lat / 1e7, lon: pos.long / 1e7 } : null,
      itis,
    });
  }
  return { ok: true, message: { kind: 'tim', frames }, schemaVersion: null };
}

/**
 * Parses one decoded V2X record (unknown in, typed out). Accepts the ODE
 * envelope `{metadata, payload}`, the conflict-monitor replay wrapper
 * `{scriptOffsetMs, message}`, and the geojson converter's ProcessedSpat /
 * ProcessedMap. Never throws; anything else is a reason code.
 */
export function parseV2xRecord(value: unknown): V2xParse {
  // Replay wrappers are unwrapped in a loop with a bound: nested wrappers in a
  // hostile line used to recurse until the stack overflowed (tests/fuzz/v2x-messages.test.ts).
  for (let depth = 0; ; depth++) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not_an_object', detail: typeof value };
    if (!('message' in value && 'scriptOffsetMs' in value)) break;
    if (depth >= maxWrapperDepth) return { ok: false, reason: 'unknown_shape', detail: `replay wrappers nested more than ${maxWrapperDepth} deep` };
    value = value.message;
  }
  const rec = value as Record<string, unknown>;
  if (rec.messageType === 'SPAT' && 'states' in rec) {
    const p = ProcessedSpat.safeParse(rec);
    if (!p.success) return { ok: false, reason: 'schema_mismatch', detail: `ProcessedSpat ${issues(p.error)}` };
    const movements = p.data.states.map((s) => ({ signalGroup: s.signalGroup, eventState: s.stateTimeSpeed[0]?.eventState ?? 'unavailable' }));
    return { ok: true, message: { kind: 'spat', intersections: [{ intersectionId: p.data.intersectionId, movements }] }, schemaVersion: null };
  }
  if ('mapFeatureCollection' in rec) {
    const p = ProcessedMap.safeParse(rec);
    if (!p.success) return { ok: false, reason: 'schema_mismatch', detail: `ProcessedMap ${issues(p.error)}` };
    const byId = new Map<number, IntersectionMap>();
    for (const f of p.data.mapFeatureCollection.features) {
      const id = f.properties.intersectionId ?? p.data.properties?.intersectionId;
      if (id === undefined || id === null) return { ok: false, reason: 'schema_mismatch', detail: 'ProcessedMap lane without intersectionId' };
      const ref = f.properties.refPoint ?? p.data.properties?.refPoint;
      let im = byId.get(id);
      if (!im) byId.set(id, (im = { intersectionId: id, refLat: ref?.latitude ?? f.geometry.coordinates[0]?.[1] ?? 0, refLon: ref?.longitude ?? f.geometry.coordinates[0]?.[0] ?? 0, lanes: [] }));
      im.lanes.push({ laneId: f.properties.laneId ?? im.lanes.length, ingress: f.properties.ingressPath ?? false, approach: null, points: f.geometry.coordinates.map(([lon, lat]) => [lat, lon]), signalGroups: [] });
    }
    return { ok: true, message: { kind: 'map', intersections: [...byId.values()] }, schemaVersion: null };
  }
  if (!('metadata' in rec) || !('payload' in rec)) return { ok: false, reason: 'unknown_shape', detail: `keys ${Object.keys(rec).slice(0, 5).join(',')}` };
  const meta = OdeMetadata.safeParse(rec.metadata);
  if (!meta.success) return { ok: false, reason: 'schema_mismatch', detail: `metadata ${issues(meta.error)}` };
  const sv = num(meta.data.schemaVersion);
  if (sv === null || !supportedSchemaVersions.has(sv)) return { ok: false, reason: 'unsupported_schema_version', detail: `schemaVersion ${String(meta.data.schemaVersion)}` };
  const payload = rec.payload as Record<string, unknown> | null;
  if (typeof payload !== 'object' || payload === null) return { ok: false, reason: 'schema_mismatch', detail: 'payload is not an object' };
  const dataType = typeof payload.dataType === 'string' ? payload.dataType : '';
  const payloadType = meta.data.payloadType ?? '';
  if (payloadType.endsWith('OdeAsn1Payload') || dataType.endsWith('OdeHexByteArray'))
    return { ok: false, reason: 'undecoded_asn1', detail: 'UPER hex bytes, not decoded J2735 JSON' };
  if (payloadType.endsWith('OdeDriverAlertPayload') && typeof payload.alert === 'string') return { ok: true, message: { kind: 'driver_alert', alert: payload.alert }, schemaVersion: sv };
  const data = payload.data;
  if (dataType.endsWith('J2735Bsm')) {
    const b = BsmData.safeParse(data);
    if (!b.success) return { ok: false, reason: 'schema_mismatch', detail: `BSM ${issues(b.error)}` };
    const c = b.data.coreData;
    return {
      ok: true,
      schemaVersion: sv,
      message: { kind: 'bsm', tempId: c.id, secMark: num(c.secMark), lat: c.position.latitude, lon: c.position.longitude, speedMs: c.speed ?? null, headingDeg: c.heading ?? null, receivedAt: meta.data.odeReceivedAt ?? null },
    };
  }
  if (dataType.endsWith('J2735SPAT')) {
    const s = SpatData.safeParse(data);
    if (!s.success) return { ok: false, reason: 'schema_mismatch', detail: `SPaT ${issues(s.error)}` };
    const intersections = s.data.intersectionStateList.intersectionStatelist.map((i) => ({
      intersectionId: i.id.id,
      movements: i.states.movementList.map((m) => ({ signalGroup: m.signalGroup, eventState: m.state_time_speed.movementEventList[0]?.eventState ?? 'unavailable' })),
    }));
    return { ok: true, message: { kind: 'spat', intersections }, schemaVersion: sv };
  }
  if (dataType.endsWith('J2735MAP')) {
    const r = parseMapData(data);
    return r.ok ? { ...r, schemaVersion: sv } : r;
  }
  if (dataType === 'TravelerInformation' || payloadType.endsWith('OdeTimPayload')) {
    const r = parseTimData(data);
    return r.ok ? { ...r, schemaVersion: sv } : r;
  }
  if (/J2735(PSM|SRM|SSM)$/.test(dataType)) return { ok: true, message: { kind: 'other', messageType: dataType.slice(-3) }, schemaVersion: sv };
  return { ok: false, reason: 'unknown_shape', detail: `dataType ${dataType || '(none)'}` };
}

/**
 * Fills the conflict-monitor replay placeholders so time arithmetic works:
 * `@ISO_DATE_TIME@`, `@MINUTE_OF_YEAR@`, `@MILLI_OF_MINUTE@`, `@TEMP_ID@`.
 */
export function fillReplayTemplate(text: string, at: Date, tempId: string): string {
  const startOfYear = Date.UTC(at.getUTCFullYear(), 0, 1);
  const minuteOfYear = Math.floor((at.getTime() - startOfYear) / 60_000);
  const milliOfMinute = at.getUTCSeconds() * 1000 + at.getUTCMilliseconds();
  return text
    .replaceAll('"@MINUTE_OF_YEAR@"', String(minuteOfYear))
    .replaceAll('"@MILLI_OF_MINUTE@"', String(milliOfMinute))
    .replaceAll('@ISO_DATE_TIME@', at.toISOString())
    .replaceAll('@TEMP_ID@', tempId);
}
