import { createHash } from 'node:crypto';

/**
 * Custom-audience files: identifiers normalised as the platforms document them, then
 * SHA-256 hex. Only owners with marketing consent for social are ever exported.
 */
export type AudienceFormat = 'meta' | 'google';

export interface AudienceMember {
  readonly email: string | null;
  readonly phone: string | null;
  /** Current `marketing_contact` consent for social (or any). */
  readonly consented: boolean;
}

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** Trim and lower-case; for gmail/googlemail (Google's rule) dots in the local part are dropped. */
export function normaliseEmail(email: string, format: AudienceFormat): string | null {
  const e = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) return null;
  if (format !== 'google') return e;
  const [local, domain] = e.split('@') as [string, string];
  return domain === 'gmail.com' || domain === 'googlemail.com' ? `${local.replace(/\./g, '')}@${domain}` : e;
}

/** E.164: Meta wants digits with country code and no '+', Google the '+' form. */
export function normalisePhone(phone: string, format: AudienceFormat): string | null {
  const digits = phone.replace(/[\s().-]/g, '');
  if (!/^\+[1-9]\d{6,14}$/.test(digits)) return null;
  return format === 'meta' ? digits.slice(1) : digits;
}

const headers: Record<AudienceFormat, string> = { meta: 'email,phone', google: 'Email,Phone' };

export function audienceRow(member: AudienceMember, format: AudienceFormat): string | null {
  if (!member.consented) return null;
  const email = member.email ? normaliseEmail(member.email, format) : null;
  const phone = member.phone ? normalisePhone(member.phone, format) : null;
  if (!email && !phone) return null;
  return `${email ? sha256(email) : ''},${phone ? sha256(phone) : ''}`;
}

/** The CSV upload (header + one hashed row per consented member with an identifier). */
export function audienceCsv(members: readonly AudienceMember[], format: AudienceFormat): string {
  const rows = members.map((m) => audienceRow(m, format)).filter((r): r is string => r !== null);
  return `${[headers[format], ...rows].join('\n')}\n`;
}
