// Matrix rows for master data. createMaster, setMasterActive and changeMaster need the kind's
// write permission (MASTER_KINDS[kind].permission). updateMaster is the direct edit: it also
// applies change control, so only a holder of the permission who holds the kind's owning role
// (OWNING_ROLE) succeeds, and other holders are refused with MASTERS_CHANGE_REQUIRES_APPROVAL
// (409: they must submit the change with changeMaster). A governed field (credit limit, bank
// details) refuses every holder's direct edit. Reads need masters:read; a kind's change history
// needs audit:read or the kind's write permission.
import assert from "node:assert/strict";
import { ChangeControlError, OWNING_ROLE } from "../../../core/governance/change-control";
import { ROLES, type Permission, type Role } from "../../../core/governance/permissions";
import {
  changeMaster, createMaster, getMasterOrThrow, listMasterChanges, listMasters, MASTER_KIND_NAMES, MASTER_KINDS, setMasterActive, updateMaster,
  type MasterChangeResult, type MasterKind,
} from "../../../core/masters";
import type { PermissionFixture } from "./fixture";
import { rolesHolding, type PermissionCase, type Refusal } from "./matrix";

type Row = PermissionCase<PermissionFixture>;
type KindInputs = { create: (f: PermissionFixture) => Record<string, unknown>; patch: Record<string, unknown> };

const renamed = { name: "Renamed by the permission test" };

/** Valid input for a new row of each kind, and an ungoverned edit of the fixture's row. */
export const KIND_INPUTS: Record<MasterKind, KindInputs> = {
  legalEntity: { create: () => ({ code: "E3", name: "Third entity", baseCurrency: "USD", timeZone: "America/Chicago" }), patch: renamed },
  currency: { create: () => ({ code: "JPY", name: "Yen", minorUnitDigits: 0 }), patch: renamed },
  exchangeRate: { create: () => ({ fromCurrency: "GBP", toCurrency: "USD", rateDate: "2026-01-02", ratePpm: 1_270_000 }), patch: { ratePpm: 1_090_000 } },
  account: { create: (f) => ({ entityId: f.entityId, code: "6100", name: "Postage", type: "expense", isControl: false }), patch: renamed },
  warehouse: { create: (f) => ({ entityId: f.entityId, code: "T1-D", name: "Warehouse D" }), patch: renamed },
  location: { create: (f) => ({ warehouseId: f.ledger.warehouseIds[0], code: "BIN-2", name: "Bin 2" }), patch: renamed },
  unitOfMeasure: { create: () => ({ code: "BX", name: "Box" }), patch: renamed },
  itemCategory: { create: () => ({ code: "CAT-3", name: "Paint" }), patch: renamed },
  item: {
    create: (f) => ({ sku: "PERM-2", description: "Saw", categoryId: f.ledger.categoryId, baseUom: "EA", purchaseUom: "EA", salesUom: "EA" }),
    patch: { description: "Claw hammer" },
  },
  itemUomConversion: { create: (f) => ({ itemId: f.ledger.itemIds[0], uom: "CS", baseQtyPerUnit: "24" }), patch: { baseQtyPerUnit: "8" } },
  paymentTerm: { create: () => ({ code: "NET60", name: "Net 60 days", dueDays: 60 }), patch: renamed },
  taxCode: { create: (f) => ({ entityId: f.entityId, code: "TX2", name: "City tax", ratePpm: 50_000 }), patch: renamed },
  priceList: { create: (f) => ({ entityId: f.entityId, code: "PL2", name: "Promo prices", currency: "USD" }), patch: renamed },
  priceListLine: {
    create: (f) => ({ priceListId: f.masters.priceList, itemId: f.ledger.itemIds[1], uom: "EA", unitPriceMinor: 2_000 }), patch: { minQty: "5" },
  },
  customerGroup: { create: () => ({ code: "G2", name: "Wholesale" }), patch: renamed },
  customer: {
    create: (f) => ({ entityId: f.entityId, code: "C2", name: "Hardware Hub", currency: "USD", paymentTermCode: "NET30" }), patch: renamed,
  },
  customerShipTo: {
    create: (f) => ({ customerId: f.masters.customer, code: "S2", name: "Dock 2", addressLine1: "2 Main St", city: "Chicago", country: "US" }),
    patch: renamed,
  },
  customerPrice: {
    create: (f) => ({ customerId: f.masters.customer, itemId: f.ledger.itemIds[1], uom: "EA", unitPriceMinor: 1_900 }), patch: { minQty: "5" },
  },
  supplier: {
    create: (f) => ({ entityId: f.entityId, code: "V2", name: "Bolt Brothers", currency: "USD", paymentTermCode: "NET30", leadTimeDays: 10 }),
    patch: renamed,
  },
};

const NEEDS_APPROVAL: Refusal = { code: ChangeControlError.CHANGE_REQUIRES_APPROVAL, status: 409 };

/** Holders of the permission who do not own the kind are sent to change control (409), not refused as forbidden. */
function directEditRule(permission: Permission, owners: readonly Role[]): Pick<Row, "allowed" | "refusedWith"> {
  const holders = rolesHolding(permission);
  const allowed = holders.filter((role) => owners.includes(role));
  const refusedWith = Object.fromEntries(holders.filter((role) => !allowed.includes(role)).map((role) => [role, NEEDS_APPROVAL]));
  return { allowed, refusedWith };
}

function rowsForKind(kind: MasterKind): Row[] {
  const { permission } = MASTER_KINDS[kind];
  const { create, patch } = KIND_INPUTS[kind];
  const key = (f: PermissionFixture) => f.masters[kind];
  return [
    { name: `createMaster(${kind})`, permission, run: (tx, actor, f) => createMaster(tx, actor, kind, create(f)) },
    { name: `updateMaster(${kind})`, ...directEditRule(permission, [OWNING_ROLE[kind]]), run: (tx, actor, f) => updateMaster(tx, actor, kind, key(f), patch) },
    {
      name: `changeMaster(${kind})`, permission, run: (tx, actor, f) => changeMaster(tx, actor, kind, key(f), patch),
      check: (result: MasterChangeResult, role) => assert.equal(result.status, role === OWNING_ROLE[kind] ? "applied" : "pending_approval"),
    },
    { name: `setMasterActive(${kind})`, permission, run: (tx, actor, f) => setMasterActive(tx, actor, kind, key(f), false) },
    {
      name: `listMasterChanges(${kind})`,
      allowed: ROLES.filter((role) => rolesHolding("audit:read").includes(role) || rolesHolding(permission).includes(role)),
      run: (tx, actor, f) => listMasterChanges(tx, actor, kind, key(f)),
    },
  ];
}

const pending = (result: MasterChangeResult) => assert.equal(result.status, "pending_approval");

/** Governed fields: no user edits them directly; changeMaster turns them into a change request. */
const governedRows: Row[] = [
  { name: "updateMaster(customer.creditLimitMinor)", ...directEditRule("masters.customers:write", []),
    run: (tx, actor, f) => updateMaster(tx, actor, "customer", f.masters.customer, { creditLimitMinor: 5_000_000 }) },
  { name: "changeMaster(customer.creditLimitMinor)", permission: "masters.customers:write", check: pending,
    run: (tx, actor, f) => changeMaster(tx, actor, "customer", f.masters.customer, { creditLimitMinor: 5_000_000 }) },
  { name: "updateMaster(supplier.bankAccountNumber)", ...directEditRule("masters.suppliers:write", []),
    run: (tx, actor, f) => updateMaster(tx, actor, "supplier", f.masters.supplier, { bankName: "First Bank", bankAccountNumber: "DE89 3704 0044 0532 0130 00" }) },
  { name: "changeMaster(supplier.bankAccountNumber)", permission: "masters.suppliers:write", check: pending,
    run: (tx, actor, f) => changeMaster(tx, actor, "supplier", f.masters.supplier, { bankName: "First Bank", bankAccountNumber: "DE89 3704 0044 0532 0130 00" }) },
];

const readRows: Row[] = [
  { name: "getMasterOrThrow(customer)", permission: "masters:read", run: (tx, actor, f) => getMasterOrThrow(tx, actor, "customer", f.masters.customer) },
  { name: "listMasters(item)", permission: "masters:read", run: (tx, actor) => listMasters(tx, actor, "item") },
];

export const MASTERS_MATRIX: Row[] = [...MASTER_KIND_NAMES.flatMap(rowsForKind), ...governedRows, ...readRows];
