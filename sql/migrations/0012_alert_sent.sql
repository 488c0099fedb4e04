-- Alerts that must go out once, not at every sweep: a job's year that turned OVERDUE is alerted
-- once (src/runs/deadline-alerts.ts). The row is the claim: of several workers sweeping at once,
-- the one whose INSERT lands sends the alert; if no channel took it, the row is deleted again so
-- a later sweep retries. Job names and years only, like every alert.
CREATE TABLE alert_sent (
  kind    text NOT NULL,
  job     text NOT NULL,
  year    integer NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, job, year)
);
