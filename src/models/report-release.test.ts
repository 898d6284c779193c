import { describe, expect, it } from 'vitest';
import { candidateValueModel, candidateValueParams, channelBanditModel, grantedPurposes, needScoresModel, upliftNotUsedReason } from './builtin-models';
import { buildMeasurementReport } from './logs-report';
import { ModelVersionInput } from './model-registry';
import type { LoggedRow } from './models-store';
import { releaseDealerReport, suppressedChartOption } from './report-release';

function campaign(owners: number): LoggedRow[] {
  return Array.from({ length: owners }, (_, k) => ({
    exposureId: `x${k}`, campaignId: 'c', ownerId: `own-${k}`, arm: ['none', 'service-0', 'service-10'][k % 3]!, channel: null, exposedAt: '2026-03-01T00:00:00.000Z',
    propensity: 1 / 3, holdout: k % 3 === 0, features: {}, outcome: { observedAt: '2026-03-30T00:00:00.000Z', converted: k % 4 === 0, grossProfit: 10, active: true, repurchased: false },
  }));
}

describe('dealer release of the measurement report (THREATS.md §6)', () => {
  it('withholds every cell of a small scope and says which', () => {
    const rows = campaign(12);
    const released = releaseDealerReport(buildMeasurementReport(rows), rows, 'seed');
    expect(released.lift).toEqual([]);
    expect(released.cohorts).toEqual([]);
    expect(released.exposures).toBe(0);
    expect(released.privacy?.suppressed).toEqual(expect.arrayContaining(['exposures', 'lift:service-0', 'lift:service-10', 'cohort:none:0']));
    expect(suppressedChartOption(released.privacy, 'lift')).not.toBeNull();
    expect(suppressedChartOption(null, 'lift')).toBeNull();
  });

  it('releases large cells with noisy counts, deterministically per seed', () => {
    const rows = campaign(300);
    const full = buildMeasurementReport(rows);
    const a = releaseDealerReport(full, rows, 'dealer-a');
    expect(a.lift.map((l) => l.arm)).toEqual(['service-0', 'service-10']);
    expect(a.privacy?.suppressed).toEqual([]);
    expect(releaseDealerReport(full, rows, 'dealer-a')).toEqual(a);
    const noise = a.lift.map((l, i) => l.treated - full.lift[i]!.treated);
    expect(noise.every((n) => Math.abs(n) < 20)).toBe(true);
    // Over many seeds the counts are perturbed (not the true counts every time).
    const perturbed = Array.from({ length: 20 }, (_, s) => releaseDealerReport(full, rows, `s${s}`).lift[0]!.treated).filter((t) => t !== full.lift[0]!.treated);
    expect(perturbed.length).toBeGreaterThan(5);
  });
});

describe('built-in valuation models', () => {
  it('are valid registry inputs with the consent their inputs need', () => {
    for (const m of [needScoresModel, candidateValueModel, channelBanditModel]) expect(() => ModelVersionInput.parse(m)).not.toThrow();
    expect(needScoresModel.consent).toEqual(['telematics_marketing']);
    expect(candidateValueParams({ id: 'candidate-value@1', hyperParameters: candidateValueModel.hyperParameters })).toEqual({ responseBase: 0.02, responseSlope: 0.28, defaultNeed: 0.3 });
    expect(() => candidateValueParams({ id: 'x@1', hyperParameters: { responseBase: 0.9, responseSlope: 0.5 } })).toThrow(RangeError);
  });

  it('grants purposes from consent state and explains why an uplift artefact cannot value plan candidates', () => {
    expect(grantedPurposes({ 'telematics_marketing:any': true }, 0)).toEqual(['telematics_marketing']);
    expect(grantedPurposes({ 'telematics_marketing:any': false }, 2)).toEqual(['marketing_contact']);
    const reason = upliftNotUsedReason({ id: 'service-offer-uplift@1', dataSource: 'model_exposures+model_outcomes campaigns c arms service-0,service-10' },
      { featureNames: ['purchases12m', 'vehicleAgeYears'] }, ['off-brakes'], ['vehicleAgeYears']);
    expect(reason).toBe('uplift model service-offer-uplift@1 not used: its arms (service-0, service-10) are not catalog offers of this plan; the plan\'s data lacks 1 of its 2 features (purchases12m)');
  });
});
