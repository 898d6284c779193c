/**
 * Customer-supplied values (names, dealer names) become plain slot text: NFC, no control,
 * bidi, zero-width, tag-block or private-use characters, no markup or template syntax,
 * collapsed whitespace, length-capped. They are data, never instructions (THREATS.md §3).
 */
const HIDDEN_RANGES: readonly (readonly [number, number])[] = [
  [0x00, 0x08], [0x0b, 0x0c], [0x0e, 0x1f], [0x7f, 0x9f], [0xad, 0xad], [0x34f, 0x34f], [0x115f, 0x1160], [0x180e, 0x180e],
  [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x2064], [0x2066, 0x206f], [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xfeff, 0xfeff],
  [0xffa0, 0xffa0], [0xe0000, 0xe007f],
];
const PRIVATE_USE = /^\p{Co}$/u;
const MARKUP = /[<>{}[\]`$\\|]/g;

function hidden(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return HIDDEN_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi) || PRIVATE_USE.test(ch);
}

export function sanitizeSlot(value: string, maxLength = 60): string {
  const visible = [...value.normalize('NFC')].filter((ch) => !hidden(ch)).join('');
  const cleaned = visible.replace(MARKUP, '').replace(/\s+/g, ' ').trim();
  return [...cleaned].slice(0, maxLength).join('').trim();
}

/** True when the text holds control, invisible, bidi, tag or private-use characters (an injection signal). Tab and line feeds are allowed. */
export function hasHiddenCharacters(value: string): boolean {
  return [...value].some(hidden);
}
