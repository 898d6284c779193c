-- Compliance review queue. A blocked message becomes an item owned by the
-- tenant node that submitted it; reviewers act on it; every action is an
-- append-only, hash-chained event. Reviewer findings become regression cases.

CREATE TABLE compliance_reviews (
  id              text PRIMARY KEY,
  owner_node_id   text NOT NULL REFERENCES tenant_nodes(id),
  status          text NOT NULL CHECK (status IN ('pending', 'resolved', 'approved_override', 'rejected')),
  item            jsonb NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX compliance_reviews_status ON compliance_reviews(status, created_at);

CREATE TABLE compliance_review_events (
  item_id    text NOT NULL REFERENCES compliance_reviews(id),
  seq        integer NOT NULL,
  event      jsonb NOT NULL,
  hash       text NOT NULL UNIQUE,
  PRIMARY KEY (item_id, seq)
);

CREATE FUNCTION compliance_review_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'compliance_review_events is append-only';
END;
$$;

CREATE TRIGGER compliance_review_events_no_update BEFORE UPDATE OR DELETE ON compliance_review_events
  FOR EACH ROW EXECUTE FUNCTION compliance_review_events_append_only();

CREATE TABLE compliance_regression_cases (
  id          text PRIMARY KEY,
  item_id     text NOT NULL REFERENCES compliance_reviews(id),
  "case"      jsonb NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL
);
