import type { RuleContext } from './define-rule';
import {
  autonomyLexicon, drivesByItself, paraphraseLexicon, drivingContext, screenWhileDriving, humanSubject, costsAfter,
  rangeWords, establishedAfter, establishedBefore, takesOverAfter, handsOffLexicon, handsFreeNonDriving,
  handsFreeBefore, eyesOffLexicon, noFallbackLexicon, sleepIdiom, sleepIdiomBefore, automatedLexicon, parkedContext,
  movingContext, steeringPattern, steeringExempt, supervisionPattern,
} from './automation-lexicons';
import { isNegated, matchLexicon, matchRegex, sentences, type LexiconHit } from './lexicon';
import type { Span, TextView } from './text-view';

/**
 * Shared analysis of driver-assistance and automation claims (RULES.md §4.1),
 * computed once per message and read by the ADAS-* rules.
 */

export interface ClaimHit {
  readonly span: Span;
}

export interface AutomationClaims {
  /** ADAS-001 concept: autonomy terms and "it drives, you don't" paraphrases. */
  readonly autonomy: readonly ClaimHit[];
  readonly handsOff: readonly ClaimHit[];
  readonly eyesOff: readonly ClaimHit[];
  /** ADAS-004 concept: sleep, passenger, no driver, never take over. */
  readonly noFallback: readonly ClaimHit[];
  /** Other automated-driving wording ("takes over", "automated driving", "Level 3"). */
  readonly automated: readonly ClaimHit[];
  /** ADAS-007: sustained steering assistance described. */
  readonly steering: readonly ClaimHit[];
  readonly supervision: boolean;
}

function sentenceRanges(tv: TextView): { start: number; end: number; norm: string }[] {
  return sentences(tv.norm.text).map((s) => ({
    start: tv.norm.start[s.start] ?? 0,
    end: tv.norm.end[s.end - 1] ?? tv.original.length,
    norm: tv.norm.text.slice(s.start, s.end),
  }));
}

/** Original-offset sentences with their normalised text. */
export function originalSentences(ctx: RuleContext): { start: number; end: number; norm: string }[] {
  return ctx.memo('sentences', () => sentenceRanges(ctx.text));
}

function sentenceIndexOf(sents: { start: number; end: number }[], offset: number): number {
  const k = sents.findIndex((s) => offset >= s.start && offset < s.end);
  return k < 0 ? sents.length - 1 : k;
}

function parkedExempt(ctx: RuleContext, offset: number): boolean {
  const sents = originalSentences(ctx);
  const k = sentenceIndexOf(sents, offset);
  const own = sents[k]?.norm ?? '';
  const prev = sents[k - 1]?.norm ?? '';
  if (movingContext.test(own)) return false;
  return parkedContext.test(own) || parkedContext.test(prev);
}

const passengerContext = /\b(?:kids|children|passengers?|rear[- ]seat\w*|rear screens?|back ?seats?|rucksitz\w*|fond\w*|kinder\w*|mitfahrer\w*|beifahrer\w*|enfants|passagers?|arriere)\b/;

function passengerActivity(ctx: RuleContext, offset: number): boolean {
  const sents = originalSentences(ctx);
  return passengerContext.test(sents[sentenceIndexOf(sents, offset)]?.norm ?? '');
}

function live(hits: LexiconHit[]): LexiconHit[] {
  return hits.filter((h) => !h.negated);
}

function paraphraseHits(ctx: RuleContext): LexiconHit[] {
  const lex = ctx.text.lex.text;
  if (!drivingContext.test(ctx.text.norm.text)) return [];
  return live(matchLexicon(ctx.text, paraphraseLexicon)).filter((h) => {
    const after = lex.slice(h.j, h.j + 40);
    if (takesOverAfter.test(after) || costsAfter.test(after)) return false;
    if (/^\s*die steuer\b/.test(after)) return false;
    return !humanSubject.test(lex.slice(Math.max(0, h.i - 30), h.i));
  });
}

function autonomyHits(ctx: RuleContext): ClaimHit[] {
  const lex = ctx.text.lex.text;
  const regexHits = matchRegex(ctx.text, drivesByItself, ctx.text.lex)
    .map((h) => ({ term: h.match[0], i: h.i, j: h.j, span: h.span, negated: isNegated(lex, h.i, h.j) }))
    .filter((h) => !h.negated);
  return [...live(matchLexicon(ctx.text, autonomyLexicon)), ...paraphraseHits(ctx), ...regexHits].filter((h) => {
    const word = /^[\p{L}]+/u.exec(lex.slice(h.i))?.[0] ?? '';
    if (rangeWords.test(word)) return false;
    if (word === 'autonomy' && /\d\s?(?:km|miles?|mi)\b/.test(originalSentences(ctx)[sentenceIndexOf(originalSentences(ctx), h.span.start)]?.norm ?? '')) return false;
    const after = lex.slice(h.j, h.j + 40);
    const before = lex.slice(Math.max(0, h.i - 40), h.i);
    if (establishedAfter.test(after) || establishedBefore.test(before)) return false;
    const sent = originalSentences(ctx)[sentenceIndexOf(originalSentences(ctx), h.span.start)]?.norm ?? '';
    if (/robo-?taxi/.test(sent)) return false;
    return true;
  });
}

function handsOffHits(ctx: RuleContext): ClaimHit[] {
  const lex = ctx.text.lex.text;
  const driving = drivingContext.test(ctx.text.norm.text);
  return live(matchLexicon(ctx.text, handsOffLexicon)).filter((h) => {
    if (/^hands[-_. ]*off$/.test(h.term)) {
      return driving && !/^\s*(?:ownership|maintenance|service|servicing|approach|experience|buying|purchase|purchasing|financing|delivery)\b/.test(lex.slice(h.j, h.j + 20));
    }
    if (!/^(?:hands[-_. ]*free|mains libres)$/.test(h.term)) return true;
    if (!driving) return false;
    return !handsFreeNonDriving.test(lex.slice(h.j, h.j + 40)) && !handsFreeBefore.test(lex.slice(Math.max(0, h.i - 20), h.i));
  });
}

function noFallbackHits(ctx: RuleContext): ClaimHit[] {
  const lex = ctx.text.lex.text;
  return live(matchLexicon(ctx.text, noFallbackLexicon)).filter((h) => {
    if (/^(?:sleep|schlaf)/.test(h.term)) {
      if (sleepIdiom.test(lex.slice(h.j, h.j + 30)) || sleepIdiomBefore.test(lex.slice(Math.max(0, h.i - 30), h.i))) return false;
    }
    return !parkedExempt(ctx, h.span.start);
  });
}

function steeringHits(ctx: RuleContext): ClaimHit[] {
  const sents = originalSentences(ctx);
  return matchRegex(ctx.text, steeringPattern).filter((h) => {
    const sent = sents[sentenceIndexOf(sents, h.span.start)]?.norm ?? '';
    return !steeringExempt.test(sent);
  });
}

export function automationClaims(ctx: RuleContext): AutomationClaims {
  return ctx.memo('automationClaims', () => {
    const supervision = matchRegex(ctx.text, supervisionPattern).some((h) => !isNegated(ctx.text.norm.text, h.i, h.j, { post: false, window: 3 }));
    return {
      autonomy: autonomyHits(ctx),
      handsOff: handsOffHits(ctx),
      eyesOff: live(matchLexicon(ctx.text, eyesOffLexicon)).filter(
        (h) =>
          !parkedExempt(ctx, h.span.start) &&
          !passengerActivity(ctx, h.span.start) &&
          (h.term !== 'screenactivity' || screenWhileDriving.test(ctx.text.norm.text)),
      ),
      noFallback: noFallbackHits(ctx),
      automated: [...live(matchLexicon(ctx.text, automatedLexicon)), ...paraphraseHits(ctx)].filter(
        (h) => !takesOverAfter.test(ctx.text.lex.text.slice(h.j, h.j + 40)),
      ),
      steering: steeringHits(ctx),
      supervision,
    };
  });
}

export function hasCapability(ctx: RuleContext, ...caps: string[]): boolean {
  return ctx.features.some((f) => caps.includes(f.capability));
}
