import { z } from 'zod';
import { ForecourtError } from '../kernel';

/**
 * The VSS catalog as a compact signal table: one small integer id per leaf
 * path, and the checks for each id in parallel arrays so the ingest hot loop
 * reads numbers, not objects.
 */
export const datatypeKinds = {
  boolean: 1,
  int: 2,
  float: 3,
  string: 4,
  stringArray: 5,
  numberArray: 6,
} as const;
export type DatatypeKind = (typeof datatypeKinds)[keyof typeof datatypeKinds];

const integerRanges: Record<string, [number, number]> = {
  uint8: [0, 255],
  int8: [-128, 127],
  uint16: [0, 65_535],
  int16: [-32_768, 32_767],
  uint32: [0, 4_294_967_295],
  int32: [-2_147_483_648, 2_147_483_647],
  uint64: [0, Number.MAX_SAFE_INTEGER],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const VssNode = z.object({
  path: z.string().min(1),
  type: z.enum(['branch', 'sensor', 'actuator', 'attribute']),
  datatype: z.string().optional(),
  unit: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  allowed: z.array(z.union([z.string(), z.number()])).optional(),
});
const VssCatalogFile = z.object({
  meta: z.object({ git_ref: z.string() }).loose(),
  nodes: z.array(VssNode).min(1),
});

/**
 * Plausibility bounds added on top of the catalog where VSS gives none
 * (THREATS.md §5: speed 0…400 km/h); intersected with the catalog's own.
 */
export const plausibleRanges: Readonly<Record<string, readonly [number, number]>> = {
  'Vehicle.Speed': [0, 400],
  'Vehicle.Powertrain.CombustionEngine.Speed': [0, 20_000],
  'Vehicle.Powertrain.CombustionEngine.EngineCoolant.Temperature': [-60, 200],
  'Vehicle.Acceleration.Longitudinal': [-50, 50],
  'Vehicle.Acceleration.Lateral': [-50, 50],
  'Vehicle.CurrentOverallWeight': [1, 65_535],
  'Vehicle.LowVoltageBattery.CurrentVoltage': [0, 60],
  'Vehicle.Powertrain.TractionBattery.Charging.ChargeCurrent.DC': [-2000, 2000],
};

export interface SignalTable {
  readonly version: string;
  readonly size: number;
  readonly paths: readonly string[];
  readonly ids: ReadonlyMap<string, number>;
  readonly datatype: readonly string[];
  readonly kind: Uint8Array;
  /** Effective bounds: catalog min/max intersected with the datatype's integer range. */
  readonly min: Float64Array;
  readonly max: Float64Array;
  /** 1 when the datatype is an integer type. */
  readonly integer: Uint8Array;
  readonly unit: readonly (string | null)[];
  /** Allowed string values in catalog order (the compact format sends the index). */
  readonly allowed: readonly (readonly string[] | null)[];
  readonly allowedIndex: readonly (ReadonlyMap<string, number> | null)[];
}

function kindOf(datatype: string): DatatypeKind {
  if (datatype === 'boolean') return datatypeKinds.boolean;
  if (datatype === 'float' || datatype === 'double') return datatypeKinds.float;
  if (datatype === 'string') return datatypeKinds.string;
  if (datatype === 'string[]') return datatypeKinds.stringArray;
  if (datatype.endsWith('[]')) return datatypeKinds.numberArray;
  if (datatype in integerRanges) return datatypeKinds.int;
  throw new ForecourtError('CONFIG_INVALID', `unknown VSS datatype ${datatype}`);
}

/** Builds the signal table from the parsed `vss_*_expanded.json` (unknown in, typed out). */
export function buildSignalTable(catalogJson: unknown): SignalTable {
  const parsed = VssCatalogFile.safeParse(catalogJson);
  if (!parsed.success) throw new ForecourtError('CONFIG_INVALID', 'not a flattened VSS catalog', parsed.error.issues.slice(0, 5));
  const leaves = parsed.data.nodes.filter((n) => n.type !== 'branch' && n.datatype !== undefined);
  const size = leaves.length;
  const kind = new Uint8Array(size);
  const integer = new Uint8Array(size);
  const min = new Float64Array(size).fill(-Infinity);
  const max = new Float64Array(size).fill(Infinity);
  const paths: string[] = [];
  const datatype: string[] = [];
  const unit: (string | null)[] = [];
  const allowed: (string[] | null)[] = [];
  const allowedIndex: (Map<string, number> | null)[] = [];
  const ids = new Map<string, number>();
  leaves.forEach((n, i) => {
    const dt = n.datatype as string;
    paths.push(n.path);
    ids.set(n.path, i);
    datatype.push(dt);
    kind[i] = kindOf(dt);
    const range = integerRanges[dt.replace('[]', '')];
    if (range && !dt.endsWith('[]')) {
      integer[i] = 1;
      min[i] = range[0];
      max[i] = range[1];
    }
    if (n.min !== undefined) min[i] = Math.max(min[i] as number, n.min);
    if (n.max !== undefined) max[i] = Math.min(max[i] as number, n.max);
    const plausible = plausibleRanges[n.path];
    if (plausible) {
      min[i] = Math.max(min[i] as number, plausible[0]);
      max[i] = Math.min(max[i] as number, plausible[1]);
    }
    unit.push(n.unit ?? null);
    const list = n.allowed ? n.allowed.map(String) : null;
    allowed.push(list);
    allowedIndex.push(list ? new Map(list.map((v, j) => [v, j])) : null);
  });
  return { version: parsed.data.meta.git_ref, size, paths, ids, datatype, kind, min, max, integer, unit, allowed, allowedIndex };
}
