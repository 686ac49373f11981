// A minimal entity for ledger and stock tests: one currency, a chart of accounts with the
// account rules the stock events need, fiscal periods, two warehouses and a few items.
// Rows go straight into the tables: the master-data commands have tests of their own.
import type { Db, Tx } from "../../core/db/client";
import { SYSTEM_ACTOR } from "../../core/governance/permissions";
import { createFiscalYear, setAccountRule, type PostingRole } from "../../core/ledger";
import { account, currency, item, itemCategory, legalEntity, unitOfMeasure, warehouse } from "../../core/masters/schema";
import type { ValuationMethod } from "../../core/inventory";

export type LedgerFixture = {
  entityId: number;
  accounts: Record<"inventory" | "grni" | "openingEquity" | "cogs" | "shrinkage" | "gain" | "scrap" | "cash" | "revenue"
    | "ar" | "taxPayable" | "deposits" | "salesReturns" | "ap" | "ppv" | "discounts" | "clearing" | "fxGain" | "fxLoss" | "rebateReceivable", number>;
  warehouseIds: [number, number];
  itemIds: number[];
  categoryId: number;
  year: number;
};

export const FIXTURE_YEAR = 2026;

const CONTROL_KINDS: Partial<Record<keyof LedgerFixture["accounts"], string>> = { inventory: "inventory", grni: "grni", ar: "ar", ap: "ap" };

export async function createLedgerFixture(db: Db, options: { code?: string; valuationMethod?: ValuationMethod; items?: number } = {}): Promise<LedgerFixture> {
  const code = options.code ?? "T1";
  return db.transaction(async (tx: Tx) => {
    await tx.insert(currency).values({ code: "USD", name: "US dollar", minorUnitDigits: 2 }).onConflictDoNothing();
    await tx.insert(unitOfMeasure).values({ code: "EA", name: "Each" }).onConflictDoNothing();
    const [entity] = await tx.insert(legalEntity).values({
      code, name: `Test entity ${code}`, baseCurrency: "USD", timeZone: "America/Chicago", valuationMethod: options.valuationMethod ?? "moving_average",
    }).returning();
    const entityId = entity!.id;
    const chart = [
      ["cash", "1000", "Cash", "asset"], ["inventory", "1200", "Inventory", "asset"], ["grni", "2100", "GRNI", "liability"],
      ["openingEquity", "3000", "Opening balance equity", "equity"], ["revenue", "4000", "Sales", "revenue"], ["cogs", "5000", "COGS", "expense"],
      ["shrinkage", "5200", "Inventory shrinkage", "expense"], ["gain", "5210", "Inventory gain", "expense"], ["scrap", "5300", "Scrap", "expense"],
      ["ar", "1100", "AR control", "asset"], ["taxPayable", "2200", "Sales tax payable", "liability"], ["deposits", "2300", "Customer deposits", "liability"],
      ["salesReturns", "4100", "Sales returns", "revenue"], ["ap", "2000", "AP control", "liability"], ["ppv", "5100", "Purchase price variance", "expense"],
      ["discounts", "5400", "Purchase discounts", "expense"], ["clearing", "6000", "Landed cost clearing", "liability"],
      ["fxGain", "7200", "Realized FX gain", "revenue"], ["fxLoss", "7210", "Realized FX loss", "expense"], ["rebateReceivable", "1300", "Rebate receivable", "asset"],
    ] as const;
    const accounts = {} as LedgerFixture["accounts"];
    for (const [key, accountCode, name, type] of chart) {
      const [row] = await tx.insert(account).values({ entityId, code: accountCode, name, type,
        isControl: CONTROL_KINDS[key] !== undefined, controlKind: CONTROL_KINDS[key] ?? null }).returning();
      accounts[key] = row!.id;
    }
    const roles: [PostingRole, number][] = [["inventory", accounts.inventory], ["grni", accounts.grni], ["opening_equity", accounts.openingEquity],
      ["cogs", accounts.cogs], ["shrinkage", accounts.shrinkage], ["inventory_gain", accounts.gain], ["scrap", accounts.scrap], ["cash", accounts.cash], ["revenue", accounts.revenue],
      ["ar", accounts.ar], ["tax_payable", accounts.taxPayable], ["customer_deposits", accounts.deposits], ["sales_returns", accounts.salesReturns],
      ["ap", accounts.ap], ["ppv", accounts.ppv], ["purchase_discounts", accounts.discounts], ["landed_cost_clearing", accounts.clearing],
      ["fx_gain", accounts.fxGain], ["fx_loss", accounts.fxLoss], ["rebate_receivable", accounts.rebateReceivable]];
    for (const [role, accountId] of roles) await setAccountRule(tx, SYSTEM_ACTOR, { entityId, role, accountId });
    await createFiscalYear(tx, SYSTEM_ACTOR, { entityId, year: FIXTURE_YEAR });
    const [category] = await tx.insert(itemCategory).values({ code: `CAT-${code}`, name: "Fasteners" }).onConflictDoNothing().returning();
    const categoryId = category?.id ?? (await tx.select().from(itemCategory).limit(1))[0]!.id;
    const warehouses = await tx.insert(warehouse).values([
      { entityId, code: `${code}-A`, name: "Warehouse A" }, { entityId, code: `${code}-B`, name: "Warehouse B" },
    ]).returning();
    const items = await tx.insert(item).values(Array.from({ length: options.items ?? 3 }, (_, i) => ({
      sku: `${code}-SKU-${i + 1}`, description: `Test item ${i + 1}`, categoryId, baseUom: "EA", purchaseUom: "EA", salesUom: "EA",
    }))).returning();
    return { entityId, accounts, warehouseIds: [warehouses[0]!.id, warehouses[1]!.id], itemIds: items.map((i) => i.id), categoryId, year: FIXTURE_YEAR };
  });
}
