import type { Dealer } from '../domain';

export function normalisePostalCode(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}

/** Length of the longest territory prefix of the dealer that matches the postal code; 0 when none does. */
export function territoryMatch(dealer: Pick<Dealer, 'territory'>, postalCode: string): number {
  const code = normalisePostalCode(postalCode);
  let best = 0;
  for (const prefix of dealer.territory) {
    const p = normalisePostalCode(prefix);
    if (p.length > best && code.startsWith(p)) best = p.length;
  }
  return best;
}

/** The dealer whose territory prefix matches the postal code most specifically (ties: lowest id), or null. */
export function territoryOwner<D extends Pick<Dealer, 'id' | 'territory'>>(dealers: readonly D[], postalCode: string): D | null {
  let owner: D | null = null;
  let best = 0;
  for (const dealer of [...dealers].sort((a, b) => a.id.localeCompare(b.id))) {
    const match = territoryMatch(dealer, postalCode);
    if (match > best) {
      best = match;
      owner = dealer;
    }
  }
  return owner;
}

export interface LatLon {
  lat: number;
  lon: number;
}

/** Great-circle distance in kilometres (haversine, mean Earth radius). */
export function distanceKm(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}
