import { z } from 'zod';

/** True when PostgreSQL can store the string as text and inside jsonb: no NUL, no unpaired UTF-16 surrogate. */
export function isStorableText(s: string): boolean {
  return !s.includes('\u0000') && !/[\uD800-\uDFFF]/u.test(s);
}

/**
 * Free text that goes into the database. PostgreSQL refuses NUL in text and jsonb and an unpaired
 * surrogate's escape in jsonb; without this check such input became a 500 instead of a 400
 * (found by the fuzz tests in tests/fuzz).
 */
export const StorableText = z.string().refine(isStorableText, 'text must not contain NUL or unpaired surrogates');

export const storableText = (min: number, max: number) => StorableText.min(min).max(max);
