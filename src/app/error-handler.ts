import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { errorCodes, isForecourtError, type ErrorCode } from '../kernel';

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Fastify's own error codes, mapped onto ours. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

/**
 * The one mapper from failures to `{ code, message, details }`. Internal errors
 * are logged with their stack and answered without it.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let body: ErrorBody;
    if (isForecourtError(error)) {
      body = { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) };
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      body = {
        code: 'VALIDATION_FAILED',
        message: `Invalid ${error.validationContext ?? 'request'}`,
        details: error.validation.map((v) => ({ path: v.instancePath || '/', message: v.message })),
      };
    } else if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      body = { code: 'INTERNAL', message: errorCodes.INTERNAL.message };
    } else if (error.code && fastifyCodes[error.code]) {
      const code = fastifyCodes[error.code]!;
      body = { code, message: error.message };
    } else if (error instanceof SyntaxError || error.statusCode === 400) {
      body = { code: 'VALIDATION_FAILED', message: error.message };
    } else {
      request.log.error({ err: error }, 'unhandled error');
      body = { code: 'INTERNAL', message: errorCodes.INTERNAL.message };
    }
    void reply.status(errorCodes[body.code].status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ code: 'NOT_FOUND', message: errorCodes.NOT_FOUND.message } satisfies ErrorBody);
  });
}
