// What capabilities use to add commands. The program itself (program.ts,
// main.ts) is not exported here: it imports every capability's commands, and
// exporting it would make those imports circular.
export type { CliIo } from './io';
export type { CommandModule } from './capability-commands';
export { createProgress, type Progress } from './progress-io';
export { withCliStore, withStoreFlags, type StoreFlags } from './store-flags-io';
