export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type Logger = {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

function levelFromEnv(): LogLevel {
  const configured = process.env.KEEL_LOG_LEVEL;
  return LOG_LEVELS.find((level) => level === configured) ?? "info";
}

function fieldsText(fields: Record<string, unknown> | undefined): string {
  if (!fields || Object.keys(fields).length === 0) return "";
  return ` ${JSON.stringify(fields, (_key, value) => (typeof value === "bigint" ? value.toString() : value))}`;
}

/** One line per event on stderr, `[worker] LEVEL message {fields}`; below minLevel is dropped. */
export function createConsoleLogger(options: { prefix?: string; minLevel?: LogLevel } = {}): Logger {
  const prefix = options.prefix ?? "[worker]";
  const minIndex = LOG_LEVELS.indexOf(options.minLevel ?? levelFromEnv());
  const write = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(level) < minIndex) return;
    process.stderr.write(`${prefix} ${level.toUpperCase()} ${message}${fieldsText(fields)}\n`);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}
