-- Forecourt foundation schema. Runs unchanged on PGlite and on a PostgreSQL server.
-- Money is stored in integer minor units (cents) as bigint.

CREATE TABLE markets (
  code        text PRIMARY KEY CHECK (code IN ('US', 'US-CA', 'UK', 'DE', 'FR', 'EU')),
  name        text NOT NULL,
  currency    text NOT NULL CHECK (currency IN ('USD', 'GBP', 'EUR')),
  languages   text[] NOT NULL,
  parent      text REFERENCES markets(code)
);

-- OEM → NSC → distributor → dealer, plus mobility providers. `path` is the
-- materialised ancestor path ('/oem/nsc-us/dist-west/dlr-1/') used for subtree
-- scoping: a principal at node N sees rows whose owning node path starts with N's path.
CREATE TABLE tenant_nodes (
  id          text PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('oem', 'nsc', 'distributor', 'dealer', 'mobility_provider')),
  parent_id   text REFERENCES tenant_nodes(id),
  name        text NOT NULL,
  market      text REFERENCES markets(code),
  path        text NOT NULL UNIQUE
);
CREATE INDEX tenant_nodes_parent ON tenant_nodes(parent_id);

CREATE TABLE dealers (
  node_id               text PRIMARY KEY REFERENCES tenant_nodes(id) ON DELETE CASCADE,
  code                  text NOT NULL UNIQUE,
  lat                   double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon                   double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  territory             text[] NOT NULL DEFAULT '{}',
  service_bays_per_day  integer NOT NULL CHECK (service_bays_per_day >= 0),
  competition_index     double precision NOT NULL CHECK (competition_index BETWEEN 0 AND 1)
);

CREATE TABLE dealer_technicians (
  dealer_id      text NOT NULL REFERENCES dealers(node_id) ON DELETE CASCADE,
  competency     text NOT NULL CHECK (competency IN ('general', 'adas_calibration', 'high_voltage', 'body_repair', 'tyres', 'software_update')),
  technicians    integer NOT NULL CHECK (technicians >= 0),
  hours_per_day  double precision NOT NULL CHECK (hours_per_day BETWEEN 0 AND 24),
  PRIMARY KEY (dealer_id, competency)
);

CREATE TABLE dealer_stock (
  dealer_id  text NOT NULL REFERENCES dealers(node_id) ON DELETE CASCADE,
  sku        text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('part', 'vehicle')),
  quantity   integer NOT NULL CHECK (quantity >= 0),
  PRIMARY KEY (dealer_id, sku)
);

CREATE TABLE vehicle_models (
  id          text PRIMARY KEY,
  brand       text NOT NULL,
  name        text NOT NULL,
  powertrain  text NOT NULL CHECK (powertrain IN ('ice', 'hev', 'phev', 'bev'))
);

CREATE TABLE trims (
  id          text PRIMARY KEY,
  model_id    text NOT NULL REFERENCES vehicle_models(id),
  name        text NOT NULL,
  msrp_minor  bigint NOT NULL CHECK (msrp_minor >= 0)
);

CREATE TABLE hardware_variants (
  id          text PRIMARY KEY,
  model_id    text NOT NULL REFERENCES vehicle_models(id),
  name        text NOT NULL,
  adas_level  integer NOT NULL CHECK (adas_level BETWEEN 0 AND 5)
);

CREATE TABLE owners (
  id              text PRIMARY KEY,
  market          text NOT NULL REFERENCES markets(code),
  display_name    text NOT NULL,
  email           text,
  phone           text,
  language        text NOT NULL CHECK (language IN ('en', 'de', 'fr')),
  home_dealer_id  text REFERENCES dealers(node_id),
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX owners_home_dealer ON owners(home_dealer_id);

CREATE TABLE vehicles (
  vin                  text PRIMARY KEY CHECK (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
  model_id             text NOT NULL REFERENCES vehicle_models(id),
  trim_id              text NOT NULL REFERENCES trims(id),
  hardware_variant_id  text NOT NULL REFERENCES hardware_variants(id),
  market               text NOT NULL REFERENCES markets(code),
  model_year           integer NOT NULL,
  software_version     text NOT NULL,
  home_dealer_id       text REFERENCES dealers(node_id),
  owner_id             text REFERENCES owners(id),
  odometer_km          double precision NOT NULL DEFAULT 0,
  registered_at        timestamptz NOT NULL
);
CREATE INDEX vehicles_market ON vehicles(market);
CREATE INDEX vehicles_home_dealer ON vehicles(home_dealer_id);
CREATE INDEX vehicles_owner ON vehicles(owner_id);

-- Consent: append-only history, and the current state derived from it in the
-- same transaction (consents is never written except by recordConsent).
CREATE TABLE consent_events (
  id        bigserial PRIMARY KEY,
  owner_id  text NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
  purpose   text NOT NULL CHECK (purpose IN ('telematics_marketing', 'profiling', 'marketing_contact')),
  channel   text NOT NULL,
  granted   boolean NOT NULL,
  actor     text NOT NULL,
  source    text NOT NULL,
  at        timestamptz NOT NULL
);
CREATE INDEX consent_events_owner ON consent_events(owner_id, at);

CREATE TABLE consents (
  owner_id    text NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
  purpose     text NOT NULL,
  channel     text NOT NULL,
  granted     boolean NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (owner_id, purpose, channel)
);

CREATE TABLE programs (
  id             text PRIMARY KEY,
  owner_node_id  text NOT NULL REFERENCES tenant_nodes(id),
  name           text NOT NULL,
  market         text REFERENCES markets(code),
  starts_at      timestamptz NOT NULL,
  ends_at        timestamptz NOT NULL CHECK (ends_at > starts_at)
);

CREATE TABLE funds (
  id            text PRIMARY KEY,
  program_id    text NOT NULL REFERENCES programs(id),
  tier_node_id  text NOT NULL REFERENCES tenant_nodes(id),
  currency      text NOT NULL,
  budget_minor  bigint NOT NULL CHECK (budget_minor >= 0)
);

CREATE TABLE offers (
  id              text PRIMARY KEY,
  program_id      text NOT NULL REFERENCES programs(id),
  kind            text NOT NULL,
  name            text NOT NULL,
  markets         text[] NOT NULL,
  valid_from      timestamptz NOT NULL,
  valid_to        timestamptz NOT NULL CHECK (valid_to > valid_from),
  terms           jsonb NOT NULL,
  requires        jsonb NOT NULL DEFAULT '[]',
  requires_stock  text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE campaigns (
  id             text PRIMARY KEY,
  owner_node_id  text NOT NULL REFERENCES tenant_nodes(id),
  name           text NOT NULL,
  status         text NOT NULL CHECK (status IN ('draft', 'approved', 'running', 'paused', 'ended')),
  offer_ids      text[] NOT NULL DEFAULT '{}',
  created_at     timestamptz NOT NULL DEFAULT now()
);
