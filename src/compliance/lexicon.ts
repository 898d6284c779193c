import { foldText, spanOf, type Span, type TextView, type View } from './text-view';

/**
 * Lexicon matching on the `lex` view (RULES.md §3.1 step 5) with negation
 * detection (§3.2).
 *
 * Term syntax: a leading `*` drops the start word boundary (matches inside German
 * compounds such as "City-Autopilot" or "Stauautopilot"), a trailing `*` makes the
 * term a stem ("autonom*" matches "autonomes"). The lex view has already dropped
 * `-`, `_`, `.`, `·` between letters; a space or hyphen in a term matches any run
 * of separators, including none.
 */

export interface LexiconHit {
  readonly term: string;
  /** Range in the lex view. */
  readonly i: number;
  readonly j: number;
  readonly span: Span;
  readonly negated: boolean;
}

export interface Lexicon {
  readonly terms: readonly string[];
  readonly regex: RegExp;
}

/** A word character of the folded views (lower-case Latin after folding, plus other scripts). Cheaper than \p{L} in big alternations. */
export const WORD = '[a-z0-9\\u00c0-\\u02af\\u0370-\\u052f]';
const sepRun = "[\\s\\-_.·/–—]*";

function escapeChar(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

interface CompiledTerm {
  readonly body: string;
  readonly infix: boolean;
}

export function compileTerm(raw: string): string {
  const t = compileTermParts(raw);
  return `${t.infix ? '' : `(?<!${WORD})`}${t.body}`;
}

function compileTermParts(raw: string): CompiledTerm {
  let term = raw.trim();
  const infix = term.startsWith('*');
  const stem = term.endsWith('*');
  term = foldText(term.replace(/^\*|\*$/g, ''));
  let out = '';
  let prevSep = false;
  for (const c of term) {
    if (/[\p{L}\p{N}]/u.test(c)) {
      out += escapeChar(c);
      prevSep = false;
    } else if (/[\s\-_]/.test(c)) {
      if (!prevSep) out += sepRun;
      prevSep = true;
    } else if (c === "'") {
      out += "['\\s]?";
      prevSep = false;
    } else {
      out += `\\s*${escapeChar(c)}\\s*`;
      prevSep = false;
    }
  }
  const tail = stem ? `${WORD}*` : `(?!${WORD})`;
  return { body: `${out}${tail}`, infix };
}

export function createLexicon(terms: readonly string[]): Lexicon {
  const compiled = [...terms].sort((a, b) => b.length - a.length).map(compileTermParts);
  const bounded = compiled.filter((t) => !t.infix).map((t) => t.body);
  const infix = compiled.filter((t) => t.infix).map((t) => t.body);
  const parts: string[] = [];
  if (bounded.length) parts.push(`(?<!${WORD})(?:${bounded.join('|')})`);
  if (infix.length) parts.push(`(?:${infix.join('|')})`);
  return { terms, regex: new RegExp(parts.join('|'), 'g') };
}

const negators = new Set([
  'not', 'never', 'no', 'nor', 'neither', 'cannot', 'nothing',
  'nicht', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'keines', 'nie', 'niemals',
  'pas', 'ne', 'jamais', 'aucun', 'aucune', 'ni', 'non',
]);
const intensifiers = new Set(['just', 'only', 'merely', 'simply', 'nur', 'bloss', 'blos', 'seulement', 'que', 'uniquement', 'juste', 'more', 'longer', 'mehr', 'plus']);
const clauseBreak = /[.!?;:,\n–—()]|\s-\s|\b(?:but|aber|sondern|mais)\b/g;
const postNegation = /^\s*\?\s*(?:not|non|nein|no|nope|pas|jamais|never|nie|niemals|keineswegs)\b|^\s*(?:(?:is|are|was|were)\s+(?:not|never)|isn't|aren't|ist\s+(?:nicht|kein\w*)|sind\s+(?:nicht|kein\w*)|n'est\s+pas|ne\s+sont\s+pas)\b(?!\s+(?:just|only|merely|nur|seulement|que)\b)|^\s*[?!.,:]*\s*[–—-]?\s*(?:(?:not at all|pas du tout|auf keinen fall|absolutely not|keineswegs|certainly not|of course not|bien sur que non)|(?:no|nope|nein|non|never|jamais|nicht)(?=\s*(?:[.!,;:–—-]|$)))/;

function isNegator(token: string): boolean {
  return negators.has(token) || /n't$/.test(token) || /^n'/.test(token);
}

/** Whether the match [i, j) of `text` sits inside a denial (§3.2). */
export function isNegated(text: string, i: number, j: number, options: { post?: boolean; window?: number } = {}): boolean {
  const before = text.slice(Math.max(0, i - 120), i);
  let clauseStart = 0;
  for (const m of before.matchAll(clauseBreak)) clauseStart = m.index + m[0].length;
  const clause = before.slice(clauseStart);
  const tokens = clause.match(/[\p{L}\p{N}']+/gu) ?? [];
  const window = options.window ?? 6;
  const recent = tokens.slice(-window);
  for (let k = 0; k < recent.length; k++) {
    const t = recent[k] ?? '';
    if (!isNegator(t)) continue;
    const next = recent[k + 1];
    if (next !== undefined && intensifiers.has(next)) continue;
    // "n'est pas seulement" – the intensifier follows the second negator
    if (t.startsWith("n'") && recent[k + 1] === 'pas' && intensifiers.has(recent[k + 2] ?? '')) continue;
    return true;
  }
  if (options.post !== false && postNegation.test(text.slice(j, j + 40))) return true;
  return false;
}

export interface MatchOptions {
  /** Check for a denial after the term ("Autonomous? No."). Default true. */
  readonly post?: boolean;
  /** Do not evaluate negation at all. */
  readonly ignoreNegation?: boolean;
}

export function matchLexicon(tv: TextView, lexicon: Lexicon, options: MatchOptions = {}, view: View = tv.lex): LexiconHit[] {
  const hits: LexiconHit[] = [];
  lexicon.regex.lastIndex = 0;
  for (const m of view.text.matchAll(lexicon.regex)) {
    if (m[0].length === 0) continue;
    const i = m.index;
    const j = i + m[0].length;
    const negated = options.ignoreNegation ? false : isNegated(view.text, i, j, { post: options.post });
    hits.push({ term: m[0], i, j, span: spanOf(tv, view, i, j), negated });
  }
  return hits;
}

export interface RegexHit {
  readonly i: number;
  readonly j: number;
  readonly match: RegExpExecArray | RegExpMatchArray;
  readonly span: Span;
}

/** Runs a regex (written in folded, lower-case form) over a view. */
const globalCache = new Map<string, RegExp>();

/** A global twin of `regex`, compiled once. */
export function globalRegex(regex: RegExp): RegExp {
  if (regex.global) return regex;
  const key = `${regex.flags}/${regex.source}`;
  let re = globalCache.get(key);
  if (!re) {
    re = new RegExp(regex.source, `${regex.flags}g`);
    globalCache.set(key, re);
  }
  return re;
}

export function matchRegex(tv: TextView, regex: RegExp, view: View = tv.norm): RegexHit[] {
  const re = globalRegex(regex);
  re.lastIndex = 0;
  const out: RegexHit[] = [];
  for (const m of view.text.matchAll(re)) {
    if (m[0].length === 0) continue;
    out.push({ i: m.index, j: m.index + m[0].length, match: m, span: spanOf(tv, view, m.index, m.index + m[0].length) });
  }
  return out;
}

/** Sentence ranges [start, end) of a view's text. */
export function sentences(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let s = 0;
  for (const m of text.matchAll(/[.!?]+(?=\s|$)|[;\n]/g)) {
    const e = m.index + m[0].length;
    if (e > s) out.push({ start: s, end: e });
    s = e;
  }
  if (s < text.length) out.push({ start: s, end: text.length });
  return out;
}

export function sentenceAt(text: string, i: number): { start: number; end: number } {
  for (const s of sentences(text)) if (i >= s.start && i < s.end) return s;
  return { start: 0, end: text.length };
}
