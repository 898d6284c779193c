import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { audienceCsv, normaliseEmail, normalisePhone } from './social-audience';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('custom-audience export', () => {
  it('normalises as each platform documents, then hashes with SHA-256', () => {
    expect(normaliseEmail('  Ana.Ruiz@GMail.com ', 'meta')).toBe('ana.ruiz@gmail.com');
    expect(normaliseEmail('  Ana.Ruiz@GMail.com ', 'google')).toBe('anaruiz@gmail.com');
    expect(normalisePhone('+1 (415) 555-0101', 'meta')).toBe('14155550101');
    expect(normalisePhone('+1 (415) 555-0101', 'google')).toBe('+14155550101');
    expect(normalisePhone('555-0101', 'meta')).toBeNull();
  });

  it('exports only consented owners, with a header in the platform format and no clear-text identifiers', () => {
    const csv = audienceCsv([
      { email: 'Ana@Example.com', phone: '+14155550101', consented: true },
      { email: 'ben@example.com', phone: null, consented: false },
      { email: null, phone: null, consented: true },
    ], 'meta');
    expect(csv).toBe(`email,phone\n${sha('ana@example.com')},${sha('14155550101')}\n`);
    expect(csv).not.toContain('ben');
    expect(audienceCsv([{ email: 'a@b.example', phone: null, consented: true }], 'google').split('\n')[0]).toBe('Email,Phone');
  });
});
