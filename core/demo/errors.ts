export const DemoError = {
  DATABASE_NOT_EMPTY: "DEMO_DATABASE_NOT_EMPTY",
} as const;
