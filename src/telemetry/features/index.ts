import type { FeatureExtractor } from './define-feature-extractor';
import { adasEngagement } from './adas-engagement';
import { batteryHealth } from './battery-health';
import { brakeWear } from './brake-wear';
import { chargingBehaviour } from './charging-behaviour';
import { distancePerWeek } from './distance-per-week';
import { hardBraking } from './hard-braking';
import { heavyLoadAfterStops } from './heavy-load-after-stops';
import { nightDrivingShare } from './night-driving-share';
import { predictedServiceDue } from './predicted-service-due';
import { roadTypeShare } from './road-type-share';
import { stopAndGo } from './stop-and-go';
import { towing } from './towing';
import { troubleCodes } from './trouble-codes';
import { tyreCondition } from './tyre-condition';

/** The default feature extractors (STYLE.md §1): a new feature is one file plus one line here. */
export const defaultFeatureExtractors: readonly FeatureExtractor[] = [
  distancePerWeek,
  roadTypeShare,
  stopAndGo,
  nightDrivingShare,
  adasEngagement,
  hardBraking,
  towing,
  chargingBehaviour,
  batteryHealth,
  tyreCondition,
  brakeWear,
  troubleCodes,
  heavyLoadAfterStops,
  predictedServiceDue,
];

export { defineFeatureExtractor, advanceSpeed, dayMs, weekMs } from './define-feature-extractor';
export type { FeatureExtractor, FeatureReading, ReadContext, BoundInputs } from './define-feature-extractor';
export { createFeatureEngine, type FeatureEngine, type FeatureEngineOptions, type VehicleFeatureState } from './feature-engine';
export { encodeDtc, decodeDtc } from './trouble-codes';
