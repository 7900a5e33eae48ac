-- Webhook deliveries of new alerts (issue 6), durable and shared by every
-- statistics replica. A publish inserts one row per new alert in the
-- transaction that stores the alerts, so a crash or restart loses none. A
-- delivery worker claims one due row with FOR UPDATE SKIP LOCKED and holds
-- that row lock while it posts, so two replicas never send a row at the same
-- time, and a replica that dies mid-delivery releases it with its
-- connection. `url` is the one chosen at publish time (the project's
-- alert_webhook_url, else the service's --webhook-url). A failed attempt
-- sets next_attempt_at (exponential backoff); after too many attempts, or
-- too long, the row becomes 'dead' and stays for inspection. Delivered rows
-- are deleted after a retention period.
CREATE TABLE opmon.webhook_outbox (
  id              bigserial   PRIMARY KEY,
  slug            text        NOT NULL,
  url             text        NOT NULL,
  body            text        NOT NULL,
  state           text        NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts        integer     NOT NULL DEFAULT 0,
  last_error      text        NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL DEFAULT now(),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_attempt_at timestamptz,
  finished_at     timestamptz
);

-- Claims (state = 'pending' ORDER BY next_attempt_at, id) and the counts of
-- pending and dead rows, without reading delivered history.
CREATE INDEX webhook_outbox_open_idx ON opmon.webhook_outbox (state, next_attempt_at, id)
  WHERE state <> 'delivered';
-- Retention of delivered rows.
CREATE INDEX webhook_outbox_delivered_idx ON opmon.webhook_outbox (finished_at)
  WHERE state = 'delivered';
