export * from "./permissions";
export { recordAudit, changedFields, toAuditJson, type AuditRecord, type AuditAction } from "./audit";
export { GovernanceError } from "./errors";
export { createUser, CreateUserInput, type CreatedUser } from "./commands/create-user";
export { signIn, signOut, userForCookie, SESSION_COOKIE, SESSION_TTL_MS, type SessionUser } from "./sessions";
export { withIdempotency, type IdempotentResult } from "./idempotency";
export { assignRole, AssignRoleInput, type RoleAssignment } from "./commands/assign-role";
export { revokeRole, RevokeRoleInput } from "./commands/revoke-role";
export { listMyNotifications, notify, type NotificationInput, type NotificationRow } from "./notifications/notify";
