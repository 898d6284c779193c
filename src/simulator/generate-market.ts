import type { ConsentChange, Owner, Vehicle } from '../domain';
import type { Scenario } from './scenario';
import { generateNetwork, type Network } from './network';
import { createFleetContext, simulateVehicle, type FleetContext, type SimulatedVehicle } from './fleet';

export interface GenerateOptions {
  seed: number;
  /** Fleet size; defaults to the scenario's `vehicles`. */
  vehicles?: number;
}

/** One chunk of the fleet: observable objects only. */
export interface FleetChunk {
  /** Index of the first vehicle of the chunk in the fleet. */
  offset: number;
  vehicles: Vehicle[];
  owners: Owner[];
  consents: ConsentChange[];
}

/** A whole simulated market as plain observable objects (tests, seeding a demo database). */
export interface GeneratedMarket extends Network {
  scenarioId: string;
  seed: number;
  generatedAt: string;
  vehicles: Vehicle[];
  owners: Owner[];
  consents: ConsentChange[];
}

/** The network plus an iterator over the fleet in chunks; memory stays bounded by the chunk size. */
export interface MarketStream {
  network: Network;
  count: number;
  chunks(chunkSize?: number): Generator<FleetChunk>;
}

/** Simulator-internal: the fleet with its hidden truth, for telemetry and the scorecard. */
export function* simulateFleet(ctx: FleetContext, count: number, from = 0): Generator<SimulatedVehicle> {
  for (let i = from; i < count; i++) yield simulateVehicle(ctx, i);
}

export function prepareMarket(scenario: Scenario, opts: GenerateOptions): { network: Network; ctx: FleetContext; count: number } {
  const { network, placements } = generateNetwork(scenario, opts.seed);
  const ctx = createFleetContext(scenario, opts.seed, network.dealers, placements);
  const count = opts.vehicles ?? scenario.vehicles;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`vehicles must be a non-negative integer, got ${count}`);
  return { network, ctx, count };
}

export function streamMarket(scenario: Scenario, opts: GenerateOptions): MarketStream {
  const { network, ctx, count } = prepareMarket(scenario, opts);
  return {
    network,
    count,
    *chunks(chunkSize = 1000) {
      for (let offset = 0; offset < count; offset += chunkSize) {
        const chunk: FleetChunk = { offset, vehicles: [], owners: [], consents: [] };
        for (const sim of simulateFleet(ctx, Math.min(count, offset + chunkSize), offset)) {
          chunk.vehicles.push(sim.vehicle);
          if (sim.owner) chunk.owners.push(sim.owner);
          for (const c of sim.consents) chunk.consents.push(c);
        }
        yield chunk;
      }
    },
  };
}

export function generateMarket(scenario: Scenario, opts: GenerateOptions): GeneratedMarket {
  const stream = streamMarket(scenario, opts);
  const out: GeneratedMarket = { scenarioId: scenario.id, seed: opts.seed, generatedAt: scenario.startsAt, ...stream.network, vehicles: [], owners: [], consents: [] };
  for (const chunk of stream.chunks(5000)) {
    out.vehicles.push(...chunk.vehicles);
    out.owners.push(...chunk.owners);
    out.consents.push(...chunk.consents);
  }
  return out;
}
