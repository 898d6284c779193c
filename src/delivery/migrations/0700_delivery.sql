-- Issue 12: delivery outbox, review items for blocked messages, signed single-use redemption
-- codes, channel preferences and the last reported vehicle state. Runs unchanged on PGlite and
-- on a PostgreSQL server. Rows here hold personal data: erased by deliverySubjectData.

-- One message to one owner on one channel. The exact compliance input and its clearance are
-- stored with the row; the sender re-checks them against the row's content before sending.
CREATE TABLE delivery_outbox (
  id                   text PRIMARY KEY,
  idempotency_key      text NOT NULL UNIQUE,
  dealer_id            text REFERENCES dealers(node_id),
  campaign_id          text NOT NULL,
  offer_id             text NOT NULL,
  owner_id             text NOT NULL,
  channel              text NOT NULL CHECK (channel IN ('hmi', 'push', 'email', 'sms', 'social', 'dealer_crm', 'web')),
  market               text NOT NULL,
  message              jsonb NOT NULL,
  compliance_input     jsonb NOT NULL,
  clearance            jsonb NOT NULL,
  status               text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'dead')),
  attempts             integer NOT NULL DEFAULT 0,
  max_attempts         integer NOT NULL DEFAULT 6,
  next_attempt_at      timestamptz NOT NULL,
  lease_owner          text,
  lease_until          timestamptz,
  provider_message_id  text,
  last_error           text,
  dead_reason          text,
  created_at           timestamptz NOT NULL,
  sent_at              timestamptz
);
CREATE INDEX delivery_outbox_due ON delivery_outbox(status, next_attempt_at);
CREATE INDEX delivery_outbox_owner ON delivery_outbox(owner_id, created_at);

-- Messages the gate blocked, as compliance review items (src/compliance createReviewItem).
CREATE TABLE delivery_review_items (
  id          text PRIMARY KEY,
  dealer_id   text REFERENCES dealers(node_id),
  owner_id    text NOT NULL,
  offer_id    text NOT NULL,
  channel     text NOT NULL,
  market      text NOT NULL,
  reason      text NOT NULL,
  item        jsonb NOT NULL,
  status      text NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX delivery_review_items_owner ON delivery_review_items(owner_id);

-- One signed code per owner and offer, the same in every channel; redeemed once at a dealer.
CREATE TABLE delivery_redemption_codes (
  code_id        text PRIMARY KEY,
  code           text NOT NULL UNIQUE,
  offer_id       text NOT NULL,
  owner_id       text NOT NULL,
  dealer_id      text REFERENCES dealers(node_id),
  issued_at      timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  redeemed_at    timestamptz,
  redeemed_by    text,
  UNIQUE (offer_id, owner_id)
);

-- The key that signs redemption codes in the embedded default (a KMS replaces it in production).
CREATE TABLE delivery_keys (
  name         text PRIMARY KEY,
  private_pem  text NOT NULL,
  public_pem   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- An owner's channels in order of preference (absent: the platform's default order).
CREATE TABLE delivery_channel_preferences (
  owner_id    text PRIMARY KEY,
  channels    text[] NOT NULL,
  updated_at  timestamptz NOT NULL
);

-- The last parked/moving state a vehicle reported; HMI cards are never scheduled while moving.
CREATE TABLE delivery_vehicle_states (
  vin          text PRIMARY KEY,
  moving       boolean NOT NULL,
  reported_at  timestamptz NOT NULL
);
