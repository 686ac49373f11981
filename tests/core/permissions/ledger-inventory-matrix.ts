// Matrix rows for the ledger and the stock ledger. Every row is a plain permission except
// setAccountRule: account mapping is governed, so a user who holds masters.finance:write is
// sent to requestAccountRuleChange (MASTERS_CHANGE_REQUIRES_APPROVAL, 409) and only the system
// writes a rule directly; no role succeeds. postJournal and postEvent have no permission of
// their own: they are the posting engine, called inside commands that checked theirs (reverseEntry
// needs ledger:post, the stock commands inventory:write), so they are not rows here.
import assert from "node:assert/strict";
import { ChangeControlError, requestAccountRuleChange, type AccountRuleChangeResult } from "../../../core/governance/change-control";
import {
  adjustStock, applyStockDocument, getInventoryDocumentOrThrow, issueStock, listStockOnHand, receiveStock, revalueStock, transferStock,
} from "../../../core/inventory";
import {
  accountLedger, createFiscalYear, getJournalEntryOrThrow, listAccountRules, listJournalEntries, reverseEntry, setAccountRule, setPeriodStatus,
  trialBalance,
} from "../../../core/ledger";
import { entityIdByCodeOrThrow, loadJournalForExport, loadTrialBalanceForExport } from "../../../core/ledger/export";
import { FIXTURE_YEAR } from "../../support/ledger-fixture";
import type { PermissionFixture } from "./fixture";
import { rolesHolding, type PermissionCase } from "./matrix";

type Row = PermissionCase<PermissionFixture>;

const DATE = `${FIXTURE_YEAR}-03-10`;
const scrapRule = (f: PermissionFixture) => ({ entityId: f.entityId, role: "scrap" as const, accountId: f.masters.account as number });

const ledgerRows: Row[] = [
  { name: "reverseEntry", permission: "ledger:post",
    run: (tx, actor, f) => reverseEntry(tx, actor, { entryId: f.journalEntryId, postingDate: DATE, reason: "permission test" }) },
  { name: "createFiscalYear", permission: "ledger.periods:manage",
    run: (tx, actor, f) => createFiscalYear(tx, actor, { entityId: f.entityId, year: FIXTURE_YEAR + 1 }) },
  { name: "setPeriodStatus", permission: "ledger.periods:manage",
    run: (tx, actor, f) => setPeriodStatus(tx, actor, { periodId: f.openPeriodId, status: "soft_closed" }) },
  { name: "setAccountRule", allowed: [],
    refusedWith: Object.fromEntries(rolesHolding("masters.finance:write").map((role) => [role, { code: ChangeControlError.CHANGE_REQUIRES_APPROVAL, status: 409 }])),
    run: (tx, actor, f) => setAccountRule(tx, actor, scrapRule(f)) },
  { name: "requestAccountRuleChange", permission: "masters.finance:write",
    check: (result: AccountRuleChangeResult) => assert.equal(result.status, "pending_approval"),
    run: (tx, actor, f) => requestAccountRuleChange(tx, actor, scrapRule(f)) },
  { name: "listAccountRules", permission: "ledger:read", run: (tx, actor, f) => listAccountRules(tx, actor, f.entityId) },
  { name: "trialBalance", permission: "ledger:read", run: (tx, actor, f) => trialBalance(tx, actor, { entityId: f.entityId }) },
  { name: "listJournalEntries", permission: "ledger:read", run: (tx, actor, f) => listJournalEntries(tx, actor, { entityId: f.entityId }) },
  { name: "getJournalEntryOrThrow", permission: "ledger:read", run: (tx, actor, f) => getJournalEntryOrThrow(tx, actor, f.journalEntryId) },
  { name: "accountLedger", permission: "ledger:read", run: (tx, actor, f) => accountLedger(tx, actor, { accountId: f.ledger.accounts.inventory }) },
  { name: "loadJournalForExport", permission: "ledger:read", run: (tx, actor, f) => loadJournalForExport(tx, actor, { entityId: f.entityId }) },
  { name: "loadTrialBalanceForExport", permission: "ledger:read", run: (tx, actor, f) => loadTrialBalanceForExport(tx, actor, { entityId: f.entityId }) },
  { name: "entityIdByCodeOrThrow", permission: "ledger:read", run: (tx, actor) => entityIdByCodeOrThrow(tx, actor, "T1") },
];

const stockRows: Row[] = [
  { name: "receiveStock", permission: "inventory:write",
    run: (tx, actor, f) => receiveStock(tx, actor, { entityId: f.entityId, documentDate: DATE, warehouseId: f.ledger.warehouseIds[0], kind: "receipt",
      lines: [{ itemId: f.ledger.itemIds[0]!, qty: "10", unitCostMinor: 520 }] }) },
  { name: "issueStock", permission: "inventory:write",
    run: (tx, actor, f) => issueStock(tx, actor, { entityId: f.entityId, documentDate: DATE, warehouseId: f.ledger.warehouseIds[0],
      lines: [{ itemId: f.ledger.itemIds[0]!, qty: "3" }] }) },
  { name: "adjustStock", permission: "inventory:write",
    run: (tx, actor, f) => adjustStock(tx, actor, { entityId: f.entityId, documentDate: DATE, warehouseId: f.ledger.warehouseIds[0], reason: "count_variance",
      lines: [{ itemId: f.ledger.itemIds[1]!, qtyDelta: "-2" }] }) },
  { name: "transferStock", permission: "inventory:write",
    run: (tx, actor, f) => transferStock(tx, actor, { entityId: f.entityId, documentDate: DATE, fromWarehouseId: f.ledger.warehouseIds[0],
      toWarehouseId: f.ledger.warehouseIds[1], lines: [{ itemId: f.ledger.itemIds[1]!, qty: "5" }] }) },
  { name: "revalueStock", permission: "inventory:write",
    run: (tx, actor, f) => revalueStock(tx, actor, { entityId: f.entityId, documentDate: DATE, warehouseId: f.ledger.warehouseIds[0], description: "landed cost",
      lines: [{ itemId: f.ledger.itemIds[0]!, warehouseId: f.ledger.warehouseIds[0], valueDeltaMinor: 100n }],
      event: (lines) => ({ type: "purchase.landed_cost", supplierId: null, credit: "landed_cost_clearing", total: { baseMinor: 100n, documentMinor: 100n },
        lines: lines.map((l) => ({ itemId: l.itemId, itemCategoryId: l.itemCategoryId, warehouseId: l.warehouseId,
          toInventory: { baseMinor: l.valueMinor, documentMinor: l.valueMinor }, toCogs: { baseMinor: 0n, documentMinor: 0n } })) }) }) },
  { name: "applyStockDocument", permission: "inventory:write",
    run: (tx, actor, f) => applyStockDocument(tx, actor, { entityId: f.entityId, kind: "adjustment", documentDate: DATE, warehouseId: f.ledger.warehouseIds[0],
      description: "engine", operations: [{ op: "out", itemId: f.ledger.itemIds[0]!, warehouseId: f.ledger.warehouseIds[0], qty: 10_000n }],
      event: (lines) => ({ type: "stock.adjusted", lines: lines.map((l) => ({ ...l, direction: "loss" as const })) }) }) },
  { name: "listStockOnHand", permission: "inventory:read", run: (tx, actor, f) => listStockOnHand(tx, actor, { entityId: f.entityId }) },
  { name: "getInventoryDocumentOrThrow", permission: "inventory:read",
    run: (tx, actor, f) => getInventoryDocumentOrThrow(tx, actor, f.inventoryDocumentId) },
];

export const LEDGER_INVENTORY_MATRIX: Row[] = [...ledgerRows, ...stockRows];
