export { assignHoldout, holdoutBucket, HoldoutLevel, HoldoutPlan, HoldoutUnit, type HoldoutAssignment } from './holdout';
export { bootstrapMeanLift, normalQuantile, proportionLift, ProportionCounts, type LiftInterval, type ProportionLift } from './lift';
export { analysePromotion, PostEventInput, PromotionDay, type PostEventReport } from './post-event';
export { CohortObservation, trackCohorts, type CohortPoint } from './cohort-tracking';
export { AuditRow, AuditThresholds, auditTargeting, pearson, spearman, type AuditFinding, type ModelAuditReport } from './model-audit';
export { cohortChartOption, curveChartOption, liftChartOption, postEventChartOption, renderChartSvg, toCsv, toJson, type Cell, type ChartOption } from './report';
