/** Where a command writes: one line at a time to standard output and standard error. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}
