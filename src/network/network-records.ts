import { z } from 'zod';
import { Dealer, MarketCode, NodeId, StockLine, TenantNode } from '../domain';
import { Booking, CapacityException } from './capacity-calendar';

/** One row of a network import file; `record` says which entity it describes. */
export const NodeRecord = TenantNode.extend({ record: z.literal('node') });
export const DealerRecord = Dealer.extend({
  record: z.literal('dealer'),
  kind: z.literal('dealer').optional(),
  parentId: NodeId,
  market: MarketCode.nullable(),
});
export const StockRecord = StockLine.extend({ record: z.literal('stock') });
export const CapacityRecord = CapacityException.extend({ record: z.literal('capacity') });
export const BookingRecord = Booking.extend({ record: z.literal('booking') });
export const NetworkRecord = z.discriminatedUnion('record', [NodeRecord, DealerRecord, StockRecord, CapacityRecord, BookingRecord]);
export type NetworkRecord = z.infer<typeof NetworkRecord>;

export const csvColumns = [
  'record', 'id', 'parentId', 'kind', 'name', 'market', 'code', 'lat', 'lon', 'territory',
  'serviceBaysPerDay', 'technicians', 'competitionIndex', 'dealerId', 'sku', 'quantity',
  'day', 'closed', 'serviceBays', 'hours', 'competency', 'bays',
] as const;

const numericColumns = new Set(['lat', 'lon', 'serviceBaysPerDay', 'competitionIndex', 'quantity', 'serviceBays', 'bays']);
const nullableColumns = new Set(['parentId', 'market']);

function toNumber(cell: string): number | string {
  return /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
}

function competencyHours(cell: string): Record<string, unknown> | string {
  const out: Record<string, unknown> = {};
  for (const part of cell.split(';').filter((p) => p.trim() !== '')) {
    const [competency, hours, ...rest] = part.split(':').map((s) => s.trim());
    if (competency === undefined || hours === undefined || rest.length > 0) return `"${part}" is not competency:hours`;
    out[competency] = toNumber(hours);
  }
  return out;
}

function technicianPools(cell: string): unknown[] {
  return cell.split(';').filter((p) => p.trim() !== '').map((part) => {
    const [competency, technicians, hoursPerDay, ...rest] = part.split(':').map((s) => s.trim());
    if (rest.length > 0 || hoursPerDay === undefined) return `"${part}" is not competency:technicians:hoursPerDay`;
    return { competency, technicians: toNumber(technicians ?? ''), hoursPerDay: toNumber(hoursPerDay) };
  });
}

/** Turns the text cells of one CSV row into the typed shape the record schemas expect. Empty cells are absent (or null where nullable). */
export function csvRowToRecord(row: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(row)) {
    const cell = raw.trim();
    if (cell === '') {
      if (nullableColumns.has(column)) out[column] = null;
      continue;
    }
    if (numericColumns.has(column)) out[column] = toNumber(cell);
    else if (column === 'closed') out[column] = cell === 'true' ? true : cell === 'false' ? false : cell;
    else if (column === 'hours') out[column] = row.record?.trim() === 'capacity' ? competencyHours(cell) : toNumber(cell);
    else if (column === 'territory') out[column] = cell.split(';').map((s) => s.trim()).filter((s) => s !== '');
    else if (column === 'technicians') out[column] = technicianPools(cell);
    else out[column] = cell;
  }
  if (out.record !== 'node' && out.record !== 'dealer') {
    delete out.parentId;
    delete out.market;
  }
  if (out.record === 'dealer' && !('technicians' in out)) out.technicians = [];
  if (out.record === 'dealer' && !('territory' in out)) out.territory = [];
  return out;
}
