import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createProgress, type CliIo } from '../cli';
import { ForecourtError, repoRoot } from '../kernel';
import { withCliStore, withStoreFlags, type StoreFlags } from '../network';
import { loadShippedScenario } from '../simulator';
import { collectLogs } from './collect-logs-store';
import { evaluateHillstrom, HillstromEvalConfig } from './hillstrom-eval';
import { loadHillstrom } from './hillstrom-io';
import { hillstromMarkdown } from './hillstrom-report';
import { trainHillstrom } from './hillstrom-train';
import { modelsStore, seedModelLogs } from './models-store';
import { evaluateOnSimulator, simulatorEvalMarkdown } from './simulator-eval';
import { evaluateLogs, logsEvalMarkdown, trainFromLogs } from './train-from-logs';
import { upliftMethods, type UpliftMethod } from './uplift-learners';
import type { ProgressCallback } from './uplift-data';

const methodAlias: Record<string, UpliftMethod> = { t: 't-learner', x: 'x-learner', dr: 'dr-learner', ct: 'class-transformation' };

function method(v: string): UpliftMethod {
  const m = methodAlias[v] ?? v;
  if (!(upliftMethods as readonly string[]).includes(m)) throw new ForecourtError('VALIDATION_FAILED', `--method must be one of t, x, dr, ct (or ${upliftMethods.join(', ')})`);
  return m as UpliftMethod;
}
function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ForecourtError('VALIDATION_FAILED', `${name} must be a positive integer`);
  return n;
}
function base(v: string): 'gbt' | 'logistic' {
  if (v !== 'gbt' && v !== 'logistic') throw new ForecourtError('VALIDATION_FAILED', '--base must be gbt or logistic');
  return v;
}
function source(v: string): 'hillstrom' | 'store' {
  if (v !== 'hillstrom' && v !== 'store') throw new ForecourtError('VALIDATION_FAILED', '--source must be hillstrom or store');
  return v;
}

function progressCallback(title: string): { onProgress: ProgressCallback; stop: () => void } {
  const p = createProgress(title);
  return { onProgress: ({ stage, done, total }) => p.update(done, total, stage), stop: () => p.stop() };
}

/** Replaces the text between `<!-- name:begin -->` and `<!-- name:end -->` in a Markdown file (appends the block when missing). */
export function writeDocSection(path: string, name: string, body: string): void {
  const begin = `<!-- ${name}:begin -->`, end = `<!-- ${name}:end -->`;
  let text = '';
  try { text = readFileSync(path, 'utf8'); } catch { text = ''; }
  const block = `${begin}\n${body.trimEnd()}\n${end}`;
  const i = text.indexOf(begin), j = text.indexOf(end);
  const next = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}${text ? '\n\n' : ''}${block}\n`;
  writeFileSync(path, next);
}

const defaultDoc = (): string => resolve(repoRoot(), 'docs/model-quality.md');

/** `forecourt models train|evaluate|list|promote|seed-logs|simulate-eval`. */
export function registerModelsCommands(program: Command, io: CliIo): void {
  const models = program.command('models').description('Uplift models: train on stored logs or the Hillstrom file, evaluate, registry, simulator evaluation');

  withStoreFlags(models.command('train'))
    .description('Train an uplift model and register the version (with its fitted coefficients/trees) in the database')
    .option('--source <source>', 'hillstrom (the shared file) or store (exposures and outcomes in the database)', 'store')
    .option('--contrast <arm>', 'hillstrom: womens, mens or both (multi-treatment)', 'womens')
    .option('--outcome <outcome>', 'hillstrom: visit, conversion or spend', 'visit')
    .option('--method <m>', 'x, t, dr or ct (class transformation)', 'x')
    .option('--base <b>', 'gbt or logistic', 'gbt')
    .option('--seed <n>', 'random seed', '1')
    .option('--promote', 'make the new version live')
    .option('--json', 'print the registered version as JSON')
    .action(async (flags: StoreFlags & { source: string; contrast: string; outcome: string; method: string; base: string; seed: string; promote?: boolean; json?: boolean }) => {
      const src = source(flags.source);
      const opts = { method: method(flags.method), base: base(flags.base), seed: Number(flags.seed) };
      if (!Number.isInteger(opts.seed)) throw new ForecourtError('VALIDATION_FAILED', '--seed must be an integer');
      await withCliStore(flags, async (store) => {
        const repo = modelsStore(store.db);
        const progress = progressCallback(`training ${opts.method}`);
        let trained;
        try {
          if (src === 'hillstrom') {
            const contrast = flags.contrast;
            if (contrast !== 'womens' && contrast !== 'mens' && contrast !== 'both') throw new ForecourtError('VALIDATION_FAILED', '--contrast must be womens, mens or both');
            const outcome = flags.outcome;
            if (outcome !== 'visit' && outcome !== 'conversion' && outcome !== 'spend') throw new ForecourtError('VALIDATION_FAILED', '--outcome must be visit, conversion or spend');
            trained = trainHillstrom(loadHillstrom(), { contrast, outcome, ...opts }, progress.onProgress);
          } else {
            const rows = await repo.loggedRows();
            if (rows.length === 0) throw new ForecourtError('NOT_FOUND', 'no exposures in the database; run `forecourt models seed-logs` or log some first');
            trained = trainFromLogs(rows, opts, progress.onProgress);
          }
        } finally {
          progress.stop();
        }
        let version = await repo.registerVersion(trained.registration, trained.model.serialise(trained.registration.features), new Date());
        if (flags.promote) version = await repo.promote(version.id);
        if (flags.json) { io.out(JSON.stringify(version, null, 2)); return; }
        io.out(`registered ${version.id} (${version.method}, ${version.hyperParameters.base}, ${version.trainingRows} rows, ${version.status})`);
        for (const [k, v] of Object.entries(version.metrics)) io.out(`  ${k.padEnd(20)} ${v.toFixed(4)}`);
      });
    });

  withStoreFlags(models.command('evaluate'))
    .description('Repeated random 50/50 splits: Qini AUC and uplift@10%/@30% with their spread')
    .option('--source <source>', 'hillstrom or store', 'hillstrom')
    .option('--splits <n>', 'number of splits', '20')
    .option('--seed <n>', 'random seed', '1')
    .option('--base <b>', 'gbt or logistic', 'gbt')
    .option('--contrasts <list>', 'hillstrom: womens,mens', 'womens,mens')
    .option('--outcomes <list>', 'hillstrom: visit,spend,conversion', 'visit,spend')
    .option('--methods <list>', 'comma-separated: t,x,dr,ct', 't,x,dr,ct')
    .option('--json', 'print JSON')
    .option('--write-doc', 'also write the table with its command into docs/model-quality.md')
    .option('--doc <path>', 'the Markdown file --write-doc writes to', '')
    .action(async (flags: StoreFlags & { source: string; splits: string; seed: string; base: string; contrasts: string; outcomes: string; methods: string; json?: boolean; writeDoc?: boolean; doc: string }) => {
      const src = source(flags.source);
      const splits = positiveInt('--splits', flags.splits);
      const methods = flags.methods.split(',').map(method);
      const b = base(flags.base);
      const started = Date.now();
      const progress = progressCallback('evaluating');
      let table: string, json: unknown;
      try {
        if (src === 'hillstrom') {
          const config = HillstromEvalConfig.safeParse({ splits, seed: Number(flags.seed), base: b, contrasts: flags.contrasts.split(','), outcomes: flags.outcomes.split(','), methods });
          if (!config.success) throw new ForecourtError('VALIDATION_FAILED', config.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
          const rows = evaluateHillstrom(loadHillstrom(), config.data, progress.onProgress);
          table = hillstromMarkdown(rows);
          json = rows;
        } else {
          const rows = await withCliStore(flags, async (store) => modelsStore(store.db).loggedRows());
          if (rows.length === 0) throw new ForecourtError('NOT_FOUND', 'no exposures in the database; run `forecourt models seed-logs` first');
          const result = evaluateLogs(rows, { splits, methods, base: b, seed: Number(flags.seed) }, progress.onProgress);
          table = logsEvalMarkdown(result);
          json = result;
        }
      } finally {
        progress.stop();
      }
      const seconds = (Date.now() - started) / 1000;
      if (flags.json) io.out(JSON.stringify(json, null, 2)); else io.out(table);
      if (flags.writeDoc) {
        const cmd = `forecourt models evaluate --source ${src} --splits ${splits} --base ${b} --methods ${flags.methods}${src === 'hillstrom' ? ` --contrasts ${flags.contrasts} --outcomes ${flags.outcomes}` : ''}`;
        const path = flags.doc || defaultDoc();
        writeDocSection(path, `models-evaluate-${src}-${b}`, `Command (took ${seconds.toFixed(1)} s):\n\n\`\`\`\n${cmd}\n\`\`\`\n\n${table}`);
        io.err(`wrote the table to ${path}`);
      }
    });

  withStoreFlags(models.command('list'))
    .description('The model registry: versions with training window, features, metrics, consent and status')
    .option('--json', 'print JSON')
    .action(async (flags: StoreFlags & { json?: boolean }) => {
      await withCliStore(flags, async (store) => {
        const versions = await modelsStore(store.db).listVersions();
        if (flags.json) { io.out(JSON.stringify(versions, null, 2)); return; }
        if (versions.length === 0) { io.out('no models registered'); return; }
        io.out('id                                   status     method                base      rows  window');
        for (const v of versions) {
          io.out(`${v.id.padEnd(36)} ${v.status.padEnd(10)} ${v.method.padEnd(21)} ${String(v.hyperParameters.base ?? '').padEnd(9)} ${String(v.trainingRows).padStart(5)}  ${v.trainingWindow.from.slice(0, 10)}..${v.trainingWindow.to.slice(0, 10)}`);
        }
      });
    });

  withStoreFlags(models.command('promote <id>'))
    .description('Make a model version live (the previous live version of that name is retired)')
    .action(async (id: string, flags: StoreFlags) => {
      await withCliStore(flags, async (store) => {
        const repo = modelsStore(store.db);
        if (!(await repo.getVersion(id))) throw new ForecourtError('NOT_FOUND', `no model ${id}`);
        const v = await repo.promote(id);
        io.out(`${v.id} is live`);
      });
    });

  withStoreFlags(models.command('seed-logs'))
    .description('Write deterministic exposures and outcomes from the simulator (a randomised service campaign) into the database')
    .option('--scenario <name>', 'shipped scenario', 'demo')
    .option('--seed <n>', 'simulator seed', '1')
    .option('--vehicles <n>', 'fleet size', '2000')
    .option('--months <n>', 'months (middle third randomised)', '9')
    .action(async (flags: StoreFlags & { scenario: string; seed: string; vehicles: string; months: string }) => {
      const vehicles = positiveInt('--vehicles', flags.vehicles), months = positiveInt('--months', flags.months);
      await withCliStore(flags, async (store) => {
        const p = createProgress('seeding logs');
        const r = await seedModelLogs(store.db, { scenario: flags.scenario, seed: Number(flags.seed), vehicles, months }, (d, t) => p.update(d, t));
        p.stop();
        io.out(`wrote ${r.exposures} exposures and ${r.outcomes} outcomes`);
      });
    });

  withStoreFlags(models.command('collect'))
    .description('Turn the platform\'s own logs into training data: sent messages and held-out decisions become exposures (with the deciding propensity), redemptions within the window their outcomes; idempotent')
    .option('--window-days <n>', 'response window after an exposure, in days', '30')
    .action(async (flags: StoreFlags & { windowDays: string }) => {
      const windowDays = positiveInt('--window-days', flags.windowDays);
      await withCliStore(flags, async (store) => {
        const r = await collectLogs(store.db, new Date(), { windowDays });
        io.out(`collected ${r.exposures} sent exposure(s) and ${r.holdouts} holdout(s); wrote ${r.outcomes} outcome(s), ${r.converted} converted; ${r.awaiting} still inside their ${windowDays}-day window`);
      });
    });

  models.command('simulate-eval')
    .description('Issue 6 item 9 on the simulator: share of the oracle, CLV by decile, OPE estimate vs realised value')
    .option('--scenario <name>', 'shipped scenario', 'demo')
    .option('--seed <n>', 'simulator seed', '1')
    .option('--months <n>', 'scorecard and CLV horizon', '36')
    .option('--vehicles <n>', 'fleet size (default: the scenario\'s)')
    .option('--ope-months <n>', 'months of the OPE runs (middle third randomised)', '9')
    .option('--json', 'print JSON')
    .option('--write-doc', 'also write the figures with the command into docs/model-quality.md')
    .option('--doc <path>', 'the Markdown file --write-doc writes to', '')
    .action((flags: { scenario: string; seed: string; months: string; vehicles?: string; opeMonths: string; json?: boolean; writeDoc?: boolean; doc: string }) => {
      const months = positiveInt('--months', flags.months), opeMonths = positiveInt('--ope-months', flags.opeMonths);
      const vehicles = flags.vehicles === undefined ? undefined : positiveInt('--vehicles', flags.vehicles);
      const p = createProgress('simulator evaluation');
      const started = Date.now();
      const result = evaluateOnSimulator({ scenario: loadShippedScenario(flags.scenario), seed: Number(flags.seed), months, vehicles, opeMonths, onProgress: (stage, d, t) => p.update(d, t, stage) });
      p.stop();
      const md = simulatorEvalMarkdown(result);
      io.out(flags.json ? JSON.stringify(result, null, 2) : md);
      if (flags.writeDoc) {
        const cmd = `forecourt models simulate-eval --scenario ${flags.scenario} --seed ${flags.seed} --months ${months}${vehicles ? ` --vehicles ${vehicles}` : ''} --ope-months ${opeMonths}`;
        const path = flags.doc || defaultDoc();
        writeDocSection(path, 'models-simulate-eval', `Command (took ${((Date.now() - started) / 1000).toFixed(1)} s):\n\n\`\`\`\n${cmd}\n\`\`\`\n\n${md}`);
        io.err(`wrote the figures to ${path}`);
      }
    });
}
