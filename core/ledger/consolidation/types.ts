import type { AccountType, BalanceSheet, IncomeStatement, ReportPeriod } from "../statements/types";

/** Balance-sheet accounts at the closing rate, income and expense at average rates, equity at historical rates. */
export type TranslationBasis = "closing" | "average" | "historical" | "computed";

/**
 * One entity's figure for an account, local and translated into the reporting currency. All
 * amounts are debit minus credit. Balance-sheet accounts carry only a closing figure (opening
 * equals closing, movement zero); revenue and expense carry earnings before the period
 * (opening, at each earlier month's average rate) and the period's movement (at its average rate).
 */
export type EntityFigure = {
  entityId: number;
  entityCode: string;
  currency: string;
  /** Null for the computed lines (translation reserve). */
  accountId: number | null;
  localOpeningMinor: bigint;
  localMovementMinor: bigint;
  localClosingMinor: bigint;
  basis: TranslationBasis;
  /** The rate applied to the period figure (closing or average); null when several rates apply. */
  ratePpm: bigint | null;
  openingMinor: bigint;
  movementMinor: bigint;
  closingMinor: bigint;
};

export type Figures = { openingMinor: bigint; movementMinor: bigint; closingMinor: bigint };

export type ConsolidatedAccount = Figures & {
  accountCode: string;
  accountName: string;
  accountType: AccountType;
  entities: EntityFigure[];
  elimination: Figures;
};

export type EliminationLine = { accountCode: string; entityCode: string; label: string } & Figures;

export type Elimination = { key: "ic_balances" | "ic_sales" | "unrealized_profit"; title: string; lines: EliminationLine[] };

export type ConsolidatedEntity = {
  entityId: number;
  entityCode: string;
  entityName: string;
  currency: string;
  closingRatePpm: bigint;
  averageRatePpm: bigint;
  /** The translation difference of the entity, credit positive (a gain in equity). */
  translationReserveMinor: bigint;
};

export type Consolidation = {
  reportingCurrency: string;
  period: ReportPeriod;
  entities: ConsolidatedEntity[];
  accounts: ConsolidatedAccount[];
  eliminations: Elimination[];
  incomeStatement: IncomeStatement;
  balanceSheet: BalanceSheet;
};

/** Codes of the computed consolidation lines; they never collide with a chart code (digits). */
export const TRANSLATION_RESERVE_CODE = "CTA";
export const INTERCOMPANY_DIFFERENCE_CODE = "IC-DIFF";
