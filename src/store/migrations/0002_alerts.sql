-- Hazard alerts (CAP 1.2/1.1, GeoJSON hazards): one row per alert message, its areas as geometry
-- (EPSG:4326) for spatial joins with the network, and a history of what happened to each alert.
-- Whether an alert is active is decided at query time (expiry needs no job to run).
CREATE TABLE alerts (
  id             text PRIMARY KEY,
  identifier     text NOT NULL,
  sender         text NOT NULL,
  sent           timestamptz NOT NULL,
  format         text NOT NULL CHECK (format IN ('cap1.2','cap1.1','geojson')),
  status         text NOT NULL,
  msg_type       text NOT NULL,
  scope          text NOT NULL,
  event          text,
  severity       text,
  certainty      text,
  urgency        text,
  headline       text,
  language       text,
  onset          timestamptz,
  -- the latest expires of its info blocks; NULL when one never expires
  expires        timestamptz,
  superseded_by  text,
  cancelled      boolean NOT NULL DEFAULT false,
  origin         text NOT NULL,
  doc            jsonb NOT NULL,
  received_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (sender, identifier)
);
CREATE INDEX alerts_sent_idx ON alerts (sent);
CREATE INDEX alerts_expires_idx ON alerts (expires);

-- One row per CAP <area> polygon set, and one per circle. A circle keeps its centre and radius
-- (membership is decided on the true circle) and a circumscribed 64-gon in geom (index, lengths).
CREATE TABLE alert_areas (
  id          serial PRIMARY KEY,
  alert_id    text NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  info_index  integer NOT NULL,
  area_index  integer NOT NULL,
  area_desc   text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('polygon','circle')),
  center      geometry(Point, 4326),
  radius_m    double precision CHECK (radius_m IS NULL OR radius_m >= 0),
  geom        geometry(MultiPolygon, 4326) NOT NULL
);
CREATE INDEX alert_areas_geom_idx ON alert_areas USING gist (geom);
CREATE INDEX alert_areas_alert_idx ON alert_areas (alert_id);

CREATE TABLE alert_history (
  id        serial PRIMARY KEY,
  alert_id  text NOT NULL,
  at        timestamptz NOT NULL DEFAULT now(),
  change    text NOT NULL CHECK (change IN ('received','updated','cancelled')),
  by_alert  text
);
CREATE INDEX alert_history_alert_idx ON alert_history (alert_id);

-- Watches: a route (its links) or a corridor someone wants to hear about, with a webhook.
CREATE TABLE alert_watches (
  id           serial PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('route','corridor')),
  target       text NOT NULL,
  links        jsonb NOT NULL,
  webhook_url  text NOT NULL,
  secret       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- The outbox: one row per (watch, alert), written when the alert is stored, so a delivery that
-- has not happened yet survives a restart. Delivery is at least once; the log is this table.
CREATE TABLE alert_deliveries (
  id               serial PRIMARY KEY,
  watch_id         integer NOT NULL REFERENCES alert_watches (id) ON DELETE CASCADE,
  alert_id         text NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  payload          jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  delivered_at     timestamptz,
  UNIQUE (watch_id, alert_id)
);
CREATE INDEX alert_deliveries_pending_idx ON alert_deliveries (status, next_attempt_at);
