/** Error codes of segregation of duties. Codes are API: never rename or reuse one. */
export const SodError = {
  SOD_CONFLICT: "GOVERNANCE_SOD_CONFLICT",
  LAST_ADMIN: "GOVERNANCE_LAST_ADMIN",
  ROLE_NOT_HELD: "GOVERNANCE_ROLE_NOT_HELD",
  SOD_RULE_NOT_FOUND: "GOVERNANCE_SOD_RULE_NOT_FOUND",
} as const;
