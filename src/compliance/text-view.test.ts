import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMessage } from './check-message';
import { isNegated } from './lexicon';
import { createTextView, stripInvisibles } from './text-view';

describe('normalised views (§3.1)', () => {
  it('folds full-width, mathematical, Cyrillic and case; removes invisibles; keeps an offset map', () => {
    const original = 'ＳＥＬＦ 𝗔𝘂𝘁𝗼 ѕеlf s\u200belf Auto\u00adpilot';
    const tv = createTextView(original);
    expect(tv.norm.text).toBe('self auto self self autopilot');
    expect(tv.norm.start).toHaveLength(tv.norm.text.length);
    const k = tv.norm.text.indexOf('autopilot');
    expect(original.slice(tv.norm.start[k]!, tv.norm.end[k + 8]!)).toBe('Auto\u00adpilot');
  });

  it('collapses letter-spacing and maps leetspeak in the lexicon view only', () => {
    const tv = createTextView('a u t o p i l o t and aut0n0m0us for $499');
    expect(tv.lex.text).toContain('autopilot');
    expect(tv.lex.text).toContain('autonomous');
    expect(tv.lex.text).toContain('$499');
    expect(tv.norm.text).toContain('aut0n0m0us');
  });

  it('turns emoji into concepts in the lexicon view', () => {
    expect(createTextView('look, no 🙌').lex.text).toMatch(/no\s+hands/);
    expect(createTextView('time for 😴').lex.text).toContain('sleep');
  });

  it('keeps footnote markers out of prices', () => {
    expect(createTextView('$279¹').norm.text).toBe('$279 ');
  });
});

describe('negation (§3.2)', () => {
  const neg = (s: string, term: string): boolean => {
    const i = s.indexOf(term);
    return isNegated(s, i, i + term.length);
  };
  it('detects denials before and after a term', () => {
    expect(neg('this is not an autonomous car', 'autonomous')).toBe(true);
    expect(neg('kein autonomes fahren', 'autonomes')).toBe(true);
    expect(neg("ce n'est pas un systeme de conduite autonome", 'conduite autonome')).toBe(true);
    expect(neg('autonomous? no.', 'autonomous')).toBe(true);
    expect(neg('conduite autonome ? pas du tout.', 'conduite autonome')).toBe(true);
  });
  it('does not treat intensifiers or other clauses as denials', () => {
    expect(neg('not just self-driving', 'self-driving')).toBe(false);
    expect(neg('nicht nur autonom', 'autonom')).toBe(false);
    expect(neg('pas seulement autonome', 'autonome')).toBe(false);
    expect(neg("no waiting. the car is self-driving", 'self-driving')).toBe(false);
  });
});

describe('evidence offsets survive invisible characters (property)', () => {
  const violating = [
    { text: 'The Meridian now drives itself on the motorway.', rule: 'ADAS-001', trigger: 'drives itself' },
    { text: 'Der Meridian mit Autopilot für die Autobahn.', rule: 'ADAS-001', trigger: 'Autopilot' },
    { text: 'Motorway mode on? Time to scroll your feed.', rule: 'ADAS-003', trigger: 'scroll your feed' },
    { text: 'Meridian SafeSense: you will never crash again.', rule: 'SAFE-001', trigger: 'never crash' },
    { text: 'Meridian Tourer: freihändig über die Autobahn gleiten.', rule: 'ADAS-002', trigger: 'freihändig' },
  ];
  const invisibles = ['\u200b', '\u00ad', '\u200d', '\ufeff', '\u2060', '\u200c', '\ufe0f'];

  it('still finds the violation and evidence contains the trigger after removing invisibles', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...violating),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...invisibles)), { minLength: 1, maxLength: 12 }),
        (sample, inserts) => {
          let text = sample.text;
          for (const [pos, ch] of inserts) {
            const at = pos % (text.length + 1);
            text = text.slice(0, at) + ch + text.slice(at);
          }
          const v = checkMessage({ market: 'UK', channel: 'push', vehicle: { model: 'Meridian Tourer', adasLevel: 2, certifiedFeatures: [] }, text });
          const hit = v.violations.find((x) => x.ruleId === sample.rule);
          expect(hit).toBeDefined();
          const evidence = hit!.evidence.map((e) => {
            expect(text.slice(e.start, e.end)).toBe(e.text);
            return stripInvisibles(e.text);
          });
          expect(evidence.some((e) => e.includes(sample.trigger))).toBe(true);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});
