// Governance history for the demo distributor, made through the real commands so the
// approvals inbox, the exception queues, the audit log and the cycle-time view open on data:
// master-data change requests in every state, and exceptions of several kinds and severities.
import type { Db, Tx } from "../db/client";
import { inTransaction } from "../db/transaction";
import { type Actor, SYSTEM_ACTOR } from "../governance";
import { decideApprovalStep } from "../governance/approvals";
import { installGovernanceDefaults } from "../governance/bootstrap";
import {
  assignException, dismissException, raiseCrossFunctionalAlert, raiseException, resolveException, type RaiseExceptionInput,
} from "../governance/exceptions";
import { listUsers } from "../governance/queries/list-users";
import { changeMaster, getMasterOrThrow, listMasters } from "../masters";
import { assert } from "../shared/assert";
import { US_ENTITY } from "./generate-finance";
import { DemoIds } from "./ids";
import type { DemoData } from "./types";

type People = Record<"admin" | "controller" | "sales" | "buyer" | "warehouse", Actor>;

async function demoPeople(tx: Tx): Promise<People> {
  const users = await listUsers(tx, SYSTEM_ACTOR, { limit: 50 });
  const actorOf = (username: string): Actor => {
    const user = users.find((u) => u.username === username);
    assert(user !== undefined, `demo user ${username} was not created`);
    return { userId: user.id, username: user.username, roles: user.roles };
  };
  return { admin: actorOf("admin"), controller: actorOf("controller"), sales: actorOf("sales"), buyer: actorOf("buyer"), warehouse: actorOf("warehouse") };
}

/** US01 customers from the end of the list, away from the first pages other walkthroughs open. */
function historyCustomers(data: DemoData, ids: DemoIds): number[] {
  const us = data.customers.filter((c) => c.entityCode === US_ENTITY).slice(195, 201);
  assert(us.length === 6, "the demo has at least 201 US01 customers");
  return us.map((c) => DemoIds.of(ids.customers, DemoIds.scoped(US_ENTITY, c.code), "customer"));
}

/** Raises a customer's credit limit by `raiseMinor`; returns the change request's id. */
async function raiseCreditLimit(tx: Tx, actor: Actor, customerId: number, raiseMinor: bigint): Promise<number> {
  const customer = await getMasterOrThrow(tx, SYSTEM_ACTOR, "customer", customerId);
  const result = await changeMaster(tx, actor, "customer", customerId, { creditLimitMinor: customer.creditLimitMinor + raiseMinor });
  assert(result.status === "pending_approval", `a credit-limit change by ${actor.username} goes to approval`);
  return result.request.id;
}

async function loadChangeRequests(tx: Tx, people: People, data: DemoData, ids: DemoIds): Promise<number> {
  const [mine, approved, rejected, atSales, atController] = historyCustomers(data, ids) as [number, number, number, number, number];
  // Entered by sales itself: the sales step needs another sales user, so it waits (or escalates).
  await raiseCreditLimit(tx, people.sales, mine, 250_000n);
  // Admins own no domain, so their edits are change requests too (maker-checker for superusers).
  const approvedId = await raiseCreditLimit(tx, people.admin, approved, 1_000_000n);
  await decideApprovalStep(tx, people.sales, { requestId: approvedId, decision: "approve", comment: "Pays on time; volume grew this quarter" });
  await decideApprovalStep(tx, people.controller, { requestId: approvedId, decision: "approve", comment: "Within the exposure budget" });
  const rejectedId = await raiseCreditLimit(tx, people.admin, rejected, 5_000_000n);
  await decideApprovalStep(tx, people.sales, { requestId: rejectedId, decision: "approve", comment: "Large seasonal order expected" });
  await decideApprovalStep(tx, people.controller, { requestId: rejectedId, decision: "reject", comment: "Exposure too high for the current payment record" });
  await raiseCreditLimit(tx, people.admin, atSales, 500_000n);
  const waitingId = await raiseCreditLimit(tx, people.admin, atController, 750_000n);
  await decideApprovalStep(tx, people.sales, { requestId: waitingId, decision: "approve", comment: "Agreed with the account manager" });
  const suppliers = await listMasters(tx, SYSTEM_ACTOR, "supplier", { search: "S1003", pageSize: 1 });
  const supplier = suppliers.rows[0];
  assert(supplier !== undefined, "demo supplier S1003 exists");
  const bank = await changeMaster(tx, people.admin, "supplier", supplier.id, { bankAccountNumber: "7700 1234 5566" });
  assert(bank.status === "pending_approval", "a supplier's bank details change goes to approval");
  return 6;
}

function usWarehouse(data: DemoData, ids: DemoIds): { id: number; code: string } {
  const warehouse = data.warehouses.find((w) => w.entityCode === US_ENTITY);
  assert(warehouse !== undefined, "the demo has a US01 warehouse");
  return { id: DemoIds.of(ids.warehouses, warehouse.code, "warehouse"), code: warehouse.code };
}

function varianceInputs(data: DemoData, ids: DemoIds, entityId: number): RaiseExceptionInput[] {
  const warehouse = usWarehouse(data, ids);
  const items = data.items.filter((i) => i.status === "active").slice(10, 15);
  const severities = ["high", "medium", "low", "critical", "medium"] as const;
  const counted = ["-14", "-3", "+2", "-60", "-5"];
  return items.map((item, index) => ({
    kind: "inventory_variance", severity: severities[index]!, entityId,
    title: `Count variance ${counted[index]} ${item.baseUom}: ${item.sku} in ${warehouse.code}`,
    explanation: `The cycle count of ${item.sku} (${item.description}) in ${warehouse.code} differs from the book quantity by ${counted[index]} ${item.baseUom}.`,
    links: [{ type: "item", id: DemoIds.of(ids.items, item.sku, "item"), label: item.sku }, { type: "warehouse", id: warehouse.id, label: warehouse.code }],
    dedupeKey: `demo:inventory_variance:${item.sku}`,
  }));
}

function otherInputs(data: DemoData, ids: DemoIds, entityId: number): RaiseExceptionInput[] {
  const supplier = data.suppliers.find((s) => s.entityCode === US_ENTITY)!;
  const customer = data.customers.find((c) => c.entityCode === US_ENTITY && c.tier === "gold")!;
  const customerId = DemoIds.of(ids.customers, DemoIds.scoped(US_ENTITY, customer.code), "customer");
  return [
    { kind: "delayed_receipt", severity: "medium", entityId, title: `Receipt overdue: demo PO DEMO-PO-1042 from ${supplier.code}`,
      explanation: `${supplier.name} promised delivery 3 days ago; nothing has been received.`,
      links: [{ type: "purchase_order", id: "demo-po-1042", label: "DEMO-PO-1042 (demo)" }], dedupeKey: "demo:delayed_receipt:1042" },
    { kind: "blocked_order", severity: "high", entityId, title: `Order on credit hold: ${customer.code}`,
      explanation: `${customer.name} is over its credit limit; the order waits for a credit release.`,
      links: [{ type: "sales_order", id: "demo-so-5530", label: "DEMO-SO-5530 (demo)" }, { type: "customer", id: customerId, label: customer.code }],
      dedupeKey: "demo:blocked_order:5530" },
    { kind: "posting_failure", severity: "critical", entityId, title: "Posting failed: no account rule for freight revenue",
      explanation: "An event could not post because no account rule maps freight revenue for the US01 entity.", dedupeKey: "demo:posting_failure:freight" },
    { kind: "match_exception", severity: "low", entityId, title: `Price variance on a demo invoice from ${supplier.code}`,
      explanation: "The supplier invoice unit price is 2.1% above the purchase order price, beyond the 1% tolerance.",
      links: [{ type: "supplier_invoice", id: "demo-inv-88", label: "DEMO-INV-88 (demo)" }], dedupeKey: "demo:match_exception:88" },
  ];
}

async function loadExceptions(tx: Tx, people: People, data: DemoData, ids: DemoIds): Promise<number> {
  const entityId = DemoIds.of(ids.entities, US_ENTITY, "entity");
  const raised = [];
  for (const input of [...varianceInputs(data, ids, entityId), ...otherInputs(data, ids, entityId)]) raised.push(await raiseException(tx, SYSTEM_ACTOR, input));
  const priority = data.customers.filter((c) => c.entityCode === US_ENTITY && (c.tier === "gold" || c.tier === "platinum")).slice(0, 2);
  assert(priority.length === 2, "the demo has two priority US01 customers");
  await raiseCrossFunctionalAlert(tx, SYSTEM_ACTOR, {
    entityId, title: "Late receipt DEMO-PO-1042 holds up priority orders",
    explanation: "The late purchase order carries stock that open orders of priority customers depend on.",
    cause: { type: "purchase_order", id: "demo-po-1042", label: "DEMO-PO-1042 (demo)" },
    affected: priority.map((c, index) => ({ type: "sales_order", id: `demo-so-${7001 + index}`, label: `DEMO-SO-${7001 + index} for ${c.code} (demo)`, customerTier: c.tier })),
  });
  // Some history for the cycle times: one variance worked to the end, one receipt dismissed.
  const [worked] = raised;
  assert(worked !== undefined && worked.kind === "inventory_variance", "the first raised item is a variance");
  await assignException(tx, people.warehouse, { exceptionId: worked.id, userId: people.warehouse.userId! });
  await resolveException(tx, people.warehouse, { exceptionId: worked.id, reason: "Recounted: a pallet was in the wrong bin; moved and counted again" });
  const receipt = raised.find((item) => item.kind === "delayed_receipt")!;
  await dismissException(tx, people.buyer, { exceptionId: receipt.id, reason: "The supplier confirmed delivery tomorrow; the order is not needed earlier" });
  return raised.length + 1;
}

/**
 * Installs the default policies (the engine needs them) and records the governance history.
 * One transaction: it is small, and a half-made history would only confuse.
 */
export async function loadGovernanceHistory(db: Db, log: (line: string) => void, data: DemoData, ids: DemoIds): Promise<void> {
  const startedMs = Date.now();
  await installGovernanceDefaults(db);
  const detail = await inTransaction(db, async (tx) => {
    const people = await demoPeople(tx);
    const requests = await loadChangeRequests(tx, people, data, ids);
    const exceptions = await loadExceptions(tx, people, data, ids);
    return `${requests} change requests, ${exceptions} exceptions`;
  });
  log(`governance history: ${detail} (${Date.now() - startedMs} ms)`);
}
