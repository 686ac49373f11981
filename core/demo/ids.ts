import { assert } from "../shared/assert";

/**
 * Database ids of what the loader created, by business code, so later steps can resolve the
 * codes the generator used. Scoped codes are keyed "ENTITY|CODE" (or "WAREHOUSE|CODE").
 */
export class DemoIds {
  readonly entities = new Map<string, number>();
  readonly categories = new Map<string, number>();
  readonly customerGroups = new Map<string, number>();
  readonly accounts = new Map<string, number>();
  readonly taxCodes = new Map<string, number>();
  readonly warehouses = new Map<string, number>();
  readonly locations = new Map<string, number>();
  readonly items = new Map<string, number>();
  readonly priceLists = new Map<string, number>();
  readonly customers = new Map<string, number>();

  static scoped(scope: string, code: string): string {
    return `${scope}|${code}`;
  }

  /** The id for a code, or a failed assertion: the generator only refers to what it created. */
  static of(map: ReadonlyMap<string, number>, key: string, what: string): number {
    const id = map.get(key);
    assert(id !== undefined, `demo ${what} ${key} was not created`);
    return id;
  }
}
