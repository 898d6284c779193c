import type { Rng } from '../kernel';

const firstNames: Record<'en' | 'de' | 'fr', readonly string[]> = {
  en: ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Susan', 'Olivia', 'Noah', 'Amelia', 'Oliver', 'Priya', 'Carlos', 'Mei', 'Aisha'],
  de: ['Lukas', 'Anna', 'Leon', 'Marie', 'Finn', 'Sophie', 'Jonas', 'Emma', 'Paul', 'Mia', 'Felix', 'Hannah', 'Elias', 'Lea', 'Maximilian', 'Lena', 'Emre', 'Zeynep'],
  fr: ['Gabriel', 'Louise', 'Raphaël', 'Jade', 'Léo', 'Ambre', 'Louis', 'Alice', 'Lucas', 'Chloé', 'Hugo', 'Lina', 'Arthur', 'Rose', 'Jules', 'Léa', 'Karim', 'Inès'],
};
const lastNames: Record<'en' | 'de' | 'fr', readonly string[]> = {
  en: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Taylor', 'Wilson', 'Evans', 'Thomas', 'Patel', 'Nguyen', 'Khan', 'Walker'],
  de: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Yılmaz', 'Neumann'],
  fr: ['Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon', 'Michel', 'Lefebvre', 'Leroy', 'Roux', 'Fontaine'],
};

export function personName(rng: Rng, language: 'en' | 'de' | 'fr'): { first: string; last: string } {
  return { first: rng.pick(firstNames[language]), last: rng.pick(lastNames[language]) };
}

/** An address on a reserved example domain (RFC 2606), so no real person is ever mailed. */
export function emailFor(first: string, last: string, serial: number): string {
  const ascii = (s: string): string => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase() || 'x';
  return `${ascii(first)}.${ascii(last)}.${serial}@example.com`;
}

/** E.164 numbers in ranges reserved for fiction where they exist (NANP 555-01xx, Ofcom 07700 900xxx). */
export function phoneFor(rng: Rng, countryCode: string, serial: number): string {
  const tail = String(serial % 1000).padStart(3, '0');
  if (countryCode === '+1') return `+1${200 + rng.int(700)}55501${tail.slice(1)}`;
  if (countryCode === '+44') return `+447700900${tail}`;
  if (countryCode === '+49') return `+49151${String(serial % 10_000_000).padStart(7, '0')}`;
  if (countryCode === '+33') return `+336${String(serial % 100_000_000).padStart(8, '0')}`;
  return `${countryCode}${String(serial % 10_000_000).padStart(7, '0')}`;
}
