-- Issue 8: release-campaign targets feed the normal pipeline. One row per treated assignment
-- that was dispatched (planned by the optimizer with only the campaign's offer, then delivered
-- through the gated enqueue), so each vehicle is dispatched once. And, per retraction, what
-- delivery did about it: the queued message cancelled, the delivered in-vehicle card revoked.

CREATE TABLE release_dispatches (
  campaign_id           text NOT NULL,
  vin                   text NOT NULL,
  owner_id              text,
  plan_id               text,
  -- The campaign id the outbox rows and in-vehicle cards carry (plan-…).
  delivery_campaign_id  text,
  outcome               text NOT NULL CHECK (outcome IN ('queued', 'duplicate', 'blocked', 'not_chosen', 'skipped')),
  channel               text,
  outbox_id             text,
  review_id             text,
  reasons               jsonb NOT NULL,
  dispatched_at         timestamptz NOT NULL,
  PRIMARY KEY (campaign_id, vin),
  FOREIGN KEY (campaign_id, vin) REFERENCES release_assignments(campaign_id, vin)
);
CREATE INDEX release_dispatches_outbox ON release_dispatches(outbox_id);

-- outbox: what happened to the queued message (cancelled, already_sent, not_dispatched, …).
-- card_status: 'pending' until the revocation executor has looked at the vehicle's placement,
-- then 'revoked' (a card was removed and a new repository version published) or 'no_card'.
ALTER TABLE release_retractions ADD COLUMN outbox_outcome text;
ALTER TABLE release_retractions ADD COLUMN card_status text CHECK (card_status IN ('pending', 'revoked', 'no_card'));
ALTER TABLE release_retractions ADD COLUMN card_detail text;
ALTER TABLE release_retractions ADD COLUMN card_executed_at timestamptz;
CREATE INDEX release_retractions_card_pending ON release_retractions(card_status) WHERE card_status = 'pending';
