import type { Command } from 'commander';
import { registerSimulatorCommands } from '../simulator';
import type { CliIo } from './io';

/**
 * A capability's commands: a function that adds sub-commands to the program.
 * Capabilities keep their command code in `src/<capability>/<capability>-cli.ts`
 * and are listed here with one line each (hand-wired, STYLE.md §5).
 */
export type CommandModule = (program: Command, io: CliIo) => void;

export const capabilityCommands: CommandModule[] = [
  registerSimulatorCommands,
];
