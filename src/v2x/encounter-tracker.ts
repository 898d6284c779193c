import { latLngToCell } from 'h3-js';
import { hashString } from '../kernel';
import type { Bsm, IntersectionMap, MapMessage, Spat } from './parse-v2x';

/**
 * Matches vehicles (BSMs) to signalised intersections (MAP + SPaT) and counts
 * encounters per vehicle within a feature window. Raw positions live only in
 * the per-vehicle window state; `closeWindow` turns them into counts, coarse
 * H3 cells and a trajectory fingerprint, and deletes the state. Temp ids never leave
 * the tracker (THREATS.md §5, TM-14).
 */
export interface EncounterConfig {
  /** A vehicle within this distance of an intersection's reference point is approaching it. */
  radiusM: number;
  /** At or below this speed a vehicle counts as stopped. */
  stopSpeedMs: number;
  /** A stop counts at the line when within this distance of the ingress lane's first node. */
  stopLineM: number;
  /** H3 resolution of the cells recorded in summaries (coarse: res 6 ≈ 36 km²). */
  cellResolution: number;
}

export const defaultEncounterConfig: EncounterConfig = { radiusM: 150, stopSpeedMs: 0.5, stopLineM: 30, cellResolution: 6 };

export interface EncounterSummary {
  /** Position of the vehicle in this window's output; the pseudonymous temp id itself is not released (TM-14). */
  vehicle: number;
  approaches: number;
  stopsAtRed: number;
  stopsOnGreen: number;
  intersections: number[];
  cells: string[];
  /** FNV hash of the quantised trajectory (≈1 m, 1 s) for Sybil checks; not reversible to positions. */
  trajectoryHash: string;
  messages: number;
}

interface VehicleWindow {
  lat: number;
  lon: number;
  inside: number | null;
  stoppedThisEncounter: boolean;
  approaches: number;
  stopsAtRed: number;
  stopsOnGreen: number;
  intersections: Set<number>;
  cells: Set<string>;
  hash: number;
  messages: number;
}

export interface EncounterTracker {
  observeMap(m: MapMessage): void;
  observeSpat(s: Spat): void;
  observeBsm(b: Bsm, t: number): void;
  closeWindow(): EncounterSummary[];
  /** Internal state, for tests that assert nothing raw survives a window. */
  snapshot(): { vehicles: Record<string, unknown>; intersections: number[] };
}

const red = new Set(['STOP_AND_REMAIN', 'STOP_THEN_PROCEED', 'stop-And-Remain', 'stop-Then-Proceed']);
const mPerDegLat = 111_320;

function localXY(lat: number, lon: number, refLat: number, refLon: number): [number, number] {
  return [(lon - refLon) * mPerDegLat * Math.cos((refLat * Math.PI) / 180), (lat - refLat) * mPerDegLat];
}

function segDist(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + u * dx), py - (ay + u * dy));
}

export function createEncounterTracker(cfg: EncounterConfig = defaultEncounterConfig): EncounterTracker {
  const maps = new Map<number, IntersectionMap>();
  const signals = new Map<number, Map<number, string>>();
  let vehicles = new Map<string, VehicleWindow>();

  function nearestIngress(im: IntersectionMap, lat: number, lon: number): { dist: number; stopLine: number; groups: number[] } | null {
    const [px, py] = localXY(lat, lon, im.refLat, im.refLon);
    let best: { dist: number; stopLine: number; groups: number[] } | null = null;
    for (const lane of im.lanes) {
      if (!lane.ingress || lane.points.length === 0) continue;
      const pts = lane.points.map(([a, b]) => localXY(a, b, im.refLat, im.refLon));
      let d = Infinity;
      for (let i = 0; i < pts.length; i++) {
        const a = pts[i] as [number, number];
        const b = (pts[i + 1] ?? a) as [number, number];
        d = Math.min(d, segDist(px, py, a[0], a[1], b[0], b[1]));
      }
      const first = pts[0] as [number, number];
      if (!best || d < best.dist) best = { dist: d, stopLine: Math.hypot(px - first[0], py - first[1]), groups: lane.signalGroups };
    }
    return best;
  }

  return {
    observeMap(m) {
      for (const i of m.intersections) maps.set(i.intersectionId, i);
    },
    observeSpat(s) {
      for (const i of s.intersections) signals.set(i.intersectionId, new Map(i.movements.map((mv) => [mv.signalGroup, mv.eventState])));
    },
    observeBsm(b, t) {
      let v = vehicles.get(b.tempId);
      if (!v) {
        v = { lat: b.lat, lon: b.lon, inside: null, stoppedThisEncounter: false, approaches: 0, stopsAtRed: 0, stopsOnGreen: 0, intersections: new Set(), cells: new Set(), hash: 0x811c9dc5, messages: 0 };
        vehicles.set(b.tempId, v);
      }
      v.lat = b.lat;
      v.lon = b.lon;
      v.messages++;
      v.hash = hashString(`${v.hash}:${Math.round(b.lat * 1e5)}:${Math.round(b.lon * 1e5)}:${Math.round(t / 1000)}`);
      let here: IntersectionMap | null = null;
      for (const im of maps.values()) {
        const [x, y] = localXY(b.lat, b.lon, im.refLat, im.refLon);
        if (Math.hypot(x, y) <= cfg.radiusM) {
          here = im;
          break;
        }
      }
      if (!here) {
        v.inside = null;
        return;
      }
      if (v.inside !== here.intersectionId) {
        v.inside = here.intersectionId;
        v.stoppedThisEncounter = false;
        v.approaches++;
        v.intersections.add(here.intersectionId);
        v.cells.add(latLngToCell(here.refLat, here.refLon, cfg.cellResolution));
      }
      const lane = nearestIngress(here, b.lat, b.lon);
      const speed = b.speedMs ?? NaN;
      if (!lane || v.stoppedThisEncounter || !(speed <= cfg.stopSpeedMs) || lane.stopLine > cfg.stopLineM) return;
      v.stoppedThisEncounter = true;
      const states = signals.get(here.intersectionId);
      const state = lane.groups.map((g) => states?.get(g)).find((s) => s !== undefined);
      if (state !== undefined && red.has(state)) v.stopsAtRed++;
      else v.stopsOnGreen++;
    },
    closeWindow() {
      const out: EncounterSummary[] = [];
      for (const v of vehicles.values())
        out.push({
          vehicle: out.length,
          approaches: v.approaches,
          stopsAtRed: v.stopsAtRed,
          stopsOnGreen: v.stopsOnGreen,
          intersections: [...v.intersections],
          cells: [...v.cells],
          trajectoryHash: (v.hash >>> 0).toString(16),
          messages: v.messages,
        });
      vehicles = new Map();
      return out;
    },
    snapshot: () => ({ vehicles: Object.fromEntries(vehicles), intersections: [...maps.keys()] }),
  };
}
