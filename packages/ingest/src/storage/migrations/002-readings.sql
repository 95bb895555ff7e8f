-- 002: readings, time-partitioned by day. With the TimescaleDB extension installed in this database
-- the table becomes a hypertable (daily chunks); otherwise native declarative partitioning, whose
-- daily partitions (readings_YYYYMMDD) the ingest creates ahead and drops by its retention setting.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    CREATE TABLE readings (
      point_ref integer NOT NULL,
      time timestamptz NOT NULL,
      value double precision,
      quality text NOT NULL DEFAULT 'good'
    );
    PERFORM create_hypertable('readings', 'time', chunk_time_interval => interval '1 day');
  ELSE
    CREATE TABLE readings (
      point_ref integer NOT NULL,
      time timestamptz NOT NULL,
      value double precision,
      quality text NOT NULL DEFAULT 'good'
    ) PARTITION BY RANGE (time);
  END IF;
END
$$;
CREATE INDEX readings_point_time ON readings (point_ref, time);
