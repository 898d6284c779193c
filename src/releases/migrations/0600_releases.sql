-- Release-synchronised campaigns (F8). Plain PostgreSQL; runs on PGlite and PostgreSQL 15.
-- History is append-only (release_events); the other tables are current views
-- written in the same transaction as the event that changed them.

CREATE TABLE release_events (
  id           bigserial PRIMARY KEY,
  event_id     text NOT NULL UNIQUE,
  kind         text NOT NULL CHECK (kind IN ('release', 'approval', 'update_report', 'campaign_template')),
  source       text NOT NULL CHECK (source IN ('api', 'webhook')),
  payload      jsonb NOT NULL,
  outcome      text NOT NULL,
  received_at  timestamptz NOT NULL
);
CREATE INDEX release_events_kind ON release_events(kind, received_at);

CREATE TABLE releases (
  version       text PRIMARY KEY,
  model_id      text NOT NULL,
  published_at  timestamptz NOT NULL,
  payload       jsonb NOT NULL,
  updated_at    timestamptz NOT NULL
);

-- The latest issued decision per feature and market.
CREATE TABLE release_approvals (
  feature       text NOT NULL,
  market        text NOT NULL,
  status        text NOT NULL CHECK (status IN ('approved', 'withdrawn')),
  issued_at     timestamptz NOT NULL,
  effective_at  timestamptz NOT NULL,
  payload       jsonb NOT NULL,
  PRIMARY KEY (feature, market)
);

CREATE TABLE vehicle_software (
  vin              text PRIMARY KEY,
  current_version  text NOT NULL,
  state            jsonb NOT NULL,
  updated_at       timestamptz
);

CREATE TABLE release_campaign_templates (
  campaign_id  text PRIMARY KEY,
  feature      text NOT NULL,
  payload      jsonb NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE INDEX release_campaign_templates_feature ON release_campaign_templates(feature);

-- One row per vehicle assigned to a campaign (treated or held out).
CREATE TABLE release_assignments (
  campaign_id   text NOT NULL REFERENCES release_campaign_templates(campaign_id),
  vin           text NOT NULL,
  offer_id      text NOT NULL,
  feature       text NOT NULL,
  market        text NOT NULL,
  arm           text NOT NULL CHECK (arm IN ('treatment', 'holdout')),
  status        text NOT NULL CHECK (status IN ('pending', 'delivered', 'suppressed', 'revoked', 'held_out')),
  reason        text NOT NULL,
  assigned_at   timestamptz NOT NULL,
  delivered_at  timestamptz,
  closed_at     timestamptz,
  closed_reason text,
  PRIMARY KEY (campaign_id, vin)
);
CREATE INDEX release_assignments_feature ON release_assignments(feature, market);
CREATE INDEX release_assignments_vin ON release_assignments(vin);

-- Outbox of suppressions and revocations for delivery to act on.
CREATE TABLE release_retractions (
  id           bigserial PRIMARY KEY,
  campaign_id  text NOT NULL,
  vin          text NOT NULL,
  offer_id     text NOT NULL,
  action       text NOT NULL CHECK (action IN ('suppress', 'revoke')),
  reason       text NOT NULL,
  detail       text NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE INDEX release_retractions_campaign ON release_retractions(campaign_id, vin);

CREATE TABLE release_responses (
  campaign_id  text NOT NULL,
  vin          text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('accepted', 'converted')),
  at           timestamptz NOT NULL,
  PRIMARY KEY (campaign_id, vin, kind)
);

-- Certified-capability registry derived from approvals, replaced as a whole on each approval event.
CREATE TABLE release_capability_entries (
  model_id             text NOT NULL,
  hardware_variant_id  text NOT NULL,
  version_range        text NOT NULL,
  market               text NOT NULL,
  tokens               text[] NOT NULL,
  PRIMARY KEY (model_id, hardware_variant_id, version_range, market)
);

-- Replay protection: each signed event id is accepted once.
CREATE TABLE release_webhook_nonces (
  event_id     text PRIMARY KEY,
  received_at  timestamptz NOT NULL
);

CREATE TABLE release_webhook_rejections (
  id           bigserial PRIMARY KEY,
  reason       text NOT NULL,
  detail       text NOT NULL,
  received_at  timestamptz NOT NULL
);
CREATE INDEX release_webhook_rejections_reason ON release_webhook_rejections(reason);
