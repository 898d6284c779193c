import type { Command } from 'commander';
import { registerComplianceCommands } from '../compliance';
import { registerSimulatorCommands } from '../simulator';
import { registerDeliveryCommands } from '../delivery';
import { registerFundsCommands } from '../funds';
import { registerModelsCommands } from '../models';
import { registerNetworkCommands } from '../network';
import { registerCatalogCommands } from '../offers';
import { registerScaleCommands } from '../scale';
import { registerTelemetryCommands } from '../telemetry';
import type { CliIo } from './io';
import { registerOptimizerCommands } from '../optimizer';
import { registerReleaseCommands } from '../releases';

/**
 * A capability's commands: a function that adds sub-commands to the program.
 * Capabilities keep their command code in `src/<capability>/<capability>-cli.ts`
 * and are listed here with one line each (hand-wired, STYLE.md §5).
 */
export type CommandModule = (program: Command, io: CliIo) => void;

export const capabilityCommands: CommandModule[] = [
  registerComplianceCommands,
  registerNetworkCommands,
  registerCatalogCommands,
  registerFundsCommands,
  registerTelemetryCommands,
  registerScaleCommands,
  registerDeliveryCommands,
  registerSimulatorCommands,
  registerModelsCommands,
  registerOptimizerCommands,
  registerReleaseCommands,
];
