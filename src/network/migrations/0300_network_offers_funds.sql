-- Issue 4: capacity calendar (exceptions, bookings), catalog fields on offers, the fund ledger
-- and dealer claims. Runs unchanged on PGlite and on a PostgreSQL server.

-- A day that differs from a dealer's standard week (closure, fewer bays, fewer hours).
CREATE TABLE capacity_exceptions (
  dealer_id     text NOT NULL REFERENCES dealers(node_id) ON DELETE CASCADE,
  day           date NOT NULL,
  closed        boolean NOT NULL DEFAULT false,
  service_bays  integer CHECK (service_bays >= 0),
  hours         jsonb,
  PRIMARY KEY (dealer_id, day)
);

-- Booked workshop time: technician hours of one competency and service bays on one day.
CREATE TABLE capacity_bookings (
  id          text PRIMARY KEY,
  dealer_id   text NOT NULL REFERENCES dealers(node_id) ON DELETE CASCADE,
  day         date NOT NULL,
  competency  text NOT NULL CHECK (competency IN ('general', 'adas_calibration', 'high_voltage', 'body_repair', 'tyres', 'software_update')),
  hours       double precision NOT NULL CHECK (hours > 0),
  bays        integer NOT NULL DEFAULT 1 CHECK (bays >= 0)
);
CREATE INDEX capacity_bookings_dealer_day ON capacity_bookings(dealer_id, day);

-- Catalog fields (src/offers CatalogOffer). An offer without owner_node_id belongs to its program's owner.
ALTER TABLE offers ADD COLUMN owner_node_id text REFERENCES tenant_nodes(id);
ALTER TABLE offers ADD COLUMN fund_id text REFERENCES funds(id);
ALTER TABLE offers ADD COLUMN cost_minor bigint NOT NULL DEFAULT 0 CHECK (cost_minor >= 0);
ALTER TABLE offers ADD COLUMN content jsonb NOT NULL DEFAULT '[]';
ALTER TABLE offers ADD COLUMN exclusivity_group text;
ALTER TABLE offers ADD COLUMN stackable boolean NOT NULL DEFAULT false;
ALTER TABLE offers ADD COLUMN priority integer NOT NULL DEFAULT 0;
ALTER TABLE offers ADD COLUMN per_customer_limit integer DEFAULT 1 CHECK (per_customer_limit >= 1);
ALTER TABLE offers ADD COLUMN global_limit integer CHECK (global_limit >= 1);
ALTER TABLE offers ADD COLUMN rules jsonb NOT NULL DEFAULT '[]';

-- The append-only fund ledger (src/funds LedgerEntry); `seq` keeps the order entries were appended in.
CREATE TABLE fund_ledger (
  seq      bigserial PRIMARY KEY,
  id       text NOT NULL UNIQUE,
  fund_id  text NOT NULL REFERENCES funds(id),
  type     text NOT NULL CHECK (type IN ('budget', 'accrual', 'claim', 'settlement', 'claim_rejected')),
  at       timestamptz NOT NULL,
  entry    jsonb NOT NULL
);
CREATE INDEX fund_ledger_fund ON fund_ledger(fund_id, seq);

-- Dealer claims as submitted, with the decision and a reason per check.
CREATE TABLE dealer_claims (
  id            text PRIMARY KEY,
  fund_id       text NOT NULL,
  offer_id      text NOT NULL,
  dealer_id     text NOT NULL REFERENCES dealers(node_id),
  vin           text NOT NULL,
  redeemed_at   timestamptz NOT NULL,
  amount_minor  bigint NOT NULL,
  submitted_at  timestamptz NOT NULL,
  status        text NOT NULL CHECK (status IN ('settled', 'rejected')),
  reasons       jsonb NOT NULL
);
CREATE INDEX dealer_claims_dealer ON dealer_claims(dealer_id);
