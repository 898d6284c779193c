import { mentionsModel } from '../ad-kind';
import { defineRule, type RuleContext } from '../define-rule';
import { find, money, paymentAmount, perPeriod, ratePercents, spans } from '../patterns';

export const euCreditContext = /financ\w*|finanzier\w*|kredit\w*|\bcredit\w*|darlehen\w*|\bloans?\b|\bloa\b|location avec option d'achat|sollzins\w*|\btaeg\b|effektiv\w* jahreszins|\bapr\b|\btaux\b|\braten?\b|monatsrate\w*|mensualites?|instalments?|installments?|\bpret\b|\bapport\b|anzahlung|down payment/;
const germanLeasing = /leasing|\bleasen\b/;
const frenchLld = /\blld\b|location longue duree/;
const frenchLoa = /\bloa\b|location avec option d'achat/;
const monthlyFigure = new RegExp(String.raw`(?:monatliche rate|monatsrate|mensualite|monthly payment|monthly instalment|monthly installment)\w*\s(?:\S+\s){0,2}?${money}|${money}${perPeriod}|\bab ${money}\s?mtl|mtl\.? (?:rate )?(?:von |ab )?${money}`, 'g');

const el = {
  borrowingLabel: /borrowing rate|sollzins\w*|taux debiteur|nominal (?:interest )?rate|interest rate|taux nominal|fixed rate|variable rate|gebundene?r? sollzins/,
  fixedVariable: /\bfixed\b|\bvariable\b|\bfest\w*|gebunden\w*|variabel\w*|\bfixe\b|revisable/,
  totalCredit: /total (?:amount of )?credit|credit amount|amount of credit|nettodarlehensbetrag|nettokreditbetrag|darlehensbetrag|kreditbetrag|montant (?:total )?du credit|finanzierungsbetrag/,
  apr: /\bapr\b|annual percentage rate|effektiv\w* jahreszins|\btaeg\b|taux annuel effectif global/,
  duration: /duration|laufzeit|\bduree\b|\b\d+\s?(?:months|monate|mois|meses)\b|\bterm of\b/,
  instalmentsCount: /\b\d+\s(?:monthly\s|monatliche\s|mensuelles?\s)?(?:instalments|installments|raten|monatsraten|mensualites|loyers|payments)\b/,
  balloon: /balloon|final payment|schlussrate|abschlussrate|dernier loyer|option d'achat|valeur residuelle/,
  cashPrice: /cash price|barzahlungspreis|fahrzeugpreis|kaufpreis|prix (?:au )?comptant|prix de vente|vehicle price|preis des fahrzeugs/,
  downPayment: /down payment|anzahlung|acompte|\bapport\b|premier loyer|advance payment|deposit/,
  totalPayable: /total (?:amount )?payable|total to pay|gesamtbetrag|montant total du|cout total|total repayable/,
  instalment: new RegExp(String.raw`${paymentAmount.source}|${money}${perPeriod}|\bmonthly instalments?\b|monatliche rate|mensualites? de`),
  lender: /darlehensgeber|vermittler|\bbank\b|\bgmbh\b|\bag\b|financial services|finance\b/,
  address: /\b\d{5}\b|str(?:asse|\.)\s?\d/,
};

/** A monthly price for the advertised car (not a subscription or service plan) is a credit figure. */
export function monthlyCarPrice(ctx: RuleContext): boolean {
  const t = ctx.text.norm.text;
  if (!mentionsModel(ctx) || notCarPayment.test(t)) return false;
  return find(ctx, monthlyFigure).length > 0;
}
const notCarPayment = /\b(?:abo\w*|subscription\w*|abonnement\w*|connect\w*|service\w*|wartung\w*|entretien|insurance|versicherung|assurance|plan|pack|forfait|tarif\w*|charging|laden|recharge|leasing\w*|lease|lld|location|rental|miete|hire|pch)\b/;

export const finEu001 = defineRule({
  id: 'FIN-EU-001',
  family: 'fin',
  severity: 'major',
  markets: ['EU', 'DE', 'FR'],
  channels: 'all',
  description: 'Consumer-credit advertisement with cost figures but without the standard information.',
  evaluate(ctx) {
    const t = ctx.text.norm.text;
    if (!euCreditContext.test(t) && !(monthlyCarPrice(ctx) && !ctx.market.startsWith('FR'))) return null;
    if (ctx.market === 'DE' && germanLeasing.test(t) && !/finanzier\w*|kredit\w*|darlehen/.test(t)) return null;
    const loa = ctx.market === 'FR' && frenchLoa.test(t);
    if (ctx.market === 'FR' && frenchLld.test(t) && !loa && !/credit|financement/.test(t)) return null;
    const hits = [...ratePercents(ctx), ...find(ctx, monthlyFigure), ...find(ctx, paymentAmount)];
    if (hits.length === 0) return null;
    const present = (re: RegExp): boolean => re.test(t);
    const duration = present(el.duration) || (present(el.instalmentsCount) && !present(el.balloon));
    const checks: [string, boolean][] = [];
    const borrowing = present(el.borrowingLabel) && present(el.fixedVariable);
    const cashAndDown = present(el.cashPrice) && present(el.downPayment);
    if (ctx.market === 'DE') {
      checks.push(
        ['lender_identity_address', present(el.lender) && present(el.address)],
        ['total_credit', present(el.totalCredit)],
        ['borrowing_rate', borrowing],
        ['apr', present(el.apr)],
        ['total_payable', present(el.totalPayable)],
        ['duration', duration],
        ['instalment_amount', present(el.instalment)],
        ['number_of_instalments', present(el.instalmentsCount)],
        ['cash_price_and_down_payment', cashAndDown],
      );
    } else if (loa) {
      checks.push(['duration', duration], ['instalment_amount', present(el.instalment) && present(el.instalmentsCount)], ['total_payable', present(el.totalPayable)]);
    } else {
      checks.push(
        ['borrowing_rate', borrowing],
        ['total_credit', present(el.totalCredit)],
        ['apr', present(el.apr)],
        ['duration', duration],
        ['cash_price_and_down_payment', cashAndDown],
        ['total_payable', present(el.totalPayable)],
        ['instalment_amount', present(el.instalment)],
      );
    }
    const missing = checks.filter(([, ok]) => !ok).map(([id]) => id);
    if (missing.length === 0) return null;
    return {
      evidence: spans(hits),
      missing,
      explanation: `States a credit rate or cost figure without the standard information: ${missing.join(', ')}.`,
      suggestedFix: 'Add a representative example with cash price, down payment, total credit, number and amount of instalments, fixed/variable borrowing rate, APR (TAEG / effektiver Jahreszins), total payable and duration' + (ctx.market === 'DE' ? ', plus the lender’s name and address.' : '.'),
    };
  },
});
