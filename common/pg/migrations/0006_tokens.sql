-- Bearer tokens (issue 13). Only the SHA-256 of a token is stored; the token
-- itself is shown once, when it is created. A revoked token keeps its row
-- (and its name) for the record. Every change a service must see (a new,
-- revoked or re-roled token) notifies 'opmon_tokens', so services reload
-- their cached copy within seconds; last_used_at is written in batches and
-- notifies nobody.
CREATE TABLE opmon.tokens (
  name          text        PRIMARY KEY,
  token_sha256  text        NOT NULL UNIQUE,
  role          text        NOT NULL CHECK (role IN ('reader', 'operator', 'admin')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);

CREATE FUNCTION opmon.notify_tokens_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('opmon_tokens', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER tokens_changed
  AFTER INSERT OR DELETE OR UPDATE OF token_sha256, role, revoked_at ON opmon.tokens
  FOR EACH STATEMENT EXECUTE FUNCTION opmon.notify_tokens_changed();
