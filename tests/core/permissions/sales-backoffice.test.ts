// Proves who may run the sales back office (pick, pack, ship and cancel shipments; invoice;
// receive and apply payments and credit memos; request, receive and credit returns; read
// shipments, invoices, statements, payments, aging and returns): for each command and each of
// the seven roles, in a rolled-back transaction, an allowed role succeeds and did the work, and
// every other role gets AUTH_FORBIDDEN 403 with no table changed.
import { before } from "node:test";
import { useTestDatabase } from "../../support/database";
import { runMatrix } from "./matrix";
import { buildSalesBackofficeFixture, type SalesBackofficeFixture } from "./sales-backoffice-fixture";
import { SALES_BACKOFFICE_MATRIX } from "./sales-backoffice-matrix";

const { db } = await useTestDatabase();
let fixture: SalesBackofficeFixture;

before(async () => {
  fixture = await buildSalesBackofficeFixture(db);
});

runMatrix(db, () => fixture, (role) => fixture.actors[role], SALES_BACKOFFICE_MATRIX);
