export {
  searchAuditLog, SearchAuditLogInput, AUDIT_PAGE_SIZE_DEFAULT, AUDIT_PAGE_SIZE_MAX, AUDIT_SEARCH_LENGTH_MAX,
  type AuditLogRow, type AuditLogPage,
} from "./search-audit-log";
