/**
 * The one registry of stable error codes. Every real failure that crosses a
 * boundary (HTTP, CLI, worker) carries one of these codes; expected outcomes
 * such as "not eligible" are values, not errors (STYLE.md §6).
 */
export const errorCodes = {
  CONFIG_INVALID: { status: 500, message: 'The configuration is invalid' },
  VALIDATION_FAILED: { status: 400, message: 'The request does not match its schema' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  CONFLICT: { status: 409, message: 'The request conflicts with the current state' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported content type' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  UNAUTHENTICATED: { status: 401, message: 'Authentication required' },
  FORBIDDEN: { status: 403, message: 'Not allowed' },
  RATE_LIMITED: { status: 429, message: 'Too many requests' },
  STORE_UNAVAILABLE: { status: 503, message: 'The database is not reachable' },
  WORKER_UNAVAILABLE: { status: 503, message: 'A worker process did not answer' },
  MIGRATION_FAILED: { status: 500, message: 'A database migration failed' },
  MIGRATION_CHECKSUM_MISMATCH: { status: 500, message: 'An applied migration was changed after it ran' },
  PORT_IN_USE: { status: 500, message: 'The port is already in use' },
  VIN_INVALID: { status: 400, message: 'The VIN is not valid' },
  IMPORT_REJECTED: { status: 400, message: 'The import file has invalid rows; nothing was imported' },
  COMPLIANCE_BLOCKED: { status: 422, message: 'The message failed the compliance check' },
  INTERNAL: { status: 500, message: 'Internal error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCodes;

export class ForecourtError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? errorCodes[code].message);
    this.name = 'ForecourtError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }
}

export function isForecourtError(value: unknown): value is ForecourtError {
  return value instanceof ForecourtError;
}
