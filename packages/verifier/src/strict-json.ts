import { fail } from './attack-class.js';

const MAX_DEPTH = 16;

/**
 * JSON.parse keeps the last of duplicate keys, so `{"version":58,"version":57}`
 * could mean different things to two parsers (THREATS.md SC-28, IN-05). This
 * parses strictly: UTF-8 without BOM, no duplicate keys, nesting ≤ 16.
 */
export function parseStrictJson(bytes: Uint8Array, label: string): unknown {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) fail('schema_violation', `${label}: byte order mark`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    fail('schema_violation', `${label}: not UTF-8`);
  }
  const objects: (Set<string> | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      let k = j + 1;
      while (k < text.length && ' \t\r\n'.includes(text[k]!)) k++;
      const top = objects[objects.length - 1];
      if (text[k] === ':' && top) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          fail('schema_violation', `${label}: malformed key`);
        }
        if (top.has(key)) fail('schema_violation', `${label}: duplicate key ${JSON.stringify(key)}`);
        top.add(key);
      }
      i = j;
    } else if (ch === '{' || ch === '[') {
      objects.push(ch === '{' ? new Set() : null);
      if (objects.length > MAX_DEPTH) fail('schema_violation', `${label}: nested deeper than ${MAX_DEPTH}`);
    } else if (ch === '}' || ch === ']') {
      objects.pop();
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    fail('schema_violation', `${label}: not JSON`);
  }
}
