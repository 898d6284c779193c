import { CommanderError } from 'commander';
import { isForecourtError } from '../kernel';
import { buildProgram } from './program';

/**
 * Entry point of the `forecourt` command. Known failures print
 * `error [CODE]: message` and exit non-zero; a stack trace is shown only with
 * FORECOURT_DEBUG=1, for internal errors.
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (isForecourtError(err)) {
      process.stderr.write(`error [${err.code}]: ${err.message}\n`);
      return err.code === 'CONFIG_INVALID' ? 2 : 1;
    }
    process.stderr.write(`error [INTERNAL]: ${(err as Error)?.message ?? String(err)}\n`);
    if (process.env.FORECOURT_DEBUG === '1') process.stderr.write(`${(err as Error)?.stack}\n`);
    return 1;
  }
}
