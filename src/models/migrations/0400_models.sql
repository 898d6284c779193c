-- Decision AI and measurement (F5, F12). Plain PostgreSQL; runs on PGlite and PostgreSQL 15.

-- The model registry: one row per version; `document` is the ModelVersion (window, features,
-- hyper-parameters, metrics, consent), `artefact` the fitted model (coefficients / trees as JSON).
CREATE TABLE model_versions (
  id             text PRIMARY KEY,
  name           text NOT NULL,
  version        integer NOT NULL CHECK (version >= 1),
  kind           text NOT NULL,
  status         text NOT NULL CHECK (status IN ('candidate', 'live', 'retired')),
  registered_at  timestamptz NOT NULL,
  document       jsonb NOT NULL,
  artefact       jsonb,
  UNIQUE (name, version)
);
CREATE UNIQUE INDEX model_versions_one_live ON model_versions(name) WHERE status = 'live';

-- Which model version decided what, with the propensity of the choice.
CREATE TABLE model_decisions (
  decision_id     text PRIMARY KEY,
  decided_at      timestamptz NOT NULL,
  owner_id        text NOT NULL,
  model_versions  jsonb NOT NULL,
  action          text NOT NULL,
  propensity      double precision NOT NULL CHECK (propensity > 0 AND propensity <= 1),
  holdout         boolean NOT NULL,
  scores          jsonb NOT NULL,
  reasons         jsonb NOT NULL
);
CREATE INDEX model_decisions_owner ON model_decisions(owner_id, decided_at);

-- Exposures: a customer got an arm ('none' = control / holdout) with a logged propensity,
-- and the observable features at decision time. Training reads these.
CREATE TABLE model_exposures (
  exposure_id   text PRIMARY KEY,
  campaign_id   text NOT NULL,
  owner_id      text NOT NULL,
  arm           text NOT NULL,
  channel       text,
  exposed_at    timestamptz NOT NULL,
  propensity    double precision NOT NULL CHECK (propensity > 0 AND propensity <= 1),
  holdout       boolean NOT NULL,
  features      jsonb NOT NULL,
  decision_id   text
);
CREATE INDEX model_exposures_time ON model_exposures(campaign_id, exposed_at);

-- What followed an exposure (the response window of the exposure).
CREATE TABLE model_outcomes (
  exposure_id   text PRIMARY KEY REFERENCES model_exposures(exposure_id),
  observed_at   timestamptz NOT NULL,
  converted     boolean NOT NULL,
  gross_profit  double precision NOT NULL,
  active        boolean NOT NULL,
  repurchased   boolean NOT NULL
);
