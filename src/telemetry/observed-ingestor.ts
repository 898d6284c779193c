import type { IngestResult, Ingestor } from './ingestor';

/**
 * The same ingestor, with every result also handed to `onResult` (live
 * counters, the set of vehicles to persist). Transports (HTTP, MQTT, file
 * replay) use the observed one, so none of them can forget to count.
 */
export function observeIngestor(inner: Ingestor, onResult: (r: IngestResult) => void): Ingestor {
  const seen = (r: IngestResult): IngestResult => {
    onResult(r);
    return r;
  };
  return {
    table: inner.table,
    engine: inner.engine,
    ingestSimple: (p, ctx) => seen(inner.ingestSimple(p, ctx)),
    ingestCompact: (p, ctx) => seen(inner.ingestCompact(p, ctx)),
    ingestCompactJson: (p, ctx) => seen(inner.ingestCompactJson(p, ctx)),
    ingestRecords: (r, ctx) => seen(inner.ingestRecords(r, ctx)),
    rejectPayload: (reason, detail, raw, ctx) => seen(inner.rejectPayload(reason, detail, raw, ctx)),
    vehicle: (vin) => inner.vehicle(vin),
    vehicles: () => inner.vehicles(),
    restoreVehicle: (rec) => inner.restoreVehicle(rec),
    totals: () => inner.totals(),
  };
}
