import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import type { CliIo } from '../cli';
import { ForecourtError } from '../kernel';
import { runCheckStream } from './compliance-cli';

/** `forecourt check [file]`: JSONL of messages in (file or stdin), one verdict per line out. */
export function registerComplianceCommands(program: Command, io: CliIo): void {
  program.command('check')
    .description('Check promotional messages against RULES.md: JSONL in (a file or standard input), one verdict per line on standard output')
    .argument('[file]', 'JSONL file of messages (RULES.md §1.1); standard input when omitted or "-"')
    .option('--fail-on-violation', 'exit with code 3 when any message is blocked or invalid')
    .action(async (file: string | undefined, flags: { failOnViolation?: boolean }) => {
      const input = file && file !== '-' ? createReadStream(file) : process.stdin;
      const opened = new Promise<void>((ok, fail) => {
        if (input === process.stdin) return ok();
        input.once('open', () => ok());
        input.once('error', (err: Error) => fail(new ForecourtError('CONFIG_INVALID', `cannot read ${file}: ${err.message}`)));
      });
      await opened;
      const summary = await runCheckStream(input, process.stdout);
      io.err(`checked ${summary.checked}: ${summary.compliant} compliant, ${summary.blocked} blocked, ${summary.invalid} invalid`);
      if (flags.failOnViolation && (summary.blocked > 0 || summary.invalid > 0)) process.exitCode = 3;
    });
}
