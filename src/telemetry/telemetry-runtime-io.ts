import type { Counters, RouteModule } from '../app';
import type { Clock } from '../kernel';
import type { Store } from '../store';
import { createIngestor, type IngestResult, type Ingestor } from './ingestor';
import { startMqttIngest, type MqttIngest } from './mqtt-ingest-io';
import { observeIngestor } from './observed-ingestor';
import { snapshotFeatures } from './feature-snapshot';
import { readingsOf } from './read-features';
import { emptyReasonCounts, type ReasonCounts } from './reject-reasons';
import { registerTelemetryRoutes } from './telemetry-routes';
import { createSqlQuarantine, telemetryStore, type FeatureSnapshot, type SqlQuarantine, type TelemetryStore } from './telemetry-store';
import { emptyTriggerState, evaluateTriggers, type TriggerEvent, type TriggerState } from './triggers';
import { decodeVehicleState, encodeVehicleState } from './vehicle-state-codec';
import { loadVssCatalog } from './vss-catalog-io';

export interface TelemetryOptions {
  store: Store;
  counters: Counters;
  clock: Clock;
  /** When set, vehicles' MQTT topics are subscribed into the same ingestor and quarantine. */
  mqttUrl?: string | undefined;
  /** Topic namespace (tests). */
  mqttPrefix?: string;
  /** Feature snapshots, triggers and counters are written this often (default 5 s) and on close. */
  flushIntervalMs?: number;
}

export interface FlushReport {
  vehicles: number;
  triggers: number;
  quarantined: number;
}

export interface TelemetryRuntime {
  /** The platform's ingestor; every result is counted and its vehicles persisted at the next flush. */
  readonly ingestor: Ingestor;
  readonly quarantine: SqlQuarantine;
  readonly sql: TelemetryStore;
  readonly store: Store;
  readonly clock: Clock;
  /** The HTTP routes (the same module `src/app/capabilities.ts` lists). */
  readonly routes: RouteModule;
  /** Loads saved vehicle states (features, seq windows) into memory. */
  restore(): Promise<number>;
  /** Writes the quarantine buffer, dirty vehicles' snapshots, new trigger events and counters. */
  flush(): Promise<FlushReport>;
  /** Flushes that failed; their data stayed buffered and was retried. */
  failedFlushes(): number;
  close(): Promise<void>;
}

const runtimes = new WeakMap<Store, TelemetryRuntime>();

/** The runtime of a store, if one was started (the routes use it). */
export function telemetryRuntimeOf(store: Store): TelemetryRuntime | undefined {
  return runtimes.get(store);
}

/** Builds the runtime without starting timers or transports (used by `startTelemetry` and by the routes when none was started). */
export function createTelemetryRuntime(opts: { store: Store; counters: Counters; clock: Clock; onClose?: () => Promise<void> }): TelemetryRuntime {
  const { store, counters, clock } = opts;
  const sql = telemetryStore(store.db);
  const quarantine = createSqlQuarantine(store.db, { onError: () => counters.inc('telemetry.quarantine.flush_failed') });
  const core = createIngestor({ table: loadVssCatalog(), sink: quarantine, clock });
  const dirty = new Set<string>();
  let pendingAccepted = 0;
  let pendingRejected = 0;
  let pendingReasons: ReasonCounts = emptyReasonCounts();
  let triggerState: TriggerState = emptyTriggerState();
  let failed = 0;
  let running: Promise<FlushReport> | undefined;

  const ingestor = observeIngestor(core, (r: IngestResult) => {
    if (r.accepted > 0) counters.inc('telemetry.points.accepted', r.accepted);
    if (r.rejected > 0) counters.inc('telemetry.points.rejected', r.rejected);
    pendingAccepted += r.accepted;
    pendingRejected += r.rejected;
    for (const k of Object.keys(r.byReason) as (keyof ReasonCounts)[]) pendingReasons[k] += r.byReason[k];
    for (const v of r.vins) dirty.add(v);
  });

  async function writeOnce(): Promise<FlushReport> {
    let quarantineError: unknown;
    const quarantined = quarantine.pending();
    await quarantine.flush().catch((err: unknown) => {
      quarantineError = err;
    });
    const vins = [...dirty];
    dirty.clear();
    const deltas: Record<string, number> = { 'points.accepted': pendingAccepted, 'points.rejected': pendingRejected };
    for (const [k, v] of Object.entries(pendingReasons)) if (v > 0) deltas[`reason.${k}`] = v;
    const reasonsBefore = pendingReasons;
    pendingAccepted = 0;
    pendingRejected = 0;
    pendingReasons = emptyReasonCounts();
    let triggers = 0;
    try {
      const consented = await sql.telematicsConsent(vins);
      const now = clock();
      const snapshots: FeatureSnapshot[] = [];
      let nextTriggers = triggerState;
      const events: TriggerEvent[] = [];
      for (const vin of vins) {
        const rec = core.vehicle(vin);
        if (!rec) continue;
        const granted = consented.has(vin);
        const { json, read } = snapshotFeatures(core.engine, rec, granted);
        snapshots.push({ vin, features: json, state: encodeVehicleState(rec), updatedAt: now });
        if (granted) {
          const t = evaluateTriggers(nextTriggers, vin, readingsOf(read), now);
          nextTriggers = t.state;
          events.push(...t.events);
        }
      }
      await store.db.transaction(async (tx) => {
        await sql.saveSnapshots(snapshots, tx);
        triggers = await sql.insertTriggers(events, tx);
        await sql.addCounters(deltas, tx);
      });
      triggerState = nextTriggers;
      if (triggers > 0) counters.inc('telemetry.triggers', triggers);
    } catch (err) {
      // Keep everything for the next flush: nothing accepted or rejected is dropped.
      for (const v of vins) dirty.add(v);
      pendingAccepted += deltas['points.accepted'] ?? 0;
      pendingRejected += deltas['points.rejected'] ?? 0;
      for (const k of Object.keys(reasonsBefore) as (keyof ReasonCounts)[]) pendingReasons[k] += reasonsBefore[k];
      throw err;
    }
    if (quarantineError !== undefined) throw quarantineError;
    return { vehicles: vins.length, triggers, quarantined };
  }

  const runtime: TelemetryRuntime = {
    ingestor,
    quarantine,
    sql,
    store,
    clock,
    routes: registerTelemetryRoutes,
    async restore() {
      let n = 0;
      for (const { vin, state } of await sql.states()) {
        const rec = decodeVehicleState(vin, state, core.engine.slabSize);
        if (rec) {
          core.restoreVehicle(rec);
          n++;
        }
      }
      return n;
    },
    flush() {
      if (running) return running.then(() => runtime.flush());
      running = writeOnce()
        .catch((err: unknown) => {
          failed++;
          counters.inc('telemetry.flush_failed');
          throw err;
        })
        .finally(() => {
          running = undefined;
        });
      return running;
    },
    failedFlushes: () => failed,
    async close() {
      runtimes.delete(store);
      await opts.onClose?.();
      await runtime.flush();
    },
  };
  runtimes.set(store, runtime);
  return runtime;
}

/**
 * Starts telemetry in the running platform: the ingestor over the SQL
 * quarantine, saved vehicle states restored, a periodic flush, and the MQTT
 * subscription when `mqttUrl` is set. `close()` stops MQTT, then flushes.
 */
export async function startTelemetry(opts: TelemetryOptions): Promise<TelemetryRuntime> {
  let mqtt: MqttIngest | undefined;
  const timers: NodeJS.Timeout[] = [];
  const runtime = createTelemetryRuntime({
    store: opts.store, counters: opts.counters, clock: opts.clock,
    onClose: async () => {
      for (const t of timers) clearInterval(t);
      await mqtt?.stop();
    },
  });
  await runtime.restore();
  const timer = setInterval(() => {
    runtime.flush().catch(() => undefined);
  }, opts.flushIntervalMs ?? 5000);
  timer.unref();
  timers.push(timer);
  if (opts.mqttUrl) {
    try {
      mqtt = await startMqttIngest({ url: opts.mqttUrl, ingestor: runtime.ingestor, ...(opts.mqttPrefix !== undefined ? { prefix: opts.mqttPrefix } : {}) });
    } catch (err) {
      await runtime.close();
      throw err;
    }
  }
  return runtime;
}
