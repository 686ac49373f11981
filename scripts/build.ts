import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const SOURCE_DIRS = ["app", "core", "analytics", "models", "jobs", "public"];
const SOURCE_FILES = ["next.config.ts", "package-lock.json", "tsconfig.json"];
const HASH_FILE = path.join(ROOT, ".next", "keel-source-hash");

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) hashTree(hash, full);
    else {
      hash.update(path.relative(ROOT, full));
      hash.update(readFileSync(full));
    }
  }
}

export function sourceHash(): string {
  const hash = createHash("sha256");
  for (const dir of SOURCE_DIRS) hashTree(hash, path.join(ROOT, dir));
  for (const file of SOURCE_FILES) if (existsSync(path.join(ROOT, file))) hash.update(readFileSync(path.join(ROOT, file)));
  return hash.digest("hex");
}

const LOCK_DIR = path.join(ROOT, ".next-build.lock");
const STALE_LOCK_MS = 15 * 60_000;

// Two test runs in one checkout (a developer's and a helper's) must not run `next build` into the same
// .next directory at once; mkdir is atomic, so the lock is a directory. A lock older than any build is stale.
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch {
      if (existsSync(LOCK_DIR) && Date.now() - statSync(LOCK_DIR).mtimeMs > STALE_LOCK_MS) rmSync(LOCK_DIR, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/** Runs `next build` when the production build is missing or older than the sources. */
export async function buildIfNeeded(): Promise<void> {
  await withBuildLock(buildUnlocked);
}

async function buildUnlocked(): Promise<void> {
  const current = sourceHash();
  if (existsSync(HASH_FILE) && readFileSync(HASH_FILE, "utf8") === current) return;
  console.log("[keel] building the production app (next build)...");
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed with exit code ${result.status}`);
  writeFileSync(HASH_FILE, current);
}

if (import.meta.url === `file://${process.argv[1]}`) await buildIfNeeded();
