-- 001: what the gateways' births describe, and the bookkeeping of exactly-once storage.
-- Times are timestamptz (UTC); 64-bit sequence numbers are numeric(20,0) (they may exceed bigint's 2^63-1).

CREATE TABLE buildings (
  id text PRIMARY KEY,              -- the catalog's building id; a gateway without one stands for its own building
  name text,
  address text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE gateways (
  id text PRIMARY KEY,
  building_id text NOT NULL REFERENCES buildings (id),
  catalog_hash text,                -- of the latest birth stored
  catalog jsonb,                    -- that birth's catalog, as decoded
  last_seen timestamptz,            -- latest receipt of any of its messages
  online boolean,                   -- from its state topic (last will: offline)
  online_changed_at timestamptz,
  last_sequence numeric(20, 0),     -- highest sequence stored; gaps open below it
  batches bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gateways_building ON gateways (building_id);

-- The catalog's components.
CREATE TABLE devices (
  gateway_id text NOT NULL REFERENCES gateways (id),
  id text NOT NULL,
  system_type smallint NOT NULL,
  component_type smallint NOT NULL,
  name text,
  location jsonb,
  PRIMARY KEY (gateway_id, id)
);

-- The catalog's points; ref is the compact key the readings use.
CREATE TABLE points (
  ref serial PRIMARY KEY,
  gateway_id text NOT NULL REFERENCES gateways (id),
  id text NOT NULL,
  component_id text NOT NULL,
  kind text NOT NULL,
  unit text NOT NULL,
  name text,
  thresholds jsonb,
  range jsonb,
  UNIQUE (gateway_id, id)
);

-- One row per stored message: the primary key is what makes a redelivered or replayed batch land once,
-- whichever worker gets it.
CREATE TABLE batches (
  gateway_id text NOT NULL,
  sequence numeric(20, 0) NOT NULL,
  type text NOT NULL,
  historical boolean NOT NULL,
  received_at timestamptz NOT NULL,
  catalog_hash text,
  readings integer NOT NULL,
  events integer NOT NULL,
  bytes integer,
  PRIMARY KEY (gateway_id, sequence)
);

-- Alarms, faults and operator actions with their lifecycle: raised, then cleared.
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  gateway_id text NOT NULL,
  building_id text NOT NULL,
  kind text NOT NULL,
  component_id text NOT NULL,
  system_type smallint NOT NULL,
  component_type smallint NOT NULL,
  point_id text,
  loop integer,
  address integer,
  description text,
  source jsonb,
  raised_at timestamptz NOT NULL,
  raised_sequence numeric(20, 0) NOT NULL,
  cleared_at timestamptz,
  cleared_sequence numeric(20, 0)
);
CREATE INDEX events_active_building ON events (building_id, raised_at) WHERE cleared_at IS NULL;
CREATE INDEX events_active_key ON events (gateway_id, component_id, kind) WHERE cleared_at IS NULL;

-- Runs of sequences a gateway skipped; late batches shrink or close them.
CREATE TABLE gaps (
  id bigserial PRIMARY KEY,
  gateway_id text NOT NULL,
  from_sequence numeric(20, 0) NOT NULL,
  to_sequence numeric(20, 0) NOT NULL,
  opened_at timestamptz NOT NULL,
  closed_at timestamptz
);
CREATE INDEX gaps_open ON gaps (gateway_id, from_sequence) WHERE closed_at IS NULL;

-- Rejected messages per gateway ('' when the gateway is unknown) and reason.
CREATE TABLE rejections (
  gateway_id text NOT NULL,
  reason text NOT NULL,
  count bigint NOT NULL DEFAULT 0,
  last_at timestamptz NOT NULL,
  PRIMARY KEY (gateway_id, reason)
);
