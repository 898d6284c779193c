/**
 * Normalised views of a message (RULES.md §3.1) with an offset map back to the
 * original text. Every unit of a view knows the original range it came from, so a
 * match in a view becomes evidence in the original text.
 *
 * - `norm`: NFKC, invisible/format characters removed, confusables folded to their
 *   Latin skeleton, case-folded, diacritics stripped. Used for numbers, prices and
 *   disclosure labels (Appendix C.6).
 * - `lex`: `norm` plus emoji concepts, letter-spacing collapse, leetspeak and
 *   separators between letters removed. Used for lexicon matching only, never for numbers.
 */

export interface View {
  readonly text: string;
  /** Original start offset of each UTF-16 unit of `text`. */
  readonly start: readonly number[];
  /** Original end offset (exclusive) of each UTF-16 unit of `text`. */
  readonly end: readonly number[];
}

export interface TextView {
  readonly original: string;
  readonly norm: View;
  readonly lex: View;
}

export interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const invisibleRanges: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad], [0x034f, 0x034f], [0x061c, 0x061c], [0x180e, 0x180e],
  [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x2064], [0x2066, 0x2069],
  [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xe0100, 0xe01ef],
  // emoji skin-tone modifiers carry no meaning for the concepts of step 6
  [0x1f3fb, 0x1f3ff],
];

export function isInvisible(cp: number): boolean {
  for (const [a, b] of invisibleRanges) if (cp >= a && cp <= b) return true;
  return false;
}

/** Removes the characters of §3.1 step 2 (and other format characters). */
export function stripInvisibles(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (!isInvisible(cp) && !/\p{Cf}/u.test(ch)) out += ch;
  }
  return out;
}

/** UTS #39-style skeleton for the look-alikes that matter in our markets. */
const confusables: Readonly<Record<string, string>> = {
  // Cyrillic
  'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c',
  'т': 't', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i', 'ї': 'i', 'ј': 'j', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w',
  'һ': 'h', 'ӏ': 'l',
  'А': 'a', 'В': 'b', 'Е': 'e', 'Ё': 'e', 'К': 'k', 'М': 'm', 'Н': 'h', 'О': 'o', 'Р': 'p', 'С': 'c',
  'Т': 't', 'У': 'y', 'Х': 'x', 'Ѕ': 's', 'І': 'i', 'Ї': 'i', 'Ј': 'j', 'Ԛ': 'q', 'Ԝ': 'w', 'Һ': 'h', 'Ӏ': 'l',
  // Greek
  'Α': 'a', 'Β': 'b', 'Ε': 'e', 'Ζ': 'z', 'Η': 'h', 'Ι': 'i', 'Κ': 'k', 'Μ': 'm', 'Ν': 'n', 'Ο': 'o',
  'Ρ': 'p', 'Τ': 't', 'Υ': 'y', 'Χ': 'x', 'α': 'a', 'ο': 'o', 'ν': 'v', 'ρ': 'p', 'ι': 'i', 'κ': 'k',
  'υ': 'u', 'χ': 'x', 'ϲ': 'c', 'ϳ': 'j',
  // Latin look-alikes and punctuation
  'ß': 'ss', 'ẞ': 'ss', 'ı': 'i', 'ȷ': 'j', 'ɡ': 'g', 'ɑ': 'a', 'ʟ': 'l', 'օ': 'o', 'ս': 'u',
  '\u2018': "'", '\u2019': "'", '\u02bc': "'", '\u2032': "'", '`': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '«': '"', '»': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2212': '-',
  '\u00a0': ' ', '\u202f': ' ', '\u2009': ' ', '\u2007': ' ',
};

/** Footnote markers become spaces in the views (so `$279¹` stays a price); the original keeps them. */
const footnoteMarks = /^[\u00b9\u00b2\u00b3\u2070-\u2079\u2020\u2021]$/u;

/** Emoji concepts of §3.1 step 6, as words for lexicon matching. */
const emojiWords: Readonly<Record<string, string>> = {
  '🙌': 'hands', '✋': 'hands', '👐': 'hands', '🤚': 'hands', '🖐': 'hands',
  '😴': 'sleep', '💤': 'sleep', '🛌': 'sleep',
  '🤖': 'robotdriver',
  '📱': 'screenactivity', '📺': 'screenactivity', '🎬': 'screenactivity', '📖': 'screenactivity', '💻': 'screenactivity',
};

const leet: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

class ViewBuilder {
  text = '';
  readonly start: number[] = [];
  readonly end: number[] = [];
  push(s: string, from: number, to: number): void {
    this.text += s;
    for (let k = 0; k < s.length; k++) {
      this.start.push(from);
      this.end.push(to);
    }
  }
  view(): View {
    return { text: this.text, start: this.start, end: this.end };
  }
}

/** The §3.1 steps 1–4 for a short string (also used to compile lexicon terms). */
export function foldText(text: string): string {
  let out = '';
  for (const ch of stripInvisibles(text).normalize('NFKC')) out += foldChar(ch);
  return out.normalize('NFD').replace(/\p{M}/gu, '');
}

function foldChar(ch: string): string {
  const mapped = confusables[ch] ?? ch;
  return mapped.toLowerCase();
}

function buildNorm(original: string): View {
  const b = new ViewBuilder();
  const cluster = /\P{M}\p{M}*|\p{M}+/gu;
  for (const m of original.matchAll(cluster)) {
    const from = m.index;
    const to = from + m[0].length;
    let visible = '';
    for (const ch of m[0]) {
      const cp = ch.codePointAt(0) ?? 0;
      if (!isInvisible(cp) && !/\p{Cf}/u.test(ch)) visible += ch;
    }
    if (visible === '') continue;
    if (footnoteMarks.test(visible)) {
      b.push(' ', from, to);
      continue;
    }
    let folded = '';
    for (const ch of visible.normalize('NFKC')) folded += foldChar(ch);
    folded = folded.normalize('NFD').replace(/\p{M}/gu, '');
    if (folded !== '') b.push(folded, from, to);
  }
  return b.view();
}

function emojiConcepts(v: View): View {
  const b = new ViewBuilder();
  const t = v.text;
  for (let i = 0; i < t.length; ) {
    const cp = t.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    const word = emojiWords[ch];
    const s = v.start[i] ?? 0;
    const e = v.end[i + ch.length - 1] ?? s;
    if (word) {
      b.push(` ${word} `, s, e);
    } else {
      for (let k = 0; k < ch.length; k++) b.push(t[i + k] ?? '', v.start[i + k] ?? s, v.end[i + k] ?? e);
    }
    i += ch.length;
  }
  return b.view();
}

const spacedRun = /(?<![\p{L}\p{N}@$])[\p{L}\p{N}@$](?:[ ][\p{L}\p{N}@$]){2,}(?![\p{L}\p{N}@$])/gu;

function collapseLetterSpacing(v: View): View {
  const drop = new Set<number>();
  for (const m of v.text.matchAll(spacedRun)) {
    for (let k = 1; k < m[0].length; k += 2) drop.add(m.index + k);
  }
  if (drop.size === 0) return v;
  const b = new ViewBuilder();
  for (let i = 0; i < v.text.length; i++) {
    if (!drop.has(i)) b.push(v.text[i] ?? '', v.start[i] ?? 0, v.end[i] ?? 0);
  }
  return b.view();
}

function mapLeet(v: View): View {
  const chars = v.text.split('');
  for (const m of v.text.matchAll(/[\p{L}\p{N}@$]+/gu)) {
    if (!/\p{L}/u.test(m[0]) || !/[013457@$]/.test(m[0])) continue;
    for (let k = 0; k < m[0].length; k++) {
      const r = leet[m[0][k] ?? ''];
      if (r) chars[m.index + k] = r;
    }
  }
  return { text: chars.join(''), start: v.start, end: v.end };
}

/** §3.1 step 5: `-`, `_`, `.`, `·` between two word characters are optional, so the lexicon view drops them. */
function dropInnerSeparators(v: View): View {
  const t = v.text;
  const b = new ViewBuilder();
  for (let i = 0; i < t.length; i++) {
    const c = t[i] ?? '';
    if ('-_.·–—'.includes(c) && /[\p{L}\p{N}]/u.test(t[i - 1] ?? '') && /[\p{L}\p{N}]/u.test(t[i + 1] ?? '')) continue;
    b.push(c, v.start[i] ?? 0, v.end[i] ?? 0);
  }
  return b.view();
}

export function createTextView(original: string): TextView {
  const norm = buildNorm(original);
  const lex = dropInnerSeparators(mapLeet(collapseLetterSpacing(emojiConcepts(norm))));
  return { original, norm, lex };
}

/** Evidence span in the original text for units [i, j) of a view. */
export function spanOf(tv: TextView, v: View, i: number, j: number): Span {
  if (v.text.length === 0) return { start: 0, end: 0, text: '' };
  const a = Math.max(0, Math.min(i, v.text.length - 1));
  const z = Math.max(a, Math.min(j, v.text.length) - 1);
  const start = v.start[a] ?? 0;
  const end = Math.max(start, v.end[z] ?? start);
  return { start, end, text: tv.original.slice(start, end) };
}
