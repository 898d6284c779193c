-- Telemetry (F1) and V2X (F2): quarantine, per-vehicle feature snapshots, trigger events, counters,
-- V2X window summaries (no pseudonym ids, TM-14) and the differential-privacy ledger.

CREATE TABLE telemetry_quarantine (
  id          bigserial PRIMARY KEY,
  reason      text NOT NULL,
  detail      text NOT NULL,
  vin         text,
  path        text,
  raw         text NOT NULL,
  points      integer NOT NULL CHECK (points >= 0),
  transport   text NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE INDEX telemetry_quarantine_vin ON telemetry_quarantine (vin);
CREATE INDEX telemetry_quarantine_reason ON telemetry_quarantine (reason, id);

-- One row per vehicle: the latest readings with the consent basis at the time of writing,
-- and the engine state (feature slab, seq window, newest ts, odometer) to resume after a restart.
CREATE TABLE vehicle_features (
  vin        text PRIMARY KEY,
  features   jsonb NOT NULL,
  state      bytea,
  updated_at timestamptz NOT NULL
);

CREATE TABLE telemetry_trigger_events (
  id      bigserial PRIMARY KEY,
  vin     text NOT NULL,
  kind    text NOT NULL,
  at      timestamptz NOT NULL,
  detail  jsonb NOT NULL,
  reasons jsonb NOT NULL,
  UNIQUE (vin, kind, at)
);

CREATE TABLE telemetry_counters (
  name  text PRIMARY KEY,
  value bigint NOT NULL
);

CREATE TABLE v2x_encounter_summaries (
  id              bigserial PRIMARY KEY,
  window_end      timestamptz NOT NULL,
  approaches      integer NOT NULL,
  stops_at_red    integer NOT NULL,
  stops_on_green  integer NOT NULL,
  cells           jsonb NOT NULL,
  trajectory_hash text NOT NULL,
  messages        integer NOT NULL
);
CREATE INDEX v2x_encounter_summaries_window ON v2x_encounter_summaries (window_end);

CREATE TABLE v2x_privacy_ledger (
  id        bigserial PRIMARY KEY,
  tenant    text NOT NULL,
  day       text NOT NULL,
  month     text NOT NULL,
  eps_micro bigint NOT NULL CHECK (eps_micro > 0),
  at        timestamptz NOT NULL
);
CREATE INDEX v2x_privacy_ledger_tenant ON v2x_privacy_ledger (tenant, month);

-- Distributed mode (src/scale): per-partition high-water mark of processed JetStream sequences,
-- written in the same transaction as the counts and feature updates of a batch.
CREATE TABLE telemetry_partition_marks (
  stream    text NOT NULL,
  part      integer NOT NULL,
  last_seq  bigint NOT NULL,
  PRIMARY KEY (stream, part)
);
