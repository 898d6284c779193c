// Public API of the market simulator (F14). The hidden ground truth (./hidden) is never
// re-exported: platform code sees only observable objects and the scorecard's results.
export { Scenario, ScenarioCity, ScenarioMarket, ScenarioModel, parseScenario, type ScenarioInput } from './scenario';
export { loadScenario, loadShippedScenario, resolveScenario } from './scenario-io';
export { generateMarket, streamMarket, type FleetChunk, type GeneratedMarket, type GenerateOptions, type MarketStream } from './generate-market';
export { generateCatalog, partSkus, type Network } from './network';
export { featureCodes, featureRequirements, type FeatureCode } from './features';
export { TelemetryPoint, vssSignals, type VssSignalKey } from './vss-signals';
export { fleetTelemetry, interleavedTelemetry, streamTelemetry, type TelemetryRunOptions } from './telemetry-stream';
export { fleetV2x } from './v2x-stream';
export { bsmMessage, spatMessage, type OdeMessage } from './v2x';
export { generateReleases, rolloutStatus, SimRelease, softwareVersionAt, type RolloutStatus } from './releases';
export { drivingStats, type DrivingStats, type SpeedTrace } from './driving-stats';
export { productEconomics, grossProfit, type Product } from './economics';
export {
  epsilonPerUsageRead, type ComplianceCheck, type DealerView, type ObservedOwner, type OfferDecision, type OutgoingMessage,
  type Strategy, type StrategyContext, type UsageFeatures,
} from './strategy';
export { conversionOnlyStrategy, noActionStrategy } from './strategies/conversion-only';
export { platformStrategy } from './strategies/platform-strategy';
export { defaultStrategies, formatScorecard, runScorecard, type ScorecardOptions, type ScorecardProgress, type ScorecardResult, type ScorecardRow } from './scorecard';
export { scorecardSvg } from './scorecard-chart';
export { runSimulate, type SimulateOptions, type SimulateProgress, type SimulateSummary } from './simulate-cli';
export { runEvaluate, type EvaluateOptions, type EvaluateSummary } from './evaluate-cli';
export { publishTelemetry, registerSimulatorCommands, type PublishOptions } from './simulator-commands-cli';
export {
  loggedArms, observableFeatures, ownerRealisedValues, realisedPolicyValue, runLoggedPolicy, uniformLoggingPolicy,
  type ArmPolicy, type LoggedArm, type LoggedOwnerMonth, type LoggedPolicyOptions, type OwnerValue,
} from './logged-policy';
