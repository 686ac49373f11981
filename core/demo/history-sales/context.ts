// What the history loader carries while it runs an entity day by day: the demo people acting,
// ids by business code, the plan's per-customer facts, and a schedule of follow-ups (approval
// decisions, quote conversions, payments, returns) keyed by business date.
import { inArray } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { SYSTEM_ACTOR, type Actor } from "../../governance";
import { listUsers } from "../../governance/queries/list-users";
import { customerShipTo } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DemoIds } from "../ids";
import type { Random } from "../random";
import type { DemoCustomer, DemoData, DemoItem } from "../types";
import { addBusinessDays } from "./calendar";
import type { EntityPlan, PlannedCustomer, PlannedQuote, SalesHistoryPlan } from "./types";

export const SHIP_TOS_MAX = 5_000;

export type People = Record<"admin" | "controller" | "sales" | "warehouse", Actor> & { system: Actor };

export async function demoPeople(tx: Tx): Promise<People> {
  const users = await listUsers(tx, SYSTEM_ACTOR, { limit: 50 });
  const actorOf = (username: string): Actor => {
    const user = users.find((u) => u.username === username);
    assert(user !== undefined, `demo user ${username} was not created`);
    return { userId: user.id, username: user.username, roles: user.roles };
  };
  return { admin: actorOf("admin"), controller: actorOf("controller"), sales: actorOf("sales"), warehouse: actorOf("warehouse"), system: SYSTEM_ACTOR };
}

/** Ship-to ids by "CUSTOMER_ID|CODE": the demo loader does not keep them. */
export async function shipToIds(tx: Tx, customerIds: number[]): Promise<Map<string, number>> {
  const rows = await tx.select({ id: customerShipTo.id, customerId: customerShipTo.customerId, code: customerShipTo.code })
    .from(customerShipTo).where(inArray(customerShipTo.customerId, customerIds)).limit(SHIP_TOS_MAX);
  return new Map(rows.map((r) => [`${r.customerId}|${r.code}`, r.id]));
}

export type Party = { id: number; customer: DemoCustomer; plan: PlannedCustomer };

export type ReturnDisposition = "restock" | "scrap" | "return_to_supplier";

/** A follow-up planned for a business date; run in the order of ACTION_ORDER within a day. */
export type Action =
  | { kind: "decide"; requestId: number; approvers: Actor[]; decision: "approve" | "reject"; comment: string; then?: { afterBusinessDays: number; action: Action } }
  | { kind: "convert"; quote: PlannedQuote; quoteId: number; quoteLineIds: number[] }
  | { kind: "receive_return"; rmaId: number; key: string; lines: { returnLineId: number; baseQty: string; disposition: ReturnDisposition }[] }
  | { kind: "credit_memo"; rmaId: number }
  | { kind: "request_return"; invoiceId: number; key: string }
  | { kind: "pay"; customerId: number; invoiceId: number }
  | { kind: "apply_unapplied"; paymentId: number; customerId: number; attempt: number };

export const ACTION_ORDER: readonly Action["kind"][] = ["decide", "convert", "receive_return", "credit_memo", "request_return", "apply_unapplied", "pay"];

export type MonthStats = Record<"quotes" | "orders" | "holds" | "overrides" | "substitutes" | "shipments" | "invoices" | "payments" | "returns" | "receipts", number>;

export function emptyStats(): MonthStats {
  return { quotes: 0, orders: 0, holds: 0, overrides: 0, substitutes: 0, shipments: 0, invoices: 0, payments: 0, returns: 0, receipts: 0 };
}

export class EntityRun {
  readonly schedule = new Map<string, Action[]>();
  readonly parties = new Map<string, Party>();
  readonly partiesById = new Map<number, Party>();
  readonly itemsById = new Map<number, DemoItem>();
  readonly warehouseCodes = new Map<number, string>();
  stats = emptyStats();
  invoiceCount = 0;

  constructor(
    readonly plan: SalesHistoryPlan,
    readonly entity: EntityPlan,
    readonly entityId: number,
    readonly ids: DemoIds,
    readonly people: People,
    readonly random: Random,
    readonly shipTos: Map<string, number>,
  ) {}

  static build(plan: SalesHistoryPlan, entity: EntityPlan, data: DemoData, ids: DemoIds, people: People, random: Random, shipTos: Map<string, number>): EntityRun {
    const run = new EntityRun(plan, entity, DemoIds.of(ids.entities, entity.entityCode, "entity"), ids, people, random, shipTos);
    for (const customer of data.customers.filter((c) => c.entityCode === entity.entityCode)) {
      const id = DemoIds.of(ids.customers, DemoIds.scoped(entity.entityCode, customer.code), "customer");
      const planned = plan.customers.find((p) => p.entityCode === entity.entityCode && p.code === customer.code);
      assert(planned !== undefined, `planned habits of ${customer.code}`);
      const party = { id, customer, plan: planned };
      run.parties.set(customer.code, party);
      run.partiesById.set(id, party);
    }
    for (const item of data.items) run.itemsById.set(DemoIds.of(ids.items, item.sku, "item"), item);
    for (const warehouse of data.warehouses.filter((w) => w.entityCode === entity.entityCode)) {
      run.warehouseCodes.set(DemoIds.of(ids.warehouses, warehouse.code, "warehouse"), warehouse.code);
    }
    return run;
  }

  party(code: string): Party {
    const party = this.parties.get(code);
    assert(party !== undefined, `customer ${code} of ${this.entity.entityCode}`);
    return party;
  }

  partyById(id: number): Party {
    const party = this.partiesById.get(id);
    assert(party !== undefined, `customer ${id} of ${this.entity.entityCode}`);
    return party;
  }

  item(id: number): DemoItem {
    const found = this.itemsById.get(id);
    assert(found !== undefined, `demo item ${id}`);
    return found;
  }

  itemId(sku: string): number {
    return DemoIds.of(this.ids.items, sku, "item");
  }

  warehouseId(code: string): number {
    return DemoIds.of(this.ids.warehouses, code, "warehouse");
  }

  shipToId(customerId: number, code: string): number {
    const id = this.shipTos.get(`${customerId}|${code}`);
    assert(id !== undefined, `ship-to ${code} of customer ${customerId}`);
    return id;
  }

  /** Schedules a follow-up `businessDays` after `date`; one after the history's end is dropped (it is still to come). */
  later(date: string, businessDays: number, action: Action): void {
    const due = addBusinessDays(date, businessDays);
    if (due > this.plan.endDate) return;
    this.at(due, action);
  }

  at(date: string, action: Action): void {
    if (date > this.plan.endDate) return;
    const list = this.schedule.get(date) ?? [];
    list.push(action);
    this.schedule.set(date, list);
  }

  /** The day's follow-ups in ACTION_ORDER, then in the order they were scheduled. */
  takeDue(date: string): Action[] {
    const due = this.schedule.get(date) ?? [];
    this.schedule.delete(date);
    return ACTION_ORDER.flatMap((kind) => due.filter((a) => a.kind === kind));
  }
}
