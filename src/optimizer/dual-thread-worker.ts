/**
 * Worker-thread entry: evaluates the dual over one range of customers, reading
 * the instance from SharedArrayBuffer views it was given at start.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { assignRange, createScratch, evaluateRange, maxCandidates, type KernelArrays } from './dual-kernel';

export interface ThreadInit {
  arrays: KernelArrays;
  lo: number;
  hi: number;
  optionCount: number;
  choice: Int32Array;
}

export type ThreadRequest =
  | { type: 'evaluate'; penalty: Float64Array; gamma: number }
  | { type: 'assign'; penalty: Float64Array; gamma: number; seed: number };

export type ThreadReply =
  | { type: 'evaluated'; lagrangian: number; smoothed: number; mass: Float64Array }
  | { type: 'assigned' };

const init = workerData as ThreadInit | null;
if (parentPort !== null && init !== null) {
  const port = parentPort;
  const scratch = createScratch(maxCandidates(init.arrays, init.lo, init.hi));
  port.on('message', (request: ThreadRequest) => {
    if (request.type === 'evaluate') {
      const mass = new Float64Array(init.optionCount);
      const [lagrangian, smoothed] = evaluateRange(init.arrays, init.lo, init.hi, request.penalty, request.gamma, mass, scratch);
      const reply: ThreadReply = { type: 'evaluated', lagrangian, smoothed, mass };
      port.postMessage(reply, [mass.buffer]);
    } else {
      assignRange(init.arrays, init.lo, init.hi, request.penalty, request.gamma, request.seed, init.choice, scratch);
      const reply: ThreadReply = { type: 'assigned' };
      port.postMessage(reply);
    }
  });
}
