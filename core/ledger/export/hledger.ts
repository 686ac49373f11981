import { assert, assertNever } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { formatMinor } from "../../shared/money";
import { LedgerExportError } from "./errors";
import type { AccountType, ExportEntry, ExportLine } from "./types";

/** hledger's type codes; top-level names alone don't carry types once the entity code is in front. */
const HLEDGER_TYPE_CODE: Record<AccountType, string> = { asset: "A", liability: "L", equity: "E", revenue: "R", expense: "X" };

export function accountTypeGroup(type: AccountType): "assets" | "liabilities" | "equity" | "revenues" | "expenses" {
  switch (type) {
    case "asset": return "assets";
    case "liability": return "liabilities";
    case "equity": return "equity";
    case "revenue": return "revenues";
    case "expense": return "expenses";
    default: return assertNever(type, "account type");
  }
}

/**
 * Makes one account-name component safe for hledger: ':' would open a sub-account, two spaces
 * or a tab end the name, ';' and '#' start comments, and newlines end the posting. Anything
 * outside a conservative set becomes '-'; runs of whitespace collapse to one space.
 */
export function sanitizeHledgerName(text: string): string {
  const cleaned = text
    .replace(/[\r\n\t]+/g, " ")
    .replace(/[^\p{L}\p{N} ._,&/'+()-]/gu, "-")
    .replace(/ {2,}/g, " ")
    .trim();
  return cleaned.length > 0 ? cleaned : "-";
}

/** Entity codes lead every account name, so they must not start a virtual posting or a status mark. */
export function sanitizeHledgerEntityCode(code: string): string {
  const cleaned = code.replace(/[^A-Za-z0-9_-]/g, "-");
  return /^[A-Za-z0-9]/.test(cleaned) ? cleaned : `E${cleaned}`;
}

/** Free text for descriptions and comments: one line, no ';' that would cut it short. */
function sanitizeText(text: string): string {
  return text.replace(/[\r\n\t]+/g, " ").replace(/;/g, ",").replace(/ {2,}/g, " ").trim();
}

export function hledgerAccountName(entityCode: string, line: Pick<ExportLine, "accountType" | "accountCode" | "accountName">): string {
  const component = sanitizeHledgerName(`${line.accountCode} ${line.accountName}`);
  return `${sanitizeHledgerEntityCode(entityCode)}:${accountTypeGroup(line.accountType)}:${component}`;
}

/** The amount in major units with the commodity after it: 1234.56 USD, -12 JPY. */
export function hledgerAmount(amountMinor: bigint, digits: number, currencyCode: string): string {
  return `${formatMinor(amountMinor, digits)} ${currencyCode}`;
}

/** A commodity directive sample: hledger wants a decimal mark even at zero decimals (1000. JPY). */
function commoditySample(digits: number): string {
  return `1000.${"0".repeat(digits)}`;
}

type AccountDeclaration = { name: string; type: AccountType; entityCode: string; key: string };

/** Every account the entries use, by name; refuses two Keel accounts that sanitize to one name. */
function collectAccounts(entries: readonly ExportEntry[]): Map<string, AccountDeclaration> {
  const byName = new Map<string, AccountDeclaration>();
  for (const entry of entries) {
    for (const line of entry.lines) {
      const name = hledgerAccountName(entry.entityCode, line);
      const key = `${entry.entityCode}\u0000${line.accountCode}`;
      const seen = byName.get(name);
      if (seen && seen.key !== key) {
        throw new DomainError(LedgerExportError.EXPORT_NAME_COLLISION, "conflict",
          `Accounts ${seen.entityCode}/${seen.key.split("\u0000")[1]} and ${entry.entityCode}/${line.accountCode} both become "${name}" in hledger`, { name });
      }
      byName.set(name, { name, type: line.accountType, entityCode: entry.entityCode, key });
    }
  }
  return byName;
}

function collectCommodities(entries: readonly ExportEntry[]): Map<string, number> {
  const digitsByCode = new Map<string, number>();
  for (const entry of entries) {
    const known = digitsByCode.get(entry.currency);
    assert(known === undefined || known === entry.minorUnitDigits, `currency ${entry.currency} has two scales`);
    digitsByCode.set(entry.currency, entry.minorUnitDigits);
  }
  return digitsByCode;
}

/** Directives first, so `hledger check --strict` finds every account and commodity declared. */
function formatDirectives(entries: readonly ExportEntry[]): string[] {
  const out: string[] = ["decimal-mark .", ""];
  const commodities = collectCommodities(entries);
  for (const code of [...commodities.keys()].sort()) out.push(`commodity ${commoditySample(commodities.get(code) ?? 0)} ${code}`);
  if (commodities.size > 0) out.push("");
  const accounts = [...collectAccounts(entries).values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const parents = new Map<string, AccountType>();
  for (const account of accounts) parents.set(account.name.split(":").slice(0, 2).join(":"), account.type);
  for (const [parent, type] of [...parents.entries()].sort()) out.push(`account ${parent}  ; type: ${HLEDGER_TYPE_CODE[type]}`);
  for (const account of accounts) out.push(`account ${account.name}`);
  if (accounts.length > 0) out.push("");
  return out;
}

function postingComment(entry: ExportEntry, line: ExportLine): string {
  const notes: string[] = [];
  if (line.memo) notes.push(sanitizeText(line.memo));
  if (line.documentCurrency !== entry.currency) {
    const documentMinor = line.documentDebitMinor - line.documentCreditMinor;
    notes.push(`document: ${hledgerAmount(documentMinor, line.documentMinorUnitDigits, line.documentCurrency)}`);
  }
  return notes.length > 0 ? `  ; ${notes.join(", ")}` : "";
}

function formatTransaction(entry: ExportEntry): string[] {
  const code = entry.entryNumber.replace(/[()\r\n]/g, "-");
  const source = entry.sourceId === null ? entry.sourceType : `${entry.sourceType}/${entry.sourceId}`;
  const out = [
    `${entry.postingDate} (${code}) ${sanitizeText(entry.description)}`,
    `    ; event:${sanitizeText(entry.eventType).replace(/,/g, "-")}, source:${sanitizeText(source).replace(/,/g, "-")}`,
  ];
  const postings = entry.lines.map((line) => ({
    account: hledgerAccountName(entry.entityCode, line),
    amount: hledgerAmount(line.debitMinor - line.creditMinor, entry.minorUnitDigits, entry.currency),
    comment: postingComment(entry, line),
  }));
  const accountWidth = Math.max(...postings.map((p) => p.account.length));
  const amountWidth = Math.max(...postings.map((p) => p.amount.length));
  for (const p of postings) out.push(`    ${p.account.padEnd(accountWidth)}  ${p.amount.padStart(amountWidth)}${p.comment}`);
  out.push("");
  return out;
}

/**
 * An hledger journal of the entries: declarations, then one transaction per entry with the
 * entry number as its code. Accounts are ENTITY:group:CODE Name so that several entities share
 * one file and hledger's account types (assets, liabilities, ...) still apply per entity.
 */
export function formatHledger(entries: readonly ExportEntry[]): string {
  const out: string[] = [
    "; Keel journal export. Amounts are in each entity's base currency; postings are debit positive.",
    "",
    ...formatDirectives(entries),
  ];
  for (const entry of entries) {
    assert(entry.lines.length > 0, `journal entry ${entry.entryNumber} has no lines`);
    out.push(...formatTransaction(entry));
  }
  return `${out.join("\n").trimEnd()}\n`;
}
