// Public API of the market simulator. Hidden ground truth (./hidden) is never re-exported.
export { Scenario, ScenarioCity, ScenarioMarket, ScenarioModel, parseScenario, type ScenarioInput } from './scenario';
export { loadScenario, loadShippedScenario } from './scenario-io';
export { generateMarket, streamMarket, type FleetChunk, type GeneratedMarket, type GenerateOptions, type MarketStream } from './generate-market';
export { generateCatalog, partSkus, type Network } from './network';
export { featureCodes, featureRequirements, type FeatureCode } from './features';
