-- A random per-installation key for keyed pseudonyms (HMAC), e.g. of erased
-- subjects in the audit log. Plain hashes of identifiers are never stored (PR-08).
CREATE TABLE platform_keys (
  name   text PRIMARY KEY,
  value  text NOT NULL
);
INSERT INTO platform_keys (name, value)
  VALUES ('pseudonym', encode(sha256(convert_to(gen_random_uuid()::text || clock_timestamp()::text || gen_random_uuid()::text, 'UTF8')), 'hex'));
