export { errorCodes, ForecourtError, isForecourtError, type ErrorCode } from './errors';
export { createRng, hashString, type Rng } from './rng';
export { checkVin, isValidVin, makeVin, vinCheckDigit, type VinCheck } from './vin';
export { fixedClock, systemClock, type Clock } from './clock';
export { repoRoot, sharedDir } from './shared-dir';
