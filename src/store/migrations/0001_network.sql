-- The network: nodes, links, border crossings, ports, corridors and projects (EPSG:4326).
-- Links reference nodes through deferred foreign keys, so one import can write both in any order.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE nodes (
  id          text PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('station','junction','port','dry_port','terminal','border','city')),
  name_en     text NOT NULL,
  name_ru     text,
  name_local  text,
  country     text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  unlocode    text,
  source_id   text NOT NULL,
  confidence  text NOT NULL CHECK (confidence IN ('surveyed','published','estimated','inferred')),
  geom        geometry(Point, 4326) NOT NULL
);
CREATE INDEX nodes_geom_idx ON nodes USING gist (geom);
CREATE INDEX nodes_country_idx ON nodes (country);

CREATE TABLE links (
  id                        text PRIMARY KEY,
  mode                      text NOT NULL CHECK (mode IN ('rail','road','ferry')),
  from_node                 text NOT NULL REFERENCES nodes (id) DEFERRABLE INITIALLY DEFERRED,
  to_node                   text NOT NULL REFERENCES nodes (id) DEFERRABLE INITIALLY DEFERRED,
  country                   text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  length_km                 double precision NOT NULL CHECK (length_km > 0),
  name_en                   text,
  name_ru                   text,
  gauge_mm                  integer CHECK (gauge_mm IN (1520, 1435, 1000, 1067)),
  tracks                    integer CHECK (tracks > 0),
  electrified               boolean,
  status                    text NOT NULL CHECK (status IN ('operating','construction','planned','proposed','disused')),
  opening_year              integer,
  closing_year              integer,
  speed_kmh                 double precision,
  capacity_per_day          double precision,
  capacity_tonnes_per_year  double precision,
  operator                  text,
  frequency_per_week        double precision,
  geometry_quality          text NOT NULL DEFAULT 'schematic' CHECK (geometry_quality IN ('schematic','detailed')),
  source_id                 text NOT NULL,
  confidence                text NOT NULL CHECK (confidence IN ('surveyed','published','estimated','inferred')),
  geom                      geometry(LineString, 4326) NOT NULL
);
CREATE INDEX links_geom_idx ON links USING gist (geom);
CREATE INDEX links_mode_country_idx ON links (mode, country);
CREATE INDEX links_from_idx ON links (from_node);
CREATE INDEX links_to_idx ON links (to_node);

CREATE TABLE crossings (
  id               text PRIMARY KEY,
  name_en          text NOT NULL,
  name_ru          text,
  name_local       text,
  country_a        text NOT NULL,
  country_b        text NOT NULL,
  node_a           text REFERENCES nodes (id) DEFERRABLE INITIALLY DEFERRED,
  node_b           text REFERENCES nodes (id) DEFERRABLE INITIALLY DEFERRED,
  modes            jsonb NOT NULL,
  gauge_change     boolean NOT NULL,
  gauge_a          integer,
  gauge_b          integer,
  dwell_hours_ab   double precision,
  dwell_hours_ba   double precision,
  dwell_source     text,
  opening_hours    text,
  capacity_per_day double precision,
  source_id        text NOT NULL,
  confidence       text NOT NULL,
  geom             geometry(Point, 4326) NOT NULL
);
CREATE INDEX crossings_geom_idx ON crossings USING gist (geom);

CREATE TABLE ports (
  id            text PRIMARY KEY,
  node          text REFERENCES nodes (id) DEFERRABLE INITIALLY DEFERRED,
  sea           text NOT NULL,
  name_en       text NOT NULL,
  name_ru       text,
  name_local    text,
  country       text NOT NULL,
  max_draft_m   double precision,
  draft_year    integer,
  draft_source  text,
  berths        integer,
  unlocode      text,
  source_id     text NOT NULL,
  confidence    text NOT NULL,
  geom          geometry(Point, 4326) NOT NULL
);
CREATE INDEX ports_geom_idx ON ports USING gist (geom);

CREATE TABLE corridors (
  id          text PRIMARY KEY,
  name_en     text NOT NULL,
  name_ru     text NOT NULL,
  nodes       jsonb NOT NULL,
  color       text,
  source_id   text NOT NULL,
  confidence  text NOT NULL
);

CREATE TABLE projects (
  id             text PRIMARY KEY,
  name_en        text NOT NULL,
  name_ru        text NOT NULL,
  countries      jsonb NOT NULL,
  kind           text NOT NULL,
  status         text NOT NULL,
  year_start     integer,
  year_end       integer,
  cost_amount    double precision,
  cost_currency  text,
  financiers     jsonb NOT NULL,
  changes        jsonb NOT NULL,
  citation       text NOT NULL,
  source_id      text NOT NULL,
  confidence     text NOT NULL
);

-- One row per import: what came in and what happened to it.
CREATE TABLE imports (
  id           serial PRIMARY KEY,
  started_at   timestamptz NOT NULL DEFAULT now(),
  files        jsonb NOT NULL,
  read         integer NOT NULL,
  accepted     integer NOT NULL,
  rejected     integer NOT NULL,
  note         text
);

CREATE TABLE meta (
  key    text PRIMARY KEY,
  value  text NOT NULL
);
