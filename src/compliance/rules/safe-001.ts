import { allMarkets, defineRule } from '../define-rule';
import { createLexicon, matchLexicon } from '../lexicon';

const absolutes = createLexicon([
  'never crash*', 'never have an accident', 'never have a crash', 'never be in an accident', 'never collide', 'crash-proof', 'crashproof',
  'accident-proof', 'accidentproof', '100% safe', '100 % safe', 'completely safe', 'totally safe', 'perfectly safe', 'absolutely safe',
  'accidents are a thing of the past', 'crashes are a thing of the past', 'collisions are a thing of the past', 'end of accidents',
  'never worry about accidents', 'never worry about a crash', 'prevents all accidents', 'prevent all accidents', 'prevents every accident', 'guaranteed to prevent', 'crash-free', 'collision-free',
  'kann ihnen nichts passieren', 'kann nichts passieren', 'nichts kann passieren', 'plus aucun risque', 'rien ne peut vous arriver',
  'il ne peut rien vous arriver', 'entirely safe', 'fully safe', 'nothing can go wrong', 'crashes? not anymore', 'accidents? not anymore', 'collisions? not anymore',
  'no more accidents', 'no more crashes', 'no more collisions', 'accident-free guaranteed', 'guaranteed accident-free', 'eliminates accidents',
  'eliminates all accidents', 'zero accidents', 'zero crashes', 'impossible to crash', "won't crash", 'will not crash', "can't crash",
  'cannot crash', 'never crash again', 'say goodbye to accidents', 'say goodbye to crashes', 'guaranteed safe', 'guarantees your safety',
  'unfallfrei garantiert', 'garantiert unfallfrei', '100 % sicher', '100% sicher', 'absolut sicher', 'vollkommen sicher', 'kein unfallrisiko*',
  'nie wieder unfall*', 'nie wieder einen unfall', 'keine unfälle mehr', 'unfälle? nicht mehr', 'null unfälle',
  'zéro accident*', '100 % sûr*', '100% sûr*', 'aucun risque d’accident', "aucun risque d'accident", 'sans aucun risque', "plus jamais d'accident",
  "plus d'accidents", 'totalement sûr*', 'parfaitement sûr*', 'sécurité absolue', 'absolute safety', 'absolute sicherheit',
]);

export const safe001 = defineRule({
  id: 'SAFE-001',
  family: 'safe',
  severity: 'critical',
  markets: allMarkets,
  channels: 'all',
  description: 'Absolute safety claim.',
  evaluate(ctx) {
    const hits = matchLexicon(ctx.text, absolutes, { post: false }).filter((h) => !h.negated);
    if (hits.length === 0) return null;
    return {
      evidence: hits.map((h) => h.span),
      explanation: 'Makes an absolute or unsubstantiable safety claim.',
      suggestedFix: "Qualify the claim, e.g. 'can help you avoid or reduce the severity of some collisions'.",
      autoFix: { kind: 'remove_evidence_sentences' },
    };
  },
});
