// Loads the planned duplicate customers and suppliers through the master-data commands (as the
// system, like the rest of the demo's masters) and records every known pair, the base demo's own
// near-duplicates included.
import type { Tx } from "../../db/client";
import { SYSTEM_ACTOR } from "../../governance";
import { createCustomer, createCustomerShipTo, createSupplier } from "../../masters";
import { DemoIds } from "../ids";
import type { DemoCustomer, DemoSupplier } from "../types";
import type { GroundTruthRun } from "./context";
import type { DuplicatePlan } from "./plan-duplicates";

const orNull = (text: string) => (text === "" ? null : text);

async function loadCustomer(tx: Tx, run: GroundTruthRun, customer: DemoCustomer): Promise<number> {
  const { entityCode, groupCode, priceListCode, taxCode, shipTos, ...fields } = customer;
  const row = await createCustomer(tx, SYSTEM_ACTOR, {
    ...fields, email: orNull(fields.email), taxId: orNull(fields.taxId), phone: orNull(fields.phone),
    entityId: run.entityId,
    groupId: DemoIds.of(run.ids.customerGroups, groupCode, "customer group"),
    priceListId: DemoIds.of(run.ids.priceLists, DemoIds.scoped(entityCode, priceListCode), "price list"),
    taxCodeId: DemoIds.of(run.ids.taxCodes, DemoIds.scoped(entityCode, taxCode), "tax code"),
  });
  for (const shipTo of shipTos) await createCustomerShipTo(tx, SYSTEM_ACTOR, { customerId: row.id, ...shipTo });
  run.ids.customers.set(DemoIds.scoped(entityCode, customer.code), row.id);
  return row.id;
}

async function loadSupplier(tx: Tx, run: GroundTruthRun, vendor: DemoSupplier): Promise<number> {
  const { entityCode, ...fields } = vendor;
  const row = await createSupplier(tx, SYSTEM_ACTOR, { ...fields, email: orNull(fields.email), taxId: orNull(fields.taxId), phone: orNull(fields.phone), entityId: run.entityId });
  return row.id;
}

export async function loadDuplicates(tx: Tx, run: GroundTruthRun, plan: DuplicatePlan, supplierIds: Map<string, number>): Promise<void> {
  const code = run.entity.code;
  for (const pair of plan.existingCustomers.filter((p) => p.entityCode === code)) {
    run.note({ kind: "duplicate", subjectType: "customer", subjectId: DemoIds.of(run.ids.customers, DemoIds.scoped(code, pair.originalCode), "customer"),
      otherSubjectId: DemoIds.of(run.ids.customers, DemoIds.scoped(code, pair.duplicateCode), "customer"), description: pair.description });
  }
  for (const pair of plan.customers.filter((p) => p.original.entityCode === code)) {
    const duplicateId = await loadCustomer(tx, run, pair.duplicate);
    run.note({ kind: "duplicate", subjectType: "customer", subjectId: DemoIds.of(run.ids.customers, DemoIds.scoped(code, pair.original.code), "customer"),
      otherSubjectId: duplicateId, description: `${pair.original.code} / ${pair.duplicate.code}: ${pair.description}` });
  }
  for (const pair of plan.suppliers.filter((p) => p.original.entityCode === code)) {
    const originalId = supplierIds.get(pair.original.code);
    if (originalId === undefined) throw new Error(`supplier ${pair.original.code} of ${code} was not loaded`);
    const duplicateId = await loadSupplier(tx, run, pair.duplicate);
    run.note({ kind: "duplicate", subjectType: "supplier", subjectId: originalId, otherSubjectId: duplicateId, description: `${pair.original.code} / ${pair.duplicate.code}: ${pair.description}` });
  }
}
