export { buildProgram, type CliIo } from './program';
export { main } from './main';
export { createProgress, type Progress } from './progress-io';
