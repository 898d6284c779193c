import { z } from 'zod';
import { errorCodes } from '../kernel';

/** Response schemas are separate from domain/request schemas (STYLE.md §3). */
export const ErrorResponse = z.object({
  code: z.enum(Object.keys(errorCodes) as [keyof typeof errorCodes, ...(keyof typeof errorCodes)[]]),
  message: z.string(),
  details: z.unknown().optional(),
});

export const errorResponses = {
  400: ErrorResponse,
  404: ErrorResponse,
};

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  after: z.string().max(100).optional(),
});
