-- Plans made by the optimizer from stored data (issue 7): the JSON plan with its explanations,
-- and the assignments (customer, offer, channel, dealer) that delivery is fed from.
-- owner_path is the tenant path of whoever made the plan ('/' for the platform itself);
-- a principal sees a plan only if it was made at its node or below.
CREATE TABLE optimizer_plans (
  id          text PRIMARY KEY,
  owner_path  text NOT NULL,
  market      text,
  mode        text NOT NULL,
  created_at  timestamptz NOT NULL,
  plan        jsonb NOT NULL,
  assignments jsonb NOT NULL
);
CREATE INDEX optimizer_plans_created ON optimizer_plans (created_at);
