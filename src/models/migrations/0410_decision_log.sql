-- The decision log links each decision to what produced it: the plan (optimizer) or the
-- single-customer decision request, and the campaign / holdout experiment it belongs to.
ALTER TABLE model_decisions ADD COLUMN plan_id text;
ALTER TABLE model_decisions ADD COLUMN campaign_id text;
CREATE INDEX model_decisions_plan ON model_decisions(plan_id);

-- Tenant-scoped measurement joins exposures to their owners; the bandit reads outcomes of its decisions.
CREATE INDEX model_exposures_owner ON model_exposures(owner_id);
CREATE INDEX model_exposures_decision ON model_exposures(decision_id);
