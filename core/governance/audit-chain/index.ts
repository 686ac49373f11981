// The audit hash chain: audit_log rows are appended freely; the sealer chains them in
// audit_seal, and verification names the first row that no longer matches its seal.
export { GENESIS_HASH, canonicalJson, auditRowHash, type SealedAuditFields } from "./hash";
export {
  sealAuditLog, readChainHead, buildSeals, AUDIT_SEAL_LOCK_KEY, AUDIT_SEAL_BATCH_ROWS, AUDIT_SEAL_BATCHES_MAX,
  type ChainHead, type NewSeal,
} from "./seal";
export {
  verifyAuditChain, checkSeal, AUDIT_VERIFY_BATCH_ROWS, AUDIT_VERIFY_ROWS_MAX,
  type AuditChainProblem, type AuditChainBreak, type AuditChainVerification,
} from "./verify";
export { runAuditVerify } from "./cli";
