import { defineRule } from '../define-rule';
import { find, spans } from '../patterns';

const triggers = new RegExp(
  [
    String.raw`\b(?:poor|bad|low|adverse|impaired|damaged) credit\w*`,
    String.raw`\brefused elsewhere\b`, String.raw`\bdeclined elsewhere\b`, String.raw`\bturned down elsewhere\b`,
    String.raw`\bsays? yes\b`, String.raw`\bguaranteed (?:acceptance|approval|finance|credit)\b`, String.raw`\bccjs?\b`,
    String.raw`\beveryone (?:is )?accepted\b`, String.raw`\bno credit checks?\b`, String.raw`\ball credit (?:histories|types|ratings)\b`,
    String.raw`\bcredit (?:problems|issues|history\? no problem)\b`, String.raw`\bbankrupt\w*`,
    String.raw`\bbeat (?:your|any) (?:bank|lender)\w*`, String.raw`\b(?:better|lower|cheaper) than (?:your |a |the )?(?:bank|lender|high street)\w*`,
    String.raw`\b(?:free|bonus|gift|complimentary)\b[^.!?]{0,60}\b(?:when|if) you (?:take|choose|use|finance|apply)\b`,
    String.raw`\b(?:when|if) you (?:take (?:out )?our finance|finance with us|apply for finance)\b`,
    String.raw`\bdeposit contribution\b`,
  ].join('|'),
  'g',
);

export const finUk002 = defineRule({
  id: 'FIN-UK-002',
  family: 'fin',
  severity: 'major',
  markets: ['UK'],
  channels: 'all',
  description: 'CONC 3.5.7R trigger (restricted access, favourable comparison, incentive) without a representative APR.',
  evaluate(ctx) {
    const t = ctx.text.norm.text;
    if (!/financ\w*|\bcredit\b|\bloans?\b|\bpcp\b|\bhp\b|hire purchase/.test(t)) return null;
    const hits = find(ctx, triggers);
    if (hits.length === 0) return null;
    if (/representative/.test(t) && /\d+(?:\.\d+)?\s?%\s?apr|apr\s?(?:of|:)?\s?\d/.test(t)) return null;
    return {
      evidence: spans(hits),
      missing: ['representative_apr'],
      explanation: 'Implies credit for people with restricted access, compares favourably with other lenders or offers an incentive to take credit, without the representative APR.',
      suggestedFix: "Add the representative APR, e.g. 'Representative 17.9% APR. Subject to status.'",
    };
  },
});
