import { adasValue } from './adas-value';
import { chargingPlanFit } from './charging-plan-fit';
import type { NeedScoreDefinition, NeedScoreResult, TelemetryFeatures } from './define-need-score';
import { intersectionAssist } from './intersection-assist';
import { towingPackage } from './towing-package';
import { tyreBrakeService } from './tyre-brake-service';

export { defineNeedScore, TelemetryFeatures, type NeedFeature, type NeedScoreDefinition, type NeedScoreResult } from './define-need-score';
export { adasValue, chargingPlanFit, intersectionAssist, towingPackage, tyreBrakeService };

/** The default need scorers; a new one is a new file plus one line here. */
export const needScores: readonly NeedScoreDefinition[] = [adasValue, intersectionAssist, tyreBrakeService, chargingPlanFit, towingPackage];

export function scoreNeeds(features: TelemetryFeatures, registry: readonly NeedScoreDefinition[] = needScores): Record<string, NeedScoreResult> {
  return Object.fromEntries(registry.map((s) => [s.code, s.evaluate(features)]));
}
export { needInputSources, needInputsOf, storedReadings, StoredFeatures, type NeedInput, type StoredReading, type VehicleFacts } from './telemetry-inputs';
