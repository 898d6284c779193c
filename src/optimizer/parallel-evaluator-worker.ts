import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { assignRange, createScratch, evaluateRange, maxCandidates, type KernelArrays } from './dual-kernel';
import type { ThreadInit, ThreadReply } from './dual-thread-worker';
import { sharedFloat32, sharedInt32, sharedUint8, type Instance } from './instance';
import type { DualEvaluator } from './local-evaluator';
import { solveScale, type ScaleOptions, type ScaleSolution } from './dual-solver';

export interface ParallelEvaluatorOptions {
  /** Threads including the calling one; default: available cores (at least 1). */
  threads?: number;
}

function onShared<T extends Int32Array | Float32Array | Uint8Array>(array: T, make: (n: number) => T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = make(array.length);
  copy.set(array);
  return copy;
}

/**
 * Splits customers into contiguous ranges of about equal candidate counts: the
 * calling thread evaluates the first, one worker thread each of the others.
 * Workers read the instance through SharedArrayBuffer (no copy) and exchange
 * only the per-option penalty and mass vectors each iteration.
 */
export async function createParallelEvaluator(instance: Instance, options: ParallelEvaluatorOptions = {}): Promise<DualEvaluator> {
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), Math.max(1, instance.customerCount)));
  const arrays: KernelArrays = {
    candidateStart: onShared(instance.candidateStart, sharedInt32),
    candidateValue: onShared(instance.candidateValue, sharedFloat32),
    candidateOption: onShared(instance.candidateOption, sharedInt32),
    holdout: onShared(instance.holdout, sharedUint8),
    sortedByValue: instance.sortedByValue === true,
  };
  const n = instance.customerCount;
  const total = arrays.candidateStart[n]!;
  const bounds = [0];
  let i = 0;
  for (let t = 1; t < threads; t++) {
    const target = (total * t) / threads;
    while (i < n && arrays.candidateStart[i]! < target) i++;
    bounds.push(i);
  }
  bounds.push(n);
  const choice = sharedInt32(n);
  // Worker files are TypeScript: the thread registers tsx's loader, then imports its entry.
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./dual-thread-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  const P = instance.options.length;
  const workers = bounds.slice(1, -1).map((lo, w) => {
    const init: ThreadInit = { arrays, lo, hi: bounds[w + 2]!, optionCount: P, choice };
    return new Worker(bootstrap, { eval: true, workerData: init });
  });
  const ask = (worker: Worker, message: unknown): Promise<ThreadReply> => new Promise((resolve, reject) => {
    const onMessage = (reply: ThreadReply): void => { worker.off('error', onError); resolve(reply); };
    const onError = (error: Error): void => { worker.off('message', onMessage); reject(error); };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(message);
  });
  const hi0 = bounds[1]!;
  const scratch = createScratch(maxCandidates(arrays, 0, hi0));
  return {
    threads,
    evaluate: async (penalty, gamma) => {
      const pending = workers.map((w) => ask(w, { type: 'evaluate', penalty, gamma }));
      const mass = new Float64Array(P);
      let [lagrangian, smoothed] = evaluateRange(arrays, 0, hi0, penalty, gamma, mass, scratch);
      for (const reply of await Promise.all(pending)) {
        if (reply.type !== 'evaluated') continue;
        lagrangian += reply.lagrangian;
        smoothed += reply.smoothed;
        for (let p = 0; p < P; p++) mass[p]! += reply.mass[p]!;
      }
      return { lagrangian, smoothed, mass };
    },
    assign: async (penalty, gamma, seed) => {
      const pending = workers.map((w) => ask(w, { type: 'assign', penalty, gamma, seed }));
      assignRange(arrays, 0, hi0, penalty, gamma, seed, choice, scratch);
      await Promise.all(pending);
      return Int32Array.from(choice);
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** Scale mode on all cores: creates the worker evaluator, solves, and always shuts the workers down. */
export async function solveScaleParallel(
  instance: Instance, options: Omit<ScaleOptions, 'evaluator'> & ParallelEvaluatorOptions = {},
): Promise<ScaleSolution> {
  const evaluator = await createParallelEvaluator(instance, options);
  try {
    return await solveScale(instance, { ...options, evaluator });
  } finally {
    await evaluator.close();
  }
}
