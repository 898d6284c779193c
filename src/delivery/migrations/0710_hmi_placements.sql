-- Issue 8: the in-vehicle HMI repository's per-vehicle placements, persisted so that a new
-- process continues the repository (and a revocation can remove one card) instead of starting
-- from an empty in-memory map. One row per card a vehicle's placement lists, in display order.
-- `pseudonym` is the keyed HMAC of the VIN (placement-path.ts), never the VIN itself.
CREATE TABLE delivery_hmi_placements (
  pseudonym    text NOT NULL,
  position     integer NOT NULL,
  path         text NOT NULL,
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  revision     integer NOT NULL CHECK (revision >= 1),
  slot         text NOT NULL,
  offer_id     text NOT NULL,
  campaign_id  text,
  placed_at    timestamptz NOT NULL,
  PRIMARY KEY (pseudonym, path)
);
CREATE INDEX delivery_hmi_placements_path ON delivery_hmi_placements(path);
CREATE INDEX delivery_hmi_placements_offer ON delivery_hmi_placements(offer_id);
