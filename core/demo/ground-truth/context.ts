// What the ground-truth injection carries per entity: who acts, ids by business code, the day the
// history ended (injections are dated in its last weeks) and a random stream of its own.
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { addBusinessDays, onOrBeforeWeekday } from "../history-sales/calendar";
import { purchasingPeople, type PurchasingPeople } from "../history-purchasing/context";
import { addDays } from "../dates";
import { DemoIds } from "../ids";
import { createRandom, type Random } from "../random";
import type { DemoData, DemoEntity } from "../types";
import type { People } from "../history-sales/context";
import { demoPeople } from "../history-sales/context";
import type { NewGroundTruth } from "./record";

export const GROUND_TRUTH_STREAM = "ground-truth";

export type GroundTruthPeople = PurchasingPeople & Pick<People, "sales">;

export class GroundTruthRun {
  readonly recorded: NewGroundTruth[] = [];

  constructor(
    readonly data: DemoData,
    readonly ids: DemoIds,
    readonly entity: DemoEntity,
    readonly entityId: number,
    readonly people: GroundTruthPeople,
    readonly random: Random,
    /** The last business day of the history: injections happen in the weeks before it. */
    readonly endDate: string,
  ) {}

  static async build(tx: Tx, data: DemoData, ids: DemoIds, entity: DemoEntity, endDate: string): Promise<GroundTruthRun> {
    const purchasing = await purchasingPeople(tx);
    const sales = await demoPeople(tx);
    const random = createRandom(data.seed).fork(`${GROUND_TRUTH_STREAM}:${entity.code}`);
    return new GroundTruthRun(data, ids, entity, DemoIds.of(ids.entities, entity.code, "entity"), { ...purchasing, sales: sales.sales }, random, endDate);
  }

  accountId(code: string): number {
    return DemoIds.of(this.ids.accounts, DemoIds.scoped(this.entity.code, code), "account");
  }

  /** A business day `back` business days before the end of the history. */
  businessDayBack(back: number): string {
    assert(back >= 0, "days back");
    let day = this.endDate;
    for (let moved = 0; moved < back; moved++) {
      day = addDays(day, -1);
      while (addBusinessDays(day, 0) !== day) day = addDays(day, -1);
    }
    return day;
  }

  /** The Saturday or Sunday `weeksBack` weeks before the end of the history. */
  weekendDay(weeksBack: number, sunday: boolean): string {
    assert(weeksBack >= 1, "a weekend before the end of the history");
    const saturday = onOrBeforeWeekday(addDays(this.endDate, -7 * weeksBack), 6);
    return sunday ? addDays(saturday, 1) : saturday;
  }

  note(row: NewGroundTruth): void {
    this.recorded.push(row);
  }
}
