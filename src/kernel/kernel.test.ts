import { describe, expect, it } from 'vitest';
import { checkVin, createRng, makeVin, vinCheckDigit } from './index';

describe('VIN', () => {
  it('accepts the textbook example with its check digit', () => {
    // 1M8GDM9AXKP042788 is the standard worked example for the NA check digit.
    expect(vinCheckDigit('1M8GDM9AXKP042788')).toBe('X');
    expect(checkVin('1M8GDM9AXKP042788')).toEqual({ valid: true });
  });
  it('rejects a wrong North American check digit, and I/O/Q and bad length', () => {
    expect(checkVin('1M8GDM9A1KP042788')).toEqual({ valid: false, reason: 'check_digit' });
    expect(checkVin('1M8GDM9AXKP04278O')).toEqual({ valid: false, reason: 'format' });
    expect(checkVin('1M8GDM9AXKP04278')).toEqual({ valid: false, reason: 'format' });
    expect(checkVin('1m8gdm9axkp042788')).toEqual({ valid: false, reason: 'format' });
  });
  it('checks only the format outside North America', () => {
    expect(checkVin('WVWZZZ1JZXW000001')).toEqual({ valid: true });
  });
  it('makeVin builds VINs that validate', () => {
    for (let i = 0; i < 200; i++) expect(checkVin(makeVin('1HL', 'VR2B5', 'R', 'A', i)).valid).toBe(true);
  });
});

describe('rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = createRng(42), b = createRng(42), c = createRng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
  });
  it('has roughly uniform mean and unit-variance normals', () => {
    const r = createRng('moments');
    let s = 0, s2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) { const z = r.normal(); s += z; s2 += z * z; }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.05);
  });
});
