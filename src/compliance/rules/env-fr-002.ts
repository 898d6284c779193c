import { isVehicleSaleAd } from '../ad-kind';
import { defineRule } from '../define-rule';
import { foldText } from '../text-view';

const messages = [
  'Pour les trajets courts, privilégiez la marche ou le vélo.',
  'Pensez à covoiturer.',
  'Au quotidien, prenez les transports en commun.',
].map((m) => foldText(m).replace(/\s+/g, ' ').replace(/\.$/, ''));
const hashtag = '#sedeplacermoinspolluer';

export const envFr002 = defineRule({
  id: 'ENV-FR-002',
  family: 'env',
  severity: 'major',
  markets: ['FR'],
  channels: 'all',
  description: 'Mandatory mobility message and #SeDéplacerMoinsPolluer missing in a French motor-vehicle advertisement.',
  evaluate(ctx) {
    if (!isVehicleSaleAd(ctx, true)) return null;
    const t = ctx.text.norm.text.replace(/\s+/g, ' ').replace(/\s+([,.])/g, '$1');
    const missing: string[] = [];
    if (!messages.some((m) => t.includes(m))) missing.push('mobility_message');
    if (!t.includes(hashtag)) missing.push('mobility_hashtag');
    if (missing.length === 0) return null;
    const fix = [missing.includes('mobility_message') ? 'Pensez à covoiturer.' : '', missing.includes('mobility_hashtag') ? '#SeDéplacerMoinsPolluer' : ''].filter(Boolean).join(' ');
    return {
      evidence: [{ start: 0, end: ctx.text.original.length, text: ctx.text.original }],
      missing,
      explanation: `French motor-vehicle advertising must carry one of the three mobility messages and #SeDéplacerMoinsPolluer; missing: ${missing.join(', ')}.`,
      suggestedFix: `Append '${fix}'`,
      autoFix: { kind: 'append', text: fix },
    };
  },
});
