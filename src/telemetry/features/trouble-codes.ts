import { z } from 'zod';
import { defineFeatureExtractor } from './define-feature-extractor';

/** Up to this many active codes are kept, encoded as numbers so the state stays a Float64Array. */
export const maxActiveCodes = 8;
const letters = 'PCBU';
const dtcPattern = /^[PCBU][0-9A-F]{4}$/;

/** "P0301" → 0x0301, "U0100" → 3·65536 + 0x0100. Returns NaN for anything that is not an OBD-II DTC. */
export function encodeDtc(code: string): number {
  if (!dtcPattern.test(code)) return NaN;
  return letters.indexOf(code[0] as string) * 65_536 + parseInt(code.slice(1), 16);
}

export function decodeDtc(n: number): string {
  return `${letters[Math.floor(n / 65_536)]}${(n % 65_536).toString(16).toUpperCase().padStart(4, '0')}`;
}

// Slots: 0 number of codes kept | 1..8 encoded codes | 9 reported DTC count
export const troubleCodes = defineFeatureExtractor({
  code: 'trouble_codes',
  description: 'Active OBD-II diagnostic trouble codes from Vehicle.Diagnostics.DTCList (value), reported count (detail)',
  signals: ['Vehicle.Diagnostics.DTCList', 'Vehicle.Diagnostics.DTCCount'],
  params: z.object({}),
  stateSize: 2 + maxActiveCodes,
  update(s, o, input, v, _ts, raw) {
    if (input === 1) {
      s[o + 1 + maxActiveCodes] = v;
      return;
    }
    if (!Array.isArray(raw)) return; // the list only arrives in the simple format
    let n = 0;
    for (const item of raw) {
      const code = typeof item === 'string' ? encodeDtc(item.trim().toUpperCase()) : NaN;
      if (code !== code || n >= maxActiveCodes) continue;
      let dup = false;
      for (let k = 0; k < n; k++) if (s[o + 1 + k] === code) dup = true;
      if (!dup) s[o + 1 + n++] = code;
    }
    s[o] = n;
  },
  read(s, o) {
    const codes: string[] = [];
    for (let k = 0; k < (s[o] as number); k++) codes.push(decodeDtc(s[o + 1 + k] as number));
    return { value: codes, unit: 'codes', detail: { reported: s[o + 1 + maxActiveCodes] as number } };
  },
});
