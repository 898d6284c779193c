export {
  constraintKinds, candidateCount, customerId, sortCandidatesByValue, usageOf, valueOf, violatedConstraints,
  type ConstraintInfo, type ConstraintKind, type Instance, type OptionInfo, type SegmentInfo,
} from './instance';
export { InstanceJson, instanceToJson, parseInstance } from './instance-schema';
export { generateInstance, type GenerateInstanceInput } from './generate-instance';
export { assignHoldouts, checkHoldouts, type HoldoutCheck } from './holdouts';
export { toLpText, type LpModel } from './lp-text';
export { solveExact, type ExactOptions, type ExactSolution } from './highs-solver';
export { solveScale, type DualHistoryPoint, type ScaleOptions, type ScaleSolution } from './dual-solver';
export { createLocalEvaluator, type DualEvaluation, type DualEvaluator, type LocalEvaluatorOptions } from './local-evaluator';
export { createParallelEvaluator, solveScaleParallel, type ParallelEvaluatorOptions } from './parallel-evaluator-worker';
export { repairAssignment, type RepairResult } from './repair';
export {
  explainDecision, explainPlan, type CandidateView, type ConstraintReport, type DecisionExplanation, type PriceImpact,
} from './explain';
export { PlanRequest, penaltyFromPrices, planFromJson, planInstance, type PlanJson, type PlanResult } from './plan';
export { fitResponseCurve, responseAt, type CurveFit, type ResponseCurve } from './response-curve';
export { planSpend, type SpendAllocation, type SpendCell, type SpendInput, type SpendPlan } from './spend-planner';
export { planSpendExact } from './spend-exact';
export { applyScenario, compareScenarios, type Scenario, type ScenarioComparison } from './what-if';
export { candidateValue, channelWeight, dealerWeight, defaultNeed, needScorerFor, responseProbability } from './candidate-value';
export { buildPlanInstance, BuildOptions, type BuildStats } from './plan-builder-store';
export {
  CreatePlanRequest, DeliverPlanRequest, optimizerSubjectData, PlanId, plansStore,
  type Assignment, type DecisionDelivery, type DecisionStatus, type PlanDelivery, type PlansStore, type StoredPlan,
} from './plans-store';
export { planSpendFromStore, spendInputFromStore, SpendRequest, type SpendPlanning } from './spend-input-store';
export { parseWhatIf, WhatIfSpec, type DealerHours } from './what-if-spec';
export { registerOptimizerRoutes } from './optimizer-routes';
export { registerOptimizerCommands } from './optimizer-cli';
export { defaultShardCount, ownedShards, shardRanges, type ShardRange } from './shard-layout';
export {
  createNatsEvaluator, defaultOptimizerPrefix, solveScaleNats, type NatsEvaluator, type NatsEvaluatorOptions, type NatsTraffic,
} from './nats-evaluator-io';
export { startShardWorker, type ShardWorker, type ShardWorkerOptions } from './nats-shard-worker';
