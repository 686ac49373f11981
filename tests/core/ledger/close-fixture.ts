// The ledger fixture plus what record-to-report tests need: accounts and rules for accruals and
// rebates, the default approval policies, and real users (two controllers, an admin, a clerk).
import type { Db, Tx } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { createUser, SYSTEM_ACTOR, type Actor, type Role } from "../../../core/governance";
import { installDefaultPolicies } from "../../../core/governance/approvals";
import { setAccountRule } from "../../../core/ledger";
import { account } from "../../../core/masters/schema";
import { createLedgerFixture, type LedgerFixture } from "../../support/ledger-fixture";

export type CloseFixture = LedgerFixture & {
  extra: { accrued: number; rent: number; unbilled: number; rebateAccrual: number; salesRebates: number };
  users: { preparer: Actor; approver: Actor; admin: Actor; clerk: Actor };
};

async function makeUser(tx: Tx, username: string, roles: Role[]): Promise<Actor> {
  const created = await createUser(tx, SYSTEM_ACTOR, { username, displayName: username, password: "close-test-password", roles });
  return { userId: created.id, username: created.username, roles: created.roles };
}

export async function createCloseFixture(db: Db, code = "C1"): Promise<CloseFixture> {
  const ledger = await createLedgerFixture(db, { code });
  return inTransaction(db, async (tx) => {
    await installDefaultPolicies(tx, SYSTEM_ACTOR);
    const chart = [["accrued", "2400", "Accrued liabilities", "liability"], ["rent", "6100", "Rent expense", "expense"],
      ["unbilled", "1150", "Unbilled receivables", "asset"], ["rebateAccrual", "2500", "Customer rebate accrual", "liability"],
      ["salesRebates", "4200", "Sales rebates", "revenue"]] as const;
    const extra = {} as CloseFixture["extra"];
    for (const [key, accountCode, name, type] of chart) {
      const [row] = await tx.insert(account).values({ entityId: ledger.entityId, code: accountCode, name, type }).returning();
      extra[key] = row!.id;
    }
    await setAccountRule(tx, SYSTEM_ACTOR, { entityId: ledger.entityId, role: "unbilled_receivables", accountId: extra.unbilled });
    await setAccountRule(tx, SYSTEM_ACTOR, { entityId: ledger.entityId, role: "rebate_accrual", accountId: extra.rebateAccrual });
    await setAccountRule(tx, SYSTEM_ACTOR, { entityId: ledger.entityId, role: "sales_rebates", accountId: extra.salesRebates });
    const lower = code.toLowerCase();
    const users = {
      preparer: await makeUser(tx, `${lower}.preparer`, ["controller"]), approver: await makeUser(tx, `${lower}.approver`, ["controller"]),
      admin: await makeUser(tx, `${lower}.admin`, ["admin"]), clerk: await makeUser(tx, `${lower}.clerk`, ["sales"]),
    };
    return { ...ledger, extra, users };
  });
}
