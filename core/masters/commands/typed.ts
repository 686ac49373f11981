import type { Tx } from "../../db/client";
import type { Actor } from "../../governance/permissions";
import type { MasterInput, MasterKind, MasterRow } from "../types";
import { createMaster } from "./create-master";

function creator<K extends MasterKind>(kind: K) {
  return (tx: Tx, actor: Actor, input: MasterInput<K>): Promise<MasterRow<K>> => createMaster(tx, actor, kind, input);
}

// Typed shorthands over createMaster for code (demo loader, tests) that builds inputs in TypeScript.
export const createLegalEntity = creator("legalEntity");
export const createCurrency = creator("currency");
export const createExchangeRate = creator("exchangeRate");
export const createAccount = creator("account");
export const createWarehouse = creator("warehouse");
export const createLocation = creator("location");
export const createUnitOfMeasure = creator("unitOfMeasure");
export const createItemCategory = creator("itemCategory");
export const createItem = creator("item");
export const createItemUomConversion = creator("itemUomConversion");
export const createPaymentTerm = creator("paymentTerm");
export const createTaxCode = creator("taxCode");
export const createPriceList = creator("priceList");
export const createPriceListLine = creator("priceListLine");
export const createCustomerGroup = creator("customerGroup");
export const createCustomer = creator("customer");
export const createCustomerShipTo = creator("customerShipTo");
export const createCustomerPrice = creator("customerPrice");
export const createSupplier = creator("supplier");
