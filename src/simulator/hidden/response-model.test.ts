import { describe, expect, it } from 'vitest';
import { createRng } from '../../kernel';
import { drawOwnerTraits, type OwnerTraits } from './owner-traits';
import { afterPurchase, badVisit, baseProbability, initialTruthState, treatedProbability } from './response-model';
import type { Product } from '../economics';

const needs = new Set<Product>(['service']);
const rng = createRng('response-model');
const people: OwnerTraits[] = Array.from({ length: 3000 }, () => drawOwnerTraits(rng, 'phev'));

describe('ground-truth response model', () => {
  const rows = people.map((t) => {
    const s = initialTruthState(t);
    const pb = baseProbability(t, s, 'service', needs, 4);
    const reminder = treatedProbability(t, s, 'service', 0, 'sms', needs, 4, false) - pb;
    const discounted = treatedProbability(t, s, 'service', 0.2, 'email', needs, 4, false) - pb;
    return { pb, uplift: reminder, discountUplift: discounted };
  });

  it('has sure things, persuadables and sleeping dogs', () => {
    expect(rows.filter((r) => r.pb > 0.5 && r.discountUplift < 0.15).length).toBeGreaterThan(30);
    expect(rows.filter((r) => r.pb < 0.4 && r.discountUplift > 0.25).length).toBeGreaterThan(30);
    expect(rows.filter((r) => r.uplift < 0).length).toBeGreaterThan(30);
  });

  it('uplift is not propensity: the likeliest buyers are not the most persuadable', () => {
    const byPb = [...rows].sort((a, b) => b.pb - a.pb);
    const topDecile = byPb.slice(0, 300), rest = byPb.slice(300);
    const mean = (xs: { discountUplift: number }[]): number => xs.reduce((a, r) => a + r.discountUplift, 0) / xs.length;
    expect(mean(topDecile)).toBeLessThan(mean(rest));
  });

  it('discounts condition owners to wait for discounts', () => {
    const t = people.find((p) => p.priceSensitivity > 0.7);
    if (!t) throw new Error('no price-sensitive owner drawn');
    const s = initialTruthState(t);
    const before = baseProbability(t, s, 'service', needs, 4);
    for (let i = 0; i < 3; i++) afterPurchase(t, s, 'service', 0.2);
    expect(s.discountExpectation).toBeGreaterThan(0.3);
    expect(baseProbability(t, s, 'service', needs, 4)).toBeLessThan(before * 0.85);
  });

  it('a feature bought but unused causes regret; an overbooked or uncertified dealer lowers satisfaction', () => {
    const t = people.find((p) => p.profile === 'urban' && p.featureAffinity.trailer_assist < 0.3);
    if (!t) throw new Error('no urban owner drawn');
    const s = initialTruthState(t);
    const sat = s.satisfaction;
    afterPurchase(t, s, 'trailer_assist', 0);
    expect(s.regrets).toBe(1);
    expect(s.satisfaction).toBeLessThan(sat);
    const after = s.satisfaction;
    badVisit(s, 'overbooked');
    expect(s.satisfaction).toBeLessThan(after);
    badVisit(s, 'uncertified');
    expect(s.satisfaction).toBeLessThan(after - 0.1);
  });
});
