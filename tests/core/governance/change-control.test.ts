// Proves master-data change control against real PostgreSQL with real users and the default
// approval policies: a governed change (credit limit, supplier bank details, prices, account
// mapping) or a non-owner's change becomes a request and leaves the row untouched until the
// chain approves it, then applies exactly once under the approver's name and the request id;
// rejection leaves the row as it was, a request overtaken by another change is refused as
// stale, an owner's ungoverned edit applies at once, and updateMaster cannot be used to bypass it.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../../../core/db/client";
import { accountRule, approvalRequest, auditLog } from "../../../core/db/schema";
import { decideApprovalStep, installDefaultPolicies } from "../../../core/governance/approvals";
import { requestAccountRuleChange } from "../../../core/governance/change-control";
import { createUser, ROLES, SYSTEM_ACTOR, type Actor, type Role } from "../../../core/governance";
import { setAccountRule } from "../../../core/ledger";
import { changeMaster, createMaster, getMasterOrThrow, updateMaster, type MasterChangeResult, type MasterKind } from "../../../core/masters";
import { useTestDatabase, withRollback } from "../../support/database";
import { rejectsWithCode } from "../../support/assertions";
import { seedBase, type Base } from "../masters/fixtures";

const { db } = await useTestDatabase();
const PASSWORD = "correct horse battery";
let base: Base;
const user = {} as Record<"sam" | "sue" | "bob" | "ben" | "cora" | "cid" | "pat" | "ada" | "wes" | "eve", Actor>;
const byRole = {} as Record<Role, Actor>;
let accounts: { inventory: number; inventoryAlt: number };

async function newUser(tx: Tx, username: string, role: Role): Promise<Actor> {
  const created = await createUser(tx, SYSTEM_ACTOR, { username, displayName: username, password: PASSWORD, roles: [role] });
  return { userId: created.id, username, roles: created.roles };
}

before(async () => {
  base = await seedBase(db);
  await db.transaction(async (tx) => {
    await installDefaultPolicies(tx, SYSTEM_ACTOR);
    await createMaster(tx, SYSTEM_ACTOR, "paymentTerm", { code: "NET60", name: "Net 60 days", dueDays: 60 });
    const people: [keyof typeof user, Role][] = [["sam", "sales"], ["sue", "sales"], ["bob", "buyer"], ["ben", "buyer"], ["cora", "controller"],
      ["cid", "controller"], ["pat", "planner"], ["ada", "admin"], ["wes", "warehouse"], ["eve", "executive"]];
    for (const [name, role] of people) user[name] = await newUser(tx, `${name}.${role}`, role);
    for (const role of ROLES) byRole[role] = Object.values(user).find((actor) => actor.roles.includes(role))!;
    const inventory = await createMaster(tx, SYSTEM_ACTOR, "account", { entityId: base.usId, code: "1200", name: "Inventory", type: "asset" });
    const inventoryAlt = await createMaster(tx, SYSTEM_ACTOR, "account", { entityId: base.usId, code: "1210", name: "Inventory (bulk)", type: "asset" });
    accounts = { inventory: inventory.id, inventoryAlt: inventoryAlt.id };
  });
});

let sequence = 0;
async function newCustomer(): Promise<number> {
  sequence += 1;
  const row = await db.transaction((tx) => createMaster(tx, SYSTEM_ACTOR, "customer", {
    entityId: base.usId, code: `C-${sequence}`, name: `Customer ${sequence}`, currency: "USD", creditLimitMinor: 2_500_000n,
    paymentTermCode: "NET30", email: `ap${sequence}@example.com`,
  }));
  return row.id;
}

async function newSupplier(): Promise<number> {
  sequence += 1;
  const row = await db.transaction((tx) => createMaster(tx, SYSTEM_ACTOR, "supplier", {
    entityId: base.usId, code: `S-${sequence}`, name: `Supplier ${sequence}`, currency: "USD", paymentTermCode: "NET30", leadTimeDays: 7,
    bankName: "First Bank", bankAccountNumber: "1111 2222", bankRoutingCode: "FBK-001",
  }));
  return row.id;
}

function pending<K extends MasterKind>(result: MasterChangeResult<K>) {
  assert.equal(result.status, "pending_approval");
  if (result.status !== "pending_approval") throw new Error("unreachable");
  return result;
}

const decide = (actor: Actor, requestId: number, decision: "approve" | "reject", comment?: string) =>
  db.transaction((tx) => decideApprovalStep(tx, actor, { requestId, decision, comment }));

const customerRow = (id: number) => db.transaction((tx) => getMasterOrThrow(tx, SYSTEM_ACTOR, "customer", id));
const supplierRow = (id: number) => db.transaction((tx) => getMasterOrThrow(tx, SYSTEM_ACTOR, "supplier", id));

async function auditsOf(database: Db | Tx, objectKind: string, objectId: number) {
  return database.select().from(auditLog)
    .where(and(eq(auditLog.objectKind, objectKind), eq(auditLog.objectId, String(objectId)), eq(auditLog.action, "update")));
}

test("a sales user's credit-limit increase waits for the chain, then applies exactly once under the approver's name", async () => {
  const id = await newCustomer();
  const { request, steps } = pending(await db.transaction((tx) => changeMaster(tx, user.sam, "customer", id, { creditLimitMinor: "5000000" })));
  assert.equal(request.kind, "master_data_change");
  assert.equal(request.subjectType, "customer");
  assert.equal(request.subjectId, String(id));
  assert.deepEqual(steps.map((s) => [s.approverRole, s.status]), [["sales", "pending"], ["controller", "waiting"]]);
  const facts = request.facts as Record<string, unknown>;
  assert.equal(facts.amountMinor, "2500000");
  assert.deepEqual(facts.fields, ["creditLimitMinor"]);
  assert.equal(facts.masterKind, "customer");
  assert.deepEqual(request.payload, { kind: "customer", key: id, patch: { creditLimitMinor: "5000000" }, before: { creditLimitMinor: "2500000" },
    reasons: ["governed field creditLimitMinor"] });
  assert.equal((await customerRow(id)).creditLimitMinor, 2_500_000n);

  await rejectsWithCode(() => decide(user.sam, request.id, "approve"), "GOVERNANCE_SOD_SELF_APPROVAL");
  await decide(user.sue, request.id, "approve");
  assert.equal((await customerRow(id)).creditLimitMinor, 2_500_000n, "one approval of two changes nothing");
  const approved = await decide(user.cora, request.id, "approve");
  assert.equal(approved.status, "approved");
  assert.notEqual(approved.appliedAt, null);
  assert.equal((await customerRow(id)).creditLimitMinor, 5_000_000n);

  await rejectsWithCode(() => decide(user.cid, request.id, "approve"), "GOVERNANCE_REQUEST_NOT_PENDING");
  const audits = await auditsOf(db, "customer", id);
  assert.equal(audits.length, 1);
  assert.equal(audits[0]?.actorName, "cora.controller");
  assert.equal(audits[0]?.actorUserId, user.cora.userId);
  assert.equal(audits[0]?.requestId, `approval_request:${request.id}`);
  assert.deepEqual(audits[0]?.before, { creditLimitMinor: "2500000" });
  assert.deepEqual(audits[0]?.after, { creditLimitMinor: "5000000" });
});

test("a buyer's change of a supplier's bank details waits for approval; rejected, the supplier keeps its details", async () => {
  const id = await newSupplier();
  const first = pending(await db.transaction((tx) => changeMaster(tx, user.bob, "supplier", id, { bankAccountNumber: "DE44 5000 0000", bankName: "First Bank" })));
  assert.deepEqual(first.request.payload, { kind: "supplier", key: id, patch: { bankAccountNumber: "DE44 5000 0000" },
    before: { bankAccountNumber: "1111 2222" }, reasons: ["governed field bankAccountNumber"] });
  assert.equal((first.request.facts as Record<string, unknown>).supplierId, id);
  assert.equal((await supplierRow(id)).bankAccountNumber, "1111 2222");
  await rejectsWithCode(() => decide(user.ben, first.request.id, "reject"), "GOVERNANCE_REASON_REQUIRED");
  const rejected = await decide(user.ben, first.request.id, "reject", "caller could not be verified");
  assert.equal(rejected.status, "rejected");
  assert.equal((await supplierRow(id)).bankAccountNumber, "1111 2222");
  assert.equal((await auditsOf(db, "supplier", id)).length, 0);

  const second = pending(await db.transaction((tx) => changeMaster(tx, user.bob, "supplier", id, { bankRoutingCode: "NEW-002", bankAccountNumber: "2222 3333" })));
  await decide(user.ben, second.request.id, "approve");
  assert.equal((await supplierRow(id)).bankRoutingCode, "FBK-001");
  await decide(user.cora, second.request.id, "approve");
  const after = await supplierRow(id);
  assert.equal(after.bankRoutingCode, "NEW-002");
  assert.equal(after.bankAccountNumber, "2222 3333");
});

test("an approved request overtaken by another change of the same field is refused as stale and nothing applies", async () => {
  const id = await newCustomer();
  const { request } = pending(await db.transaction((tx) => changeMaster(tx, user.sam, "customer", id, { creditLimitMinor: 6_000_000 })));
  await db.transaction((tx) => updateMaster(tx, SYSTEM_ACTOR, "customer", id, { creditLimitMinor: 3_000_000 }));
  await decide(user.sue, request.id, "approve");
  const error = await rejectsWithCode(() => decide(user.cora, request.id, "approve"), "GOVERNANCE_CHANGE_STALE");
  assert.match(error.userMessage, /creditLimitMinor/);
  assert.equal((await customerRow(id)).creditLimitMinor, 3_000_000n);
  const [still] = await db.select().from(approvalRequest).where(eq(approvalRequest.id, request.id));
  assert.equal(still?.status, "pending", "the decide transaction rolled back");
  assert.equal(still?.appliedAt, null);
  await decide(user.cora, request.id, "reject", "stale: the limit changed meanwhile");
  assert.equal((await customerRow(id)).creditLimitMinor, 3_000_000n);
});

test("an owner's ungoverned edit applies at once, with no request", async () => {
  const id = await newCustomer();
  const result = await db.transaction((tx) => changeMaster(tx, user.sam, "customer", id, { email: "billing@example.com", tier: "gold" }));
  assert.equal(result.status, "applied");
  assert.equal((await customerRow(id)).email, "billing@example.com");
  const requests = await db.select().from(approvalRequest).where(and(eq(approvalRequest.subjectType, "customer"), eq(approvalRequest.subjectId, String(id))));
  assert.equal(requests.length, 0);
  const [audit] = await auditsOf(db, "customer", id);
  assert.equal(audit?.actorName, "sam.sales");
  assert.equal(audit?.requestId, null);
  const nothing = await db.transaction((tx) => changeMaster(tx, user.sam, "customer", id, { creditLimitMinor: "2500000" }));
  assert.equal(nothing.status, "applied", "a governed field set to its current value changes nothing and needs no approval");
});

test("updateMaster refuses a user's governed or non-owner change, so approval cannot be bypassed", async () => {
  const id = await newCustomer();
  const supplierId = await newSupplier();
  await withRollback(db, async (tx) => {
    const governed = await rejectsWithCode(() => updateMaster(tx, user.sam, "customer", id, { creditLimitMinor: 9_000_000 }), "MASTERS_CHANGE_REQUIRES_APPROVAL");
    assert.equal(governed.kind, "conflict");
    await rejectsWithCode(() => updateMaster(tx, user.sam, "customer", id, { paymentTermCode: "NET60" }), "MASTERS_CHANGE_REQUIRES_APPROVAL");
    await rejectsWithCode(() => updateMaster(tx, user.ada, "customer", id, { email: "admin@example.com" }), "MASTERS_CHANGE_REQUIRES_APPROVAL");
    await rejectsWithCode(() => updateMaster(tx, user.bob, "supplier", supplierId, { bankName: "Other Bank" }), "MASTERS_CHANGE_REQUIRES_APPROVAL");
    assert.equal((await getMasterOrThrow(tx, SYSTEM_ACTOR, "customer", id)).creditLimitMinor, 2_500_000n);
    assert.equal((await auditsOf(tx, "customer", id)).length, 0);
    const owner = await updateMaster(tx, user.sam, "customer", id, { email: "owner@example.com" });
    assert.equal(owner.email, "owner@example.com");
    const system = await updateMaster(tx, SYSTEM_ACTOR, "customer", id, { creditLimitMinor: 9_000_000 });
    assert.equal(system.creditLimitMinor, 9_000_000n);
  });
});

test("a role without the kind's write permission is forbidden; an admin's edit becomes a request the owner role approves", async () => {
  const id = await newCustomer();
  await rejectsWithCode(() => db.transaction((tx) => changeMaster(tx, user.pat, "customer", id, { email: "planner@example.com" })), "AUTH_FORBIDDEN");
  const { request, steps } = pending(await db.transaction((tx) => changeMaster(tx, user.ada, "customer", id, { email: "admin@example.com" })));
  assert.deepEqual(steps.map((s) => s.approverRole), ["sales"]);
  assert.deepEqual((request.payload as { reasons: string[] }).reasons, ["customer is owned by the sales role"]);
  assert.equal((await customerRow(id)).email, `ap${sequence}@example.com`);
  await decide(user.sue, request.id, "approve");
  assert.equal((await customerRow(id)).email, "admin@example.com");
  const [audit] = await auditsOf(db, "customer", id);
  assert.equal(audit?.actorName, "sue.sales");
  assert.equal(audit?.requestId, `approval_request:${request.id}`);
});

test("payment terms and prices are governed too; a second request for a field already pending is refused", async () => {
  const id = await newCustomer();
  const terms = pending(await db.transaction((tx) => changeMaster(tx, user.sam, "customer", id, { paymentTermCode: "NET60" })));
  assert.equal(terms.steps.length, 2);
  await rejectsWithCode(() => db.transaction((tx) => changeMaster(tx, user.sue, "customer", id, { paymentTermCode: "NET60", creditLimitMinor: 1 })),
    "GOVERNANCE_CHANGE_PENDING");
  const other = await db.transaction((tx) => changeMaster(tx, user.sue, "customer", id, { creditLimitMinor: 1_000_000 }));
  assert.equal(other.status, "pending_approval", "a different field of the same row may have its own request");
  const item = await db.transaction((tx) => createMaster(tx, SYSTEM_ACTOR, "item", {
    sku: `SKU-${id}`, description: "Sparkling water", categoryId: base.categoryId, baseUom: "EA", purchaseUom: "EA", salesUom: "EA",
  }));
  const line = await db.transaction(async (tx) => {
    const list = await createMaster(tx, SYSTEM_ACTOR, "priceList", { entityId: base.usId, code: `PL-${id}`, name: "Wholesale", currency: "USD", validFrom: "2026-01-01" });
    return createMaster(tx, SYSTEM_ACTOR, "priceListLine", { priceListId: list.id, itemId: item.id, uom: "EA", unitPriceMinor: 199n });
  });
  const price = pending(await db.transaction((tx) => changeMaster(tx, user.sam, "priceListLine", line.id, { unitPriceMinor: 149 })));
  assert.equal(price.request.subjectType, "priceListLine");
  const unchanged = await db.transaction((tx) => getMasterOrThrow(tx, SYSTEM_ACTOR, "priceListLine", line.id));
  assert.equal(unchanged.unitPriceMinor, 199n);
});

test("an account-rule change by a user waits for approval; only the system writes rules directly", async () => {
  const input = { entityId: base.usId, role: "inventory" as const, accountId: accounts.inventory };
  await db.transaction((tx) => setAccountRule(tx, SYSTEM_ACTOR, input));
  await rejectsWithCode(() => db.transaction((tx) => setAccountRule(tx, user.cora, { ...input, accountId: accounts.inventoryAlt })),
    "MASTERS_CHANGE_REQUIRES_APPROVAL");
  const result = await db.transaction((tx) => requestAccountRuleChange(tx, user.cora, { ...input, accountId: accounts.inventoryAlt }));
  assert.equal(result.status, "pending_approval");
  if (result.status !== "pending_approval") return;
  assert.equal((result.request.facts as Record<string, unknown>).masterKind, "accountRule");
  const ruleNow = () => db.select().from(accountRule).where(and(eq(accountRule.entityId, base.usId), eq(accountRule.role, "inventory")));
  assert.equal((await ruleNow())[0]?.accountId, accounts.inventory);
  await rejectsWithCode(() => decide(user.cora, result.request.id, "approve"), "GOVERNANCE_SOD_SELF_APPROVAL");
  await decide(user.cid, result.request.id, "approve");
  const rules = await ruleNow();
  assert.equal(rules.length, 1);
  assert.equal(rules[0]?.accountId, accounts.inventoryAlt);
  const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.objectKind, "account_rule"), eq(auditLog.requestId, `approval_request:${result.request.id}`)));
  assert.equal(audit?.actorName, "cid.controller");
  assert.deepEqual(audit?.before, { accountId: accounts.inventory, priority: 0 });
});

async function changeSnapshot(tx: Tx): Promise<Record<string, unknown>> {
  const [row] = await tx.execute<Record<string, unknown>>(sql`select
    (select count(*) from approval_request)::int as requests, (select count(*) from audit_log)::int as audits,
    (select count(*) from account_rule)::int as rules, (select md5(string_agg(c::text, ',' order by id)) from customer c) as customers`);
  return { ...row };
}

type Command = { name: string; allowed: readonly Role[]; run: (tx: Tx, actor: Actor, id: number) => Promise<unknown> };

const COMMANDS: Command[] = [
  { name: "changeMaster (customer)", allowed: ["admin", "sales"], run: (tx, actor, id) => changeMaster(tx, actor, "customer", id, { creditLimitMinor: 7_000_000 }) },
  { name: "requestAccountRuleChange", allowed: ["admin", "controller"], run: (tx, actor) =>
    requestAccountRuleChange(tx, actor, { entityId: base.usId, role: "cogs", accountId: accounts.inventoryAlt }) },
];

for (const command of COMMANDS) {
  test(`${command.name}: ${command.allowed.join(", ")} may run it; every other role gets AUTH_FORBIDDEN and nothing changes`, async () => {
    const id = await newCustomer();
    for (const role of ROLES) {
      await withRollback(db, async (tx) => {
        if (command.allowed.includes(role)) {
          const result = await command.run(tx, byRole[role], id) as { status: string };
          assert.equal(result.status, "pending_approval");
          return;
        }
        const before = await changeSnapshot(tx);
        const error = await rejectsWithCode(() => command.run(tx, byRole[role], id), "AUTH_FORBIDDEN");
        assert.equal(error.httpStatus, 403);
        assert.deepEqual(await changeSnapshot(tx), before, `${command.name} as ${role} changed something`);
      });
    }
  });
}
