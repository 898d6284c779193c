import { extname } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../cli';
import { Vin } from '../domain';
import { ForecourtError } from '../kernel';
import { catalogStore } from '../offers';
import { positiveInt, readTextFile, withCliStore, withStoreFlags, type StoreFlags } from './cli-store-io';
import { DayKey, dayOf } from './day';
import { networkStore } from './network-store';

const global = { kind: 'global' } as const;

/** `forecourt network …`: import a network file, capacity utilisation, which dealers can deliver. */
export function registerNetworkCommands(program: Command, io: CliIo): void {
  const network = program.command('network').description('Distribution network: imports, capacity utilisation, delivery questions');

  withStoreFlags(network.command('import <file>'))
    .description('Import nodes, dealers, stock, capacity exceptions and bookings from CSV or JSON (formats: src/network/README.md). '
      + 'Every bad row is printed with its line and reason, and nothing is imported.')
    .option('--format <format>', 'csv or json (default: from the file extension)')
    .option('--dry-run', 'check the file without importing it')
    .action(async (file: string, flags: StoreFlags & { format?: string; dryRun?: boolean }) => {
      const format = flags.format ?? (extname(file).toLowerCase() === '.json' ? 'json' : 'csv');
      if (format !== 'csv' && format !== 'json') throw new ForecourtError('VALIDATION_FAILED', '--format must be csv or json');
      const text = readTextFile(file);
      await withCliStore(flags, async (store) => {
        const result = await networkStore(store.db).importNetwork(global, text, format, { dryRun: flags.dryRun ?? false });
        if (!result.ok) {
          for (const p of result.problems) io.err(`${file}:${p.line}: ${p.field ? `${p.field}: ` : ''}${p.reason}`);
          throw new ForecourtError('IMPORT_REJECTED', `${result.problems.length} problem(s) in ${file}; nothing was imported`);
        }
        const c = result.counts;
        io.out(`${result.dryRun ? 'checked' : 'imported'} ${result.rows} rows: ${c.nodes} nodes, ${c.dealers} dealers, ${c.stock} stock lines, ${c.exceptions} capacity exceptions, ${c.bookings} bookings${result.dryRun ? ' (dry run, nothing written)' : ''}`);
      });
    });

  withStoreFlags(network.command('utilisation'))
    .description('Capacity utilisation per dealer: booked over available technician hours in a period')
    .option('--from <day>', 'first day, YYYY-MM-DD (default today, UTC)')
    .option('--days <n>', 'days in the period', '14')
    .option('--json', 'print JSON instead of a table')
    .action(async (flags: StoreFlags & { from?: string; days: string; json?: boolean }) => {
      const from = DayKey.safeParse(flags.from ?? dayOf(new Date()));
      if (!from.success) throw new ForecourtError('VALIDATION_FAILED', '--from must be a day such as 2026-04-01');
      const days = positiveInt('--days', flags.days);
      await withCliStore(flags, async (store) => {
        const items = await networkStore(store.db).utilisation(global, from.data, days);
        if (flags.json) { io.out(JSON.stringify({ from: from.data, days, items }, null, 2)); return; }
        io.out('dealer        code        booked h   capacity h  utilisation  saturated days');
        for (const u of items) {
          io.out(`${u.dealerId.padEnd(13)} ${u.code.padEnd(11)} ${u.bookedHours.toFixed(1).padStart(8)} ${u.capacityHours.toFixed(1).padStart(12)} ${`${(u.ratio * 100).toFixed(1)} %`.padStart(12)} ${String(u.saturatedDays).padStart(15)}`);
        }
      });
    });

  withStoreFlags(network.command('deliver'))
    .description('Which dealers can deliver an offer to the owner of a vehicle within N days, with the reasons for each dealer')
    .requiredOption('--offer <id>', 'offer id')
    .requiredOption('--vin <vin>', 'the customer\'s vehicle')
    .requiredOption('--within <days>', 'days to search, starting today')
    .option('--postal-code <code>', 'where the customer lives (territory check)')
    .option('--max-distance <km>', 'serve customers outside the territory within this distance', '50')
    .option('--json', 'print JSON')
    .action(async (flags: StoreFlags & { offer: string; vin: string; within: string; postalCode?: string; maxDistance: string; json?: boolean }) => {
      const withinDays = positiveInt('--within', flags.within);
      if (!Vin.safeParse(flags.vin).success) throw new ForecourtError('VIN_INVALID', `${flags.vin} is not a valid VIN`);
      await withCliStore(flags, async (store) => {
        const vehicle = await store.customers.getVehicle(global, flags.vin);
        if (!vehicle) throw new ForecourtError('NOT_FOUND', `no vehicle ${flags.vin}`);
        const offer = await catalogStore(store.db).get(global, flags.offer);
        if (!offer) throw new ForecourtError('NOT_FOUND', `no offer ${flags.offer}`);
        const candidates = await networkStore(store.db).deliveringDealers(global, {
          offer, vehicle, withinDays, now: new Date(), maxDistanceKm: Number(flags.maxDistance),
          customer: { id: vehicle.ownerId ?? vehicle.vin, postalCode: flags.postalCode ?? null, lat: null, lon: null, homeDealerId: vehicle.homeDealerId },
        });
        if (flags.json) { io.out(JSON.stringify(candidates, null, 2)); return; }
        const able = candidates.filter((c) => c.canDeliver);
        io.out(`${able.length} of ${candidates.length} dealers can deliver ${offer.id} to ${vehicle.vin} within ${withinDays} days`);
        for (const c of candidates) {
          const failed = c.reasons.filter((r) => !r.passed).map((r) => `${r.code}: ${r.detail}`);
          io.out(`${c.canDeliver ? 'yes' : 'no '} ${c.dealerId}${c.homeDealer ? ' (home dealer)' : ''}${c.earliestDay ? ` earliest ${c.earliestDay}` : ''}${failed.length > 0 ? ` — ${failed.join('; ')}` : ''}`);
        }
      });
    });
}
