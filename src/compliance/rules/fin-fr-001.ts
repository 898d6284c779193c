import { defineRule } from '../define-rule';
import { find, spans } from '../patterns';
import { foldText } from '../text-view';

export const frCreditWarning = 'Un crédit vous engage et doit être remboursé. Vérifiez vos capacités de remboursement avant de vous engager.';
const warning = foldText(frCreditWarning).replace(/\s+/g, ' ');
const creditAd = /\bcredit\b(?! d'impot)|\bfinancement\w*|\bfinanc(?:er|ez)\b|\bloa\b|location avec option d'achat|\bpret\b|\btaeg\b|mensualites|\bapport\b|\bfinancing\b|\bfinance\b|finanzierung|\bkredit\b/g;

export const finFr001 = defineRule({
  id: 'FIN-FR-001',
  family: 'fin',
  severity: 'major',
  markets: ['FR'],
  channels: 'all',
  description: 'French consumer-credit advertisement without the mandatory warning sentence.',
  evaluate(ctx) {
    const t = ctx.text.norm.text.replace(/\s+/g, ' ');
    if (t.replace(/\s*([.,;:!?])/g, '$1').includes(warning.replace(/\s*([.,;:!?])/g, '$1'))) return null;
    const hits = find(ctx, creditAd);
    if (hits.length === 0) return null;
    return {
      evidence: spans(hits),
      missing: ['fr_credit_warning'],
      explanation: 'Advertises consumer credit (or LOA) without the mandatory sentence of Code de la consommation L312-5.',
      suggestedFix: `Append « ${frCreditWarning} »`,
      autoFix: { kind: 'append', text: frCreditWarning },
    };
  },
});
