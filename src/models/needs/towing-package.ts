import { z } from 'zod';
import { clamp01, defineNeedScore, saturate } from './define-need-score';

export const towingPackage = defineNeedScore({
  code: 'towing_package',
  description: 'Value of a towing package from trailer use',
  features: [
    { name: 'towingShare', description: 'share of distance driven with a trailer connected', effect: 'raises', unit: '0..1' },
    { name: 'trailerConnectsPerMonth', description: 'trailer connections per month', effect: 'raises', unit: 'events' },
    { name: 'hasTowPackage', description: 'already equipped: the score is 0', effect: 'gate', unit: '0/1' },
  ],
  params: z.strictObject({ shareScale: z.number().positive().default(0.05), connectScale: z.number().positive().default(2) }),
  evaluate: (f, p) => {
    if (f('hasTowPackage') >= 1) return { score: 0, reasons: ['vehicle already has a towing package'] };
    const share = saturate(clamp01(f('towingShare')), p.shareScale);
    const connects = saturate(f('trailerConnectsPerMonth'), p.connectScale);
    return { score: 1 - (1 - share) * (1 - 0.7 * connects), reasons: [`towing share factor ${share.toFixed(2)}`, `trailer use factor ${connects.toFixed(2)}`] };
  },
});
