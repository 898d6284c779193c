import { parseArgs } from 'node:util';
import { evaluateHillstrom, HillstromEvalConfig } from './hillstrom-eval';
import { loadHillstrom } from './hillstrom-io';
import { hillstromCsv, hillstromMarkdown } from './hillstrom-report';

/**
 * npx tsx src/models/hillstrom-eval-cli.ts --splits 20 [--seed 1] [--base gbt|logistic]
 *   [--contrasts womens,mens] [--outcomes visit,spend] [--methods t-learner,...] [--format md|csv|json]
 */
const { values } = parseArgs({
  options: {
    splits: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    base: { type: 'string', default: 'gbt' },
    contrasts: { type: 'string' },
    outcomes: { type: 'string' },
    methods: { type: 'string' },
    format: { type: 'string', default: 'md' },
  },
});
const list = (v: string | undefined): string[] | undefined => (v ? v.split(',') : undefined);
const config = HillstromEvalConfig.parse({
  splits: Number(values.splits), seed: Number(values.seed), base: values.base,
  contrasts: list(values.contrasts), outcomes: list(values.outcomes), methods: list(values.methods),
});
const started = Date.now();
const rows = evaluateHillstrom(loadHillstrom(), config, ({ stage, done, total }) => {
  process.stderr.write(`\r${done}/${total} ${stage}          `);
});
process.stderr.write(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
if (values.format === 'json') process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
else if (values.format === 'csv') process.stdout.write(hillstromCsv(rows));
else process.stdout.write(hillstromMarkdown(rows) + '\n');
