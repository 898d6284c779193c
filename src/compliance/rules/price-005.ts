import { defineRule } from '../define-rule';
import { find, money, spans } from '../patterns';

const catchAll = /\b(?:(?:after|with|net of|including|includes|incl\.?) all (?:available |factory |manufacturer |applicable )?(?:incentives|rebates|offers|discounts)|all (?:available )?incentives (?:applied|included)|not (?:everyone|all (?:customers|buyers)) (?:qualif\w*|will qualify|is eligible|are eligible)|restrictions apply|must qualify for all\b[^.!?]*|not all buyers qualify)\b/g;
const restricted = /\b(?:trade-?in (?:bonus|cash|assistance|allowance|incentive|rebate)|conquest (?:cash|bonus|rebate|incentive)|loyalty (?:cash|bonus|rebate|incentive)|military (?:rebate|cash|bonus|discount|incentive)|college(?:-grad(?:uate)?)? (?:rebate|cash|bonus|incentive)|(?:recent )?grad(?:uate)? (?:rebate|cash|bonus|program)|first responder (?:rebate|cash|bonus)|finance (?:cash|bonus)|captive[- ]finance (?:bonus|cash)|owner (?:loyalty|cash|bonus))\b/g;
const moneyRe = new RegExp(money);
const qualifier = /\b(?:owners?|members?|military|veterans?|graduates?|grads?|only|qualif\w*|eligible|for everyone else|all buyers|everyone else|when you finance (?:with|through)|first responders?|trade-in of)\b/;

export const price005 = defineRule({
  id: 'PRICE-005',
  family: 'price',
  severity: 'major',
  markets: ['US', 'US-CA'],
  channels: 'all',
  description: 'Advertised price or discount built on restricted incentives without naming the eligibility.',
  evaluate(ctx) {
    const t = ctx.text.norm.text;
    const vague = find(ctx, catchAll);
    const named = find(ctx, restricted).filter((h) => {
      const around = t.slice(Math.max(0, h.i - 40), h.j + 60);
      return !(moneyRe.test(around) && qualifier.test(around));
    });
    const hits = [...vague, ...named];
    if (hits.length === 0) return null;
    if (!moneyRe.test(t) && !/%/.test(t)) return null;
    return {
      evidence: spans(hits),
      missing: ['incentive_itemisation'],
      explanation: 'The advertised price or discount relies on incentives that not every buyer gets, without naming each incentive, its amount and who qualifies.',
      suggestedFix: "Itemise, e.g. '$38,450 after $1,000 Retail Cash (all buyers) and $500 Loyalty Cash (current owners only); $38,950 for everyone else.'",
    };
  },
});
