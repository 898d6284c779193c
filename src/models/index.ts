export { cholesky, createMatrix, matrixFromRows, solveSpd, takeRows, takeValues, type Matrix } from './matrix';
export { fitLogistic, fitRidge, type LinearModel, type LinearParams } from './logistic-regression';
export { binEdges, fitGbt, type GbtModel, type GbtParams } from './gradient-boosting';
export { fitBase, type BaseLearnerSpec, type OutcomeKind, type Predictor } from './base-learner';
export { checkUpliftData, subsetUplift, type ProgressCallback, type UpliftData, type UpliftModel } from './uplift-data';
export { fitTLearner, type MetaLearnerOptions } from './t-learner';
export { fitXLearner } from './x-learner';
export { fitDrLearner, type DrLearnerOptions } from './dr-learner';
export { fitClassTransformation } from './class-transformation';
export { fitUplift, upliftMethods, type UpliftMethod } from './uplift-learners';
export { areaUnder, auuc, perfectQiniCurve, perfectUpliftCurve, qiniAuc, qiniCurve, upliftAtK, upliftCurve, type Curve, type UpliftAtKStrategy } from './uplift-metrics';
export { chooseTreatment, TreatmentArm, TreatmentInput, type TreatmentChoice } from './treatment-choice';
export { hillstromArms, hillstromContrast, hillstromFeatures, parseHillstrom, type HillstromContrast, type HillstromDataset, type HillstromOutcome } from './hillstrom';
export { evaluateHillstrom, hillstromBase, HillstromEvalConfig, splitHalf, summarise, type HillstromEvalRow, type MetricSummary } from './hillstrom-eval';
export { hillstromCsv, hillstromMarkdown, publishedHillstrom } from './hillstrom-report';
export { HillstromTrainOptions, trainHillstrom } from './hillstrom-train';
export {
  applyOffer, ClvCoefficients, ClvCustomer, ClvEconomics, clvEffect, ClvOffer, createClvModel, customerLifetimeValue,
  defaultClvCoefficients, defaultClvModel, discountKinds, featureKinds, fitClvModel, PersonPeriod, type ClvBreakdown, type ClvEffect, type ClvModel,
} from './lifetime-value';
export { BanditConfig, banditProbabilities, banditTargetPolicy, chooseArm, createBandit, updateBandit, type BanditChoice, type BanditState } from './contextual-bandit';
export { drEstimate, fitRewardModel, ipsEstimate, LoggedDecision, snipsEstimate, type OpeEstimate, type RewardModel, type TargetPolicy } from './off-policy-evaluation';
export { approvePolicy, PolicyGateOptions, type PolicyGateDecision } from './policy-gate';
export {
  DecisionLogRecord, emptyRegistry, liveModel, ModelKind, modelMayUse, ModelVersion, ModelVersionInput, promoteModel, registerModel, type ModelRegistry,
} from './model-registry';
export * from './needs/index';
export {
  CandidateValueParams, candidateValueModel, candidateValueParams, channelBanditContext, channelBanditModel, clvModelFrom, grantedPurposes, lifetimeValueModel, needScoresModel,
  upliftNotUsedReason,
} from './builtin-models';
export { banditFromModel, channelContext, chooseChannel, type BanditObservation, type ChannelChoice } from './channel-choice';
export { evaluateUplift, trainUplift, TrainUpliftOptions, upliftDataFromRows, UpliftTrainingRow, type TrainedUplift, type UpliftMetrics } from './train-uplift';
// I/O (reads ../shared/data/hillstrom/hillstrom.csv); kept in its own *-io file.
export { hillstromPath, loadHillstrom } from './hillstrom-io';
export { composeUplift, predictorFromSpec, SerialisedPredictor, SerialisedUplift, serialisePredictor, upliftFromSpec } from './model-serialisation';
export { evaluateLogs, logsEvalMarkdown, trainFromLogs, upliftDataFromLogs, type LogsEvalRow, type TrainFromLogsOptions } from './train-from-logs';
export { evaluateOnSimulator, opeOnSimulator, personPeriods, serviceDuePolicy, simulatorEvalMarkdown, type SimulatorEvaluation } from './simulator-eval';
export { buildMeasurementReport, measurementChartOption, measurementCharts, measurementCsvRows, type MeasurementReport } from './logs-report';
// I/O: the models' tables (migration 0400), the CLI and the HTTP routes.
export { Exposure, modelsStore, modelsSubjectDataHook, Outcome, seedModelLogs, type LoggedRow, type ModelsStore } from './models-store';
export { registerModelsCommands } from './models-cli';
export { registerModelsRoutes } from './models-routes';
export { collectLogs, CollectOptions, type CollectReport } from './collect-logs-store';
export { DecisionExposureReport, recordDecisionExposure } from './collect-logs-store';
