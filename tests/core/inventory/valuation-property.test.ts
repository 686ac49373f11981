// Property test: random sequences of receipts, issues, transfers, adjustments and revaluations
// at random costs, run against real PostgreSQL for moving average and FIFO. After every step, the
// stock value equals the GL inventory balance to the minor unit, each position equals the
// sum of its movements, the GL inventory lines of each item and warehouse equal its value,
// FIFO layers equal their position, and a refused step changed nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import type { Db } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { SYSTEM_ACTOR } from "../../../core/governance/permissions";
import { adjustStock, inventoryReconciliation, issueStock, receiveStock, revalueStock, transferStock } from "../../../core/inventory";
import { DomainError } from "../../../core/shared/errors";
import { parseQty } from "../../../core/shared/quantity";
import { useTestDatabase } from "../../support/database";
import { createLedgerFixture, type LedgerFixture } from "../../support/ledger-fixture";
import { ledgerSnapshot } from "../../support/assertions";

const { db } = await useTestDatabase();
let fixtureCounter = 0;

const qtyArb = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom("", ".25", ".5", ".0001")).map(([whole, fraction]) => `${whole}${fraction}`);
const costArb = fc.oneof(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 100, max: 100_000 })).map((n) => BigInt(n));
const slot = fc.record({ item: fc.integer({ min: 0, max: 1 }), warehouse: fc.integer({ min: 0, max: 1 }) });

type Step =
  | { kind: "receive"; item: number; warehouse: number; qty: string; cost: bigint }
  | { kind: "issue"; item: number; warehouse: number; qty: string }
  | { kind: "transfer"; item: number; warehouse: number; qty: string }
  | { kind: "adjust"; item: number; warehouse: number; qty: string; up: boolean; cost: bigint | null }
  | { kind: "revalue"; item: number; warehouse: number; delta: bigint };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("receive" as const), qty: qtyArb, cost: costArb }).chain((s) => slot.map((p) => ({ ...s, ...p }))) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("issue" as const), qty: qtyArb }).chain((s) => slot.map((p) => ({ ...s, ...p }))) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("transfer" as const), qty: qtyArb }).chain((s) => slot.map((p) => ({ ...s, ...p }))) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("adjust" as const), qty: qtyArb, up: fc.boolean(), cost: fc.option(costArb, { nil: null }) }).chain((s) => slot.map((p) => ({ ...s, ...p }))) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("revalue" as const), delta: fc.bigInt({ min: -5_000n, max: 50_000n }) }).chain((s) => slot.map((p) => ({ ...s, ...p }))) },
);

async function runStep(fx: LedgerFixture, step: Step): Promise<void> {
  const itemId = fx.itemIds[step.item]!;
  const warehouseId = fx.warehouseIds[step.warehouse]!;
  const base = { entityId: fx.entityId, documentDate: "2026-08-10" };
  await inTransaction(db, (tx) => {
    switch (step.kind) {
      case "receive":
        return receiveStock(tx, SYSTEM_ACTOR, { ...base, warehouseId, kind: "receipt", lines: [{ itemId, qty: step.qty, unitCostMinor: step.cost }] });
      case "issue":
        return issueStock(tx, SYSTEM_ACTOR, { ...base, warehouseId, lines: [{ itemId, qty: step.qty }] });
      case "transfer":
        return transferStock(tx, SYSTEM_ACTOR, { ...base, fromWarehouseId: warehouseId, toWarehouseId: fx.warehouseIds[1 - step.warehouse]!, lines: [{ itemId, qty: step.qty }] });
      case "revalue":
        // Landed cost on stock held: the inventory share raises value, nothing goes to COGS.
        return revalueStock(tx, SYSTEM_ACTOR, { ...base, warehouseId, description: "landed cost", lines: [{ itemId, warehouseId, valueDeltaMinor: step.delta }],
          event: (lines) => ({ type: "purchase.landed_cost", supplierId: null, credit: "landed_cost_clearing",
            total: { baseMinor: step.delta, documentMinor: step.delta },
            lines: lines.map((l) => ({ itemId: l.itemId, itemCategoryId: l.itemCategoryId, warehouseId: l.warehouseId,
              toInventory: { baseMinor: l.valueMinor, documentMinor: l.valueMinor }, toCogs: { baseMinor: 0n, documentMinor: 0n } })) }) });
      case "adjust":
        return adjustStock(tx, SYSTEM_ACTOR, { ...base, warehouseId, reason: "count_variance",
          lines: [{ itemId, qtyDelta: step.up ? step.qty : `-${step.qty}`, ...(step.cost !== null && step.up ? { unitCostMinor: step.cost } : {}) }] });
    }
  });
}

async function checkInvariants(database: Db, fx: LedgerFixture): Promise<void> {
  const rec = await inTransaction(database, (tx) => inventoryReconciliation(tx, fx.entityId));
  assert.equal(rec.differenceMinor, 0n, `stock value ${rec.stockValueMinor} != GL inventory ${rec.glInventoryMinor}`);
  const mismatches = await database.execute(sql`
    select b.item_id, b.warehouse_id from stock_balance b
      left join (select item_id, warehouse_id, sum(qty) as qty, sum(value_minor) as value from stock_movement group by 1, 2) m
        on m.item_id = b.item_id and m.warehouse_id = b.warehouse_id
      left join (select item_id, warehouse_id, sum(qty_remaining) as qty, sum(value_remaining_minor) as value from cost_layer group by 1, 2) l
        on l.item_id = b.item_id and l.warehouse_id = b.warehouse_id
      join legal_entity le on le.id = b.entity_id
     where b.entity_id = ${fx.entityId}
       and (b.qty_on_hand <> coalesce(m.qty, 0) or b.value_minor <> coalesce(m.value, 0)
            or (le.valuation_method = 'fifo' and (b.qty_on_hand <> coalesce(l.qty, 0) or b.value_minor <> coalesce(l.value, 0))))`);
  assert.equal(mismatches.length, 0, `positions disagree with their movements or layers: ${JSON.stringify(mismatches)}`);
  // Per item and warehouse too: the GL inventory lines carry both references.
  const byPosition = await database.execute(sql`
    select coalesce(b.item_id, g.item_id) as item_id, coalesce(b.warehouse_id, g.warehouse_id) as warehouse_id
      from (select item_id, warehouse_id, value_minor from stock_balance where entity_id = ${fx.entityId}) b
      full join (select item_id, warehouse_id, sum(debit_minor - credit_minor) as value from journal_line
                  where entity_id = ${fx.entityId} and account_id = ${fx.accounts.inventory} group by 1, 2) g
        on g.item_id = b.item_id and g.warehouse_id = b.warehouse_id
     where coalesce(b.value_minor, 0) <> coalesce(g.value, 0)`);
  assert.equal(byPosition.length, 0, `GL inventory by item and warehouse disagrees with stock: ${JSON.stringify(byPosition)}`);
}

async function onHand(fx: LedgerFixture, step: Step): Promise<bigint> {
  const [row] = await db.execute<{ qty: string | null }>(sql`select qty_on_hand::text as qty from stock_balance
    where item_id = ${fx.itemIds[step.item]!} and warehouse_id = ${fx.warehouseIds[step.warehouse]!}`);
  return row?.qty ? parseQty(row.qty) : 0n;
}

/** Whether the model says this step must be refused, given what was on hand before it. */
async function refusalExpected(fx: LedgerFixture, step: Step, available: bigint): Promise<boolean> {
  if (step.kind === "revalue") {
    if (available === 0n) return true;
    const [row] = await db.execute<{ value: string }>(sql`select value_minor::text as value from stock_balance
      where item_id = ${fx.itemIds[step.item]!} and warehouse_id = ${fx.warehouseIds[step.warehouse]!}`);
    return BigInt(row?.value ?? "0") + step.delta < 0n;
  }
  const takesOut = step.kind === "issue" || step.kind === "transfer" || (step.kind === "adjust" && !step.up);
  if (takesOut) return parseQty(step.qty) > available;
  return step.kind === "adjust" && available === 0n && step.cost === null;
}

for (const valuationMethod of ["moving_average", "fifo"] as const) {
  test(`stock value equals the GL inventory balance after every step (${valuationMethod})`, async () => {
    await fc.assert(fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 30 }), async (steps) => {
      const fx = await createLedgerFixture(db, { code: `P${++fixtureCounter}`, valuationMethod, items: 2 });
      for (const step of steps) {
        const available = await onHand(fx, step);
        const before = await ledgerSnapshot(db);
        const mustRefuse = step.kind === "revalue" ? await refusalExpected(fx, step, available) : null;
        try {
          await runStep(fx, step);
        } catch (error) {
          assert.ok(error instanceof DomainError, `unexpected failure: ${String(error)}`);
          const expected = mustRefuse ?? await refusalExpected(fx, step, available);
          assert.ok(expected, `refused a valid step ${JSON.stringify(step, (_k, v) => typeof v === "bigint" ? v.toString() : v)}: ${error.code}`);
          assert.deepEqual(await ledgerSnapshot(db), before, "a refused step changed nothing");
        }
        await checkInvariants(db, fx);
      }
    }), { numRuns: 40, seed: Number(process.env.KEEL_PROPERTY_SEED ?? 20261126) });
  });
}
