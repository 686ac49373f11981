// The shared fixture of the permission tests, committed once per test file and built with the
// real commands as the system actor: the ledger fixture's entity (accounts, rules, periods,
// warehouses, items), one row of every master kind, one real user per role (approval decisions
// and change control need named users), a few spare users, opening stock with its journal entry,
// exception items, a delegation, and the approval policies that master-data change requests need.
import { eq, and } from "drizzle-orm";
import type { Db, Tx } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { createUser, ROLES, SYSTEM_ACTOR, type Actor, type Role } from "../../../core/governance";
import { createPolicyVersion, delegateApprovals, DEFAULT_POLICIES } from "../../../core/governance/approvals";
import { raiseException } from "../../../core/governance/exceptions";
import { receiveStock } from "../../../core/inventory";
import { fiscalPeriod } from "../../../core/ledger/schema";
import { createMaster, type MasterKey, type MasterKind } from "../../../core/masters";
import { createLedgerFixture, FIXTURE_YEAR, type LedgerFixture } from "../../support/ledger-fixture";

export const PASSWORD = "permissions-test-password";

export type PermissionFixture = {
  ledger: LedgerFixture;
  entityId: number;
  /** One real user per role, holding only that role. */
  actors: Record<Role, Actor>;
  /** Users outside the matrix: a requester for approval requests, a delegator who is away and their stand-in. */
  requester: Actor;
  absent: Actor;
  standIn: Actor;
  /** An existing row of every master kind, by its key. */
  masters: Record<MasterKind, MasterKey>;
  journalEntryId: number;
  inventoryDocumentId: number;
  openPeriodId: number;
  /** Owned by warehouse, addressed to sales too. */
  sharedExceptionId: number;
  /** Owned by warehouse only. */
  warehouseExceptionIds: [number, number];
  delegationId: number;
  /** The active master_data_change policy. */
  policyId: number;
};

async function makeUser(tx: Tx, username: string, roles: Role[]): Promise<Actor> {
  const created = await createUser(tx, SYSTEM_ACTOR, { username, displayName: username, password: PASSWORD, roles });
  return { userId: created.id, username: created.username, roles: created.roles };
}

async function makeUsers(tx: Tx): Promise<Pick<PermissionFixture, "actors" | "requester" | "absent" | "standIn">> {
  const actors = {} as Record<Role, Actor>;
  for (const role of ROLES) actors[role] = await makeUser(tx, `perm.${role}`, [role]);
  return {
    actors,
    // An admin, so it may submit changes to every master kind without owning any (they route to approval).
    requester: await makeUser(tx, "perm.requester", ["admin"]),
    absent: await makeUser(tx, "perm.absent", ["executive", "planner"]),
    standIn: await makeUser(tx, "perm.standin", ["executive"]),
  };
}

/** One row of every master kind, through createMaster as the system. */
async function makeMasters(tx: Tx, ledger: LedgerFixture): Promise<Record<MasterKind, MasterKey>> {
  const s = SYSTEM_ACTOR;
  const entityId = ledger.entityId;
  const [itemId] = ledger.itemIds;
  await createMaster(tx, s, "currency", { code: "EUR", name: "Euro", minorUnitDigits: 2 });
  await createMaster(tx, s, "currency", { code: "GBP", name: "Pound sterling", minorUnitDigits: 2 });
  for (const [code, name] of [["CS", "Case"], ["PK", "Pack"], ["KG", "Kilogram"]]) await createMaster(tx, s, "unitOfMeasure", { code, name });
  await createMaster(tx, s, "paymentTerm", { code: "NET30", name: "Net 30 days", dueDays: 30 });
  const legalEntity = await createMaster(tx, s, "legalEntity", { code: "E2", name: "Second entity", baseCurrency: "USD", timeZone: "America/Chicago" });
  const rate = await createMaster(tx, s, "exchangeRate", { fromCurrency: "EUR", toCurrency: "USD", rateDate: "2026-01-02", ratePpm: 1_080_000 });
  const account = await createMaster(tx, s, "account", { entityId, code: "6050", name: "Office supplies", type: "expense", isControl: false });
  const taxCode = await createMaster(tx, s, "taxCode", { entityId, code: "TX1", name: "State tax", ratePpm: 70_000 });
  const warehouse = await createMaster(tx, s, "warehouse", { entityId, code: "T1-C", name: "Warehouse C" });
  const location = await createMaster(tx, s, "location", { warehouseId: ledger.warehouseIds[0], code: "BIN-1", name: "Bin 1" });
  const category = await createMaster(tx, s, "itemCategory", { code: "CAT-2", name: "Tools" });
  const item = await createMaster(tx, s, "item", { sku: "PERM-1", description: "Hammer", categoryId: category.id, baseUom: "EA", purchaseUom: "EA", salesUom: "EA" });
  const conversion = await createMaster(tx, s, "itemUomConversion", { itemId, uom: "PK", baseQtyPerUnit: "6" });
  const priceList = await createMaster(tx, s, "priceList", { entityId, code: "PL1", name: "List prices", currency: "USD" });
  const priceListLine = await createMaster(tx, s, "priceListLine", { priceListId: priceList.id, itemId, uom: "EA", unitPriceMinor: 1_000 });
  const group = await createMaster(tx, s, "customerGroup", { code: "G1", name: "Retail" });
  const customer = await createMaster(tx, s, "customer", { entityId, code: "C1", name: "Corner Store", currency: "USD", paymentTermCode: "NET30", groupId: group.id });
  const shipTo = await createMaster(tx, s, "customerShipTo", { customerId: customer.id, code: "S1", name: "Back door", addressLine1: "1 Main St", city: "Chicago", country: "US" });
  const customerPrice = await createMaster(tx, s, "customerPrice", { customerId: customer.id, itemId, uom: "EA", unitPriceMinor: 950 });
  const supplier = await createMaster(tx, s, "supplier", { entityId, code: "V1", name: "Acme Supply", currency: "USD", paymentTermCode: "NET30", leadTimeDays: 7 });
  return {
    legalEntity: legalEntity.id, currency: "GBP", exchangeRate: rate.id, account: account.id, warehouse: warehouse.id, location: location.id,
    unitOfMeasure: "KG", itemCategory: category.id, item: item.id, itemUomConversion: conversion.id, paymentTerm: "NET30", taxCode: taxCode.id,
    priceList: priceList.id, priceListLine: priceListLine.id, customerGroup: group.id, customer: customer.id, customerShipTo: shipTo.id,
    customerPrice: customerPrice.id, supplier: supplier.id,
  };
}

async function makeExceptions(tx: Tx, entityId: number): Promise<Pick<PermissionFixture, "sharedExceptionId" | "warehouseExceptionIds">> {
  const raise = (title: string, audienceRoles: Role[]) => raiseException(tx, SYSTEM_ACTOR, {
    kind: "inventory_variance", severity: "medium", entityId, ownerRole: "warehouse", audienceRoles, title, explanation: `${title}: counted 3 less than on hand`,
  });
  const shared = await raise("Variance in bin 1", ["sales"]);
  const first = await raise("Variance in bin 2", []);
  const second = await raise("Variance in bin 3", []);
  return { sharedExceptionId: shared.id, warehouseExceptionIds: [first.id, second.id] };
}

export async function buildPermissionFixture(db: Db): Promise<PermissionFixture> {
  const ledger = await createLedgerFixture(db);
  return inTransaction(db, async (tx) => {
    const users = await makeUsers(tx);
    // Only the policies the fixture needs, so installDefaultPolicies still has kinds to install.
    const policies = [];
    for (const kind of ["master_data_change", "purchase_order"] as const) {
      policies.push(await createPolicyVersion(tx, SYSTEM_ACTOR, { kind, name: DEFAULT_POLICIES[kind].name, rules: DEFAULT_POLICIES[kind].rules }));
    }
    const masters = await makeMasters(tx, ledger);
    const stock = await receiveStock(tx, SYSTEM_ACTOR, {
      entityId: ledger.entityId, documentDate: `${FIXTURE_YEAR}-03-02`, warehouseId: ledger.warehouseIds[0], kind: "opening",
      lines: ledger.itemIds.slice(0, 2).map((itemId) => ({ itemId, qty: "100", unitCostMinor: 500 })),
    });
    const [period] = await tx.select({ id: fiscalPeriod.id }).from(fiscalPeriod)
      .where(and(eq(fiscalPeriod.entityId, ledger.entityId), eq(fiscalPeriod.code, `${FIXTURE_YEAR}-06`)));
    const now = Date.now();
    const delegation = await delegateApprovals(tx, SYSTEM_ACTOR, {
      fromUserId: users.absent.userId!, toUserId: users.standIn.userId!, startsAt: new Date(now - 3_600_000), endsAt: new Date(now + 30 * 86_400_000),
    });
    return {
      ledger, entityId: ledger.entityId, ...users, masters, journalEntryId: stock.journalEntryId!, inventoryDocumentId: stock.documentId,
      openPeriodId: period!.id, ...(await makeExceptions(tx, ledger.entityId)), delegationId: delegation.id,
      policyId: policies[0]!.id,
    };
  });
}
