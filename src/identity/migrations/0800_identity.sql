-- Identity, tenancy and audit. Secrets are never stored: passwords as scrypt,
-- API keys and session tokens as SHA-256 of a high-entropy random token.

CREATE TABLE users (
  id             text PRIMARY KEY,
  email          text NOT NULL UNIQUE,   -- canonical form: NFKC, lower case
  display_name   text NOT NULL,
  password_hash  text,
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
  user_id  text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  node_id  text NOT NULL REFERENCES tenant_nodes(id),
  role     text NOT NULL,
  PRIMARY KEY (user_id, node_id, role)
);

CREATE TABLE api_keys (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  node_id       text NOT NULL REFERENCES tenant_nodes(id),
  role          text NOT NULL,
  secret_hash   text NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz
);

CREATE TABLE sessions (
  token_hash  text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  node_id     text NOT NULL REFERENCES tenant_nodes(id),
  role        text NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Append-only, hash-chained audit log. Each entry's hash covers the previous
-- entry's hash, so editing or deleting any entry breaks the chain; the trigger
-- also refuses UPDATE and DELETE outright.
CREATE TABLE audit_log (
  seq        bigserial PRIMARY KEY,
  at         timestamptz NOT NULL,
  actor      text NOT NULL,
  action     text NOT NULL,
  target     text NOT NULL,
  details    jsonb NOT NULL DEFAULT '{}',
  prev_hash  text NOT NULL,
  hash       text NOT NULL UNIQUE
);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
