import { defineRule } from '../define-rule';
import { createLexicon, matchLexicon } from '../lexicon';
import { find } from '../patterns';

const performance = /\b0\s?(?:-|–|to)\s?(?:60|62|100)\s?(?:mph|km\/h)?(?:\s?(?:in|:)?\s?\d+(?:\.\d+)?\s?(?:s|sec|secs|seconds)?)?|\btop speed\b|\b\d{3}\s?mph\b|\b(?:fastest|quickest)(?: \w+)? (?:ever|yet|in its class|on the road)\b|\bfastest\b|\bquickest\b/g;
const invites = createLexicon([
  'leave everyone standing', 'leave them standing', 'leave the rest standing', 'leave everyone behind', 'leave them for dust', 'floor it',
  'put your foot down', 'foot to the floor', 'pedal to the metal', 'feel the g-force', 'g-force', 'outrun*', 'outpace*', 'burn rubber',
  'blast past', 'overtake everyone', 'race away', 'race your friends', 'beat everyone', 'need for speed', 'speed demon', 'white-knuckle',
  'pin you to your seat', 'pinned to your seat', 'adrenaline rush', 'leave the competition behind', 'own the fast lane', 'rule the fast lane',
  'nothing else matters', 'smoke the competition', 'eat up the tarmac', 'hit the limiter',
]);
const leaveThem = /\bleave (?:everyone|everybody|the competition|the rest|them|others|rivals|other cars|other drivers|the pack|all the others) (?:\S+ )?(?:standing|behind|for dust|for dead|in your (?:dust|wake|mirrors?))\b/g;
const otherSpecs = /\b\d+\s?seats?\b|\bboot\b|\blitres?\b|\btowing\b|\btow\b|\brange\b|\bmpg\b|\bwarranty\b|\bkwh\b|£\s?\d|\bmiles\b|\bco2\b|\bcargo\b|\bluggage\b|\bsafety\b|\bncap\b|\bscreen\b|\bsat ?nav\b|\bheated\b|\bwltp\b|\bcharging\b/g;

export const ukMotor001 = defineRule({
  id: 'UK-MOTOR-001',
  family: 'safe',
  severity: 'critical',
  markets: ['UK'],
  channels: 'all',
  description: 'Speed or acceleration as the main message, or wording that invites fast driving (CAP Code 19).',
  evaluate(ctx) {
    const perf = find(ctx, performance);
    const inviting = [...matchLexicon(ctx.text, invites).filter((h) => !h.negated), ...find(ctx, leaveThem)];
    const specCount = new Set((ctx.text.norm.text.match(otherSpecs) ?? []).map((s) => s.replace(/\d+\s?/, ''))).size;
    const dominant = perf.length > 0 && specCount < 2;
    if (!dominant && inviting.length === 0) return null;
    return {
      evidence: [...(dominant ? perf.map((h) => h.span) : []), ...inviting.map((h) => h.span)],
      explanation: 'Speed or acceleration is the main message, or the wording encourages fast or competitive driving.',
      suggestedFix: 'Give performance figures only factually among other specifications and remove wording that invites fast driving.',
      autoFix: { kind: 'remove_evidence_sentences' },
    };
  },
});
