/**
 * Vehicle identification numbers (ISO 3779). Seventeen characters from the
 * alphabet without I, O and Q. The check digit at position 9 is mandatory
 * for North American VINs (WMI starting 1–5) and verified there; elsewhere it
 * is optional, so only the format is checked.
 */
const transliteration: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const vinPattern = /^[A-HJ-NPR-Z0-9]{17}$/;

function charValue(ch: string): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  return transliteration[ch] ?? 0;
}

export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += charValue(vin[i] ?? '0') * (weights[i] ?? 0);
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

export type VinCheck = { valid: true } | { valid: false; reason: 'format' | 'check_digit' };

export function checkVin(vin: string): VinCheck {
  if (!vinPattern.test(vin)) return { valid: false, reason: 'format' };
  const northAmerican = vin[0] !== undefined && vin[0] >= '1' && vin[0] <= '5';
  if (northAmerican && vin[8] !== vinCheckDigit(vin)) return { valid: false, reason: 'check_digit' };
  return { valid: true };
}

export function isValidVin(vin: string): boolean {
  return checkVin(vin).valid;
}

/** Builds a valid VIN (with a correct check digit) from a 3-char WMI and a serial. */
export function makeVin(wmi: string, vds: string, modelYearCode: string, plant: string, serial: number): string {
  const body = `${wmi}${vds}0${modelYearCode}${plant}${String(serial).padStart(6, '0')}`.toUpperCase();
  if (body.length !== 17) throw new RangeError(`VIN parts must make 17 characters, got ${body.length}`);
  return body.slice(0, 8) + vinCheckDigit(body) + body.slice(9);
}
