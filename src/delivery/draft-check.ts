import { z } from 'zod';
import { hasHiddenCharacters } from './sanitize-slot';

/**
 * Deterministic checks on AI-drafted copy (THREATS.md §3). The draft is untrusted: it must be
 * exactly `{ title, body, disclaimer }` (nothing else, e.g. no `cta`, `url`, `activate`), plain
 * text without links, markup, template syntax or invisible characters, use no placeholder but
 * `{name}`, and every number in it must appear in the structured offer facts.
 */
export const DraftOutput = z.strictObject({
  title: z.string().min(1).max(60),
  body: z.string().min(1).max(280),
  disclaimer: z.string().max(600),
});
export type DraftOutput = z.infer<typeof DraftOutput>;

const LINK_OR_MARKUP = [
  /[a-z][a-z0-9+.-]*:\/\//i,
  /\b(?:javascript|data|file|intent|mailto|tel|sms|https?|ftp):/i,
  /\bwww\./i,
  /\b[a-z0-9-]+\.(?:com|net|org|io|info|biz|app|dev|xyz|ly|me|co|uk|de|fr|it|es|nl|eu|example|test)\b/i,
  /[<>`]/,
  /\[[^\]]*\]\([^)]*\)/,
  /\$\{/,
  /\{\{/,
];

export type DraftProblem = 'not_json' | 'schema' | 'hidden_characters' | 'link_or_markup' | 'unknown_placeholder' | 'number_not_in_offer' | 'not_nfc';

/** Number tokens as the reader sees them: "3.9", "3,9", "1,500" → "3.9", "3.9", "1500". */
export function numbersIn(text: string): string[] {
  return [...text.matchAll(/\d+(?:[.,\u202f\u00a0 ]\d+)*/g)].map((m) => {
    const raw = m[0].replace(/[\u202f\u00a0 ]/g, '');
    // a comma/dot followed by exactly three digits is a thousands separator; otherwise decimal
    return raw.replace(/[.,](?=\d{3}(?:\D|$))/g, '').replace(',', '.').replace(/\.0+$/, '');
  });
}

/** Parses and checks a model answer. `facts` are the strings generated from the structured offer. */
export function checkDraft(content: string, facts: readonly string[]): { ok: true; draft: DraftOutput } | { ok: false; problem: DraftProblem; detail: string } {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return { ok: false, problem: 'not_json', detail: 'the answer is not strict JSON' };
  }
  const parsed = DraftOutput.safeParse(json);
  if (!parsed.success) return { ok: false, problem: 'schema', detail: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
  const draft = parsed.data;
  const allowed = new Set(facts.flatMap(numbersIn));
  for (const text of [draft.title, draft.body, draft.disclaimer]) {
    if (text.normalize('NFC') !== text) return { ok: false, problem: 'not_nfc', detail: 'text is not NFC-normalised' };
    if (hasHiddenCharacters(text)) return { ok: false, problem: 'hidden_characters', detail: 'control, invisible, bidi or tag characters' };
    if (LINK_OR_MARKUP.some((re) => re.test(text))) return { ok: false, problem: 'link_or_markup', detail: 'links, markup or template syntax are not allowed' };
    const placeholders = [...text.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
    if (placeholders.some((p) => p !== 'name') || /[{}]/.test(text.replace(/\{name\}/g, ''))) return { ok: false, problem: 'unknown_placeholder', detail: 'only {name} may be used' };
    const stray = numbersIn(text).filter((n) => !allowed.has(n));
    if (stray.length > 0) return { ok: false, problem: 'number_not_in_offer', detail: `numbers not in the offer: ${stray.join(', ')}` };
  }
  return { ok: true, draft };
}
