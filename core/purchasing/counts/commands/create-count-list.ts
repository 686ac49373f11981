import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { recordAudit } from "../../../governance/audit";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { legalEntity, warehouse } from "../../../masters/schema";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { addDays, idArray } from "../../planning/sql";
import { cycleCount, cycleCountLine } from "../../schema";
import { ABC_HISTORY_DAYS, classifyAbc, type AbcClass } from "../abc";
import { CountError } from "../errors";
import { COUNT_LINES_MAX, countView, type CycleCountView } from "../store";

const Id = z.number().int().positive();

export const CreateCountListInput = z.object({
  entityId: Id,
  warehouseId: Id,
  /** Count the items of one class: the plan's class where set, else computed from 90 days of issue value. */
  abcClass: z.enum(["A", "B", "C"]).optional(),
  /** Count exactly these items (with abcClass: those of them in the class). */
  itemIds: z.array(Id).min(1).max(COUNT_LINES_MAX).optional(),
  blind: z.boolean().default(true),
  countDate: z.iso.date(),
  /** |variance value| per line, base minor units, above which the count needs review. */
  toleranceMinor: z.union([z.bigint(), z.string().regex(/^\d{1,15}$/), z.number().int().nonnegative()]).transform((v) => BigInt(v)),
});
type Input = z.output<typeof CreateCountListInput>;

/** Items of one warehouse an ABC class is computed over. */
export const COUNT_CANDIDATES_MAX = 20_000;

type Candidate = { itemId: number; planClass: AbcClass | null; onHand: string; issueValueMinor: bigint };

/** The warehouse's items (stocked, planned or named), with what the class and the snapshot need, in one query. */
async function candidatesOf(tx: Tx, input: Input): Promise<Candidate[]> {
  const named = input.itemIds ? sql`i.id = any(${idArray(input.itemIds)})` : sql`false`;
  const from = addDays(input.countDate, -(ABC_HISTORY_DAYS - 1));
  const rows = await tx.execute<{ item_id: string; plan_class: AbcClass | null; on_hand: string | null; issue_value: string }>(sql`
    select i.id as item_id, p.abc_class as plan_class, b.qty_on_hand as on_hand,
           coalesce((select sum(-m.value_minor) from stock_movement m
                      where m.item_id = i.id and m.warehouse_id = ${input.warehouseId} and m.movement_type = 'issue' and m.qty < 0
                        and m.posting_date between ${from}::date and ${input.countDate}::date), 0)::text as issue_value
      from item i
      left join stock_balance b on b.item_id = i.id and b.warehouse_id = ${input.warehouseId}
      left join item_warehouse_plan p on p.item_id = i.id and p.warehouse_id = ${input.warehouseId}
     where ${input.itemIds ? named : sql`(b.qty_on_hand > 0 or p.id is not null)`}
     order by i.id
     limit ${COUNT_CANDIDATES_MAX}`);
  if (rows.length >= COUNT_CANDIDATES_MAX) {
    throw new DomainError(CountError.TOO_MANY_ITEMS, "unprocessable", `The warehouse holds more than ${COUNT_CANDIDATES_MAX} items: name the items to count`);
  }
  return rows.map((r) => ({ itemId: Number(r.item_id), planClass: r.plan_class, onHand: r.on_hand ?? "0", issueValueMinor: BigInt(r.issue_value) }));
}

/** Keeps the candidates of the wanted class: a plan's class wins over the computed one. */
function ofClass(candidates: Candidate[], wanted: AbcClass | undefined): Candidate[] {
  if (!wanted) return candidates;
  const computed = classifyAbc(candidates.map((c) => ({ itemId: c.itemId, valueMinor: c.issueValueMinor > 0n ? c.issueValueMinor : 0n })));
  return candidates.filter((c) => (c.planClass ?? computed.get(c.itemId)) === wanted);
}

async function checkWarehouse(tx: Tx, input: Input): Promise<string> {
  const [site] = await tx.select().from(warehouse).where(eq(warehouse.id, input.warehouseId)).limit(1);
  if (!site || site.entityId !== input.entityId || !site.active || site.isTransit) {
    throw new DomainError(CountError.WAREHOUSE_INVALID, "unprocessable", `warehouseId: warehouse ${input.warehouseId} is not an active stocking warehouse of the entity`);
  }
  const [entity] = await tx.select({ code: legalEntity.code }).from(legalEntity).where(eq(legalEntity.id, input.entityId)).limit(1);
  assert(entity !== undefined, "the warehouse's entity exists");
  return entity.code;
}

/**
 * Makes a count list for a warehouse (all stocked or planned items, one ABC class, or named
 * items) and snapshots each item's on-hand quantity as the expected quantity. Blind lists
 * hide that snapshot from counters until the count is submitted.
 */
export async function createCountList(tx: Tx, actor: Actor, raw: z.input<typeof CreateCountListInput>): Promise<CycleCountView> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(CreateCountListInput, raw);
  const entityCode = await checkWarehouse(tx, input);
  const candidates = await candidatesOf(tx, input);
  const missing = (input.itemIds ?? []).filter((id) => !candidates.some((c) => c.itemId === id));
  if (missing.length > 0) throw new DomainError(CountError.ITEM_NOT_FOUND, "not_found", `itemIds: item ${missing.join(", ")} does not exist`, { itemIds: missing });
  const chosen = ofClass(candidates, input.abcClass);
  if (chosen.length === 0) throw new DomainError(CountError.NO_ITEMS, "unprocessable", "No items to count in this warehouse for this selection");
  if (chosen.length > COUNT_LINES_MAX) {
    throw new DomainError(CountError.TOO_MANY_ITEMS, "unprocessable", `${chosen.length} items selected; a count list holds at most ${COUNT_LINES_MAX}`);
  }
  const [idRow] = await tx.execute<{ id: string }>(sql`select nextval(pg_get_serial_sequence('cycle_count', 'id')) as id`);
  const id = Number(idRow?.id);
  const countNumber = `CC-${entityCode}-${String(id).padStart(8, "0")}`;
  await tx.insert(cycleCount).values({ id, entityId: input.entityId, countNumber, warehouseId: input.warehouseId, abcClass: input.abcClass ?? null,
    blind: input.blind, countDate: input.countDate, toleranceMinor: input.toleranceMinor, createdByUserId: actor.userId });
  await tx.insert(cycleCountLine).values(chosen.map((c) => ({ cycleCountId: id, itemId: c.itemId, baseQtyExpected: c.onHand })));
  await recordAudit(tx, actor, { action: "create", objectKind: "cycle_count", objectId: id, entityId: input.entityId,
    after: { countNumber, warehouseId: input.warehouseId, abcClass: input.abcClass ?? null, blind: input.blind, lines: chosen.length } });
  return countView(tx, actor, id);
}
