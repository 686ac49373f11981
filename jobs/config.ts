/** The Postgres schema pg-boss installs its tables in, beside Keel's own. */
export const PGBOSS_SCHEMA = "pgboss";
