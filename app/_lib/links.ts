/** Where a journal entry's source document lives in the app, or null when it has no page. */
export function sourceHref(sourceType: string, sourceId: number | null): string | null {
  if (sourceId === null) return null;
  switch (sourceType) {
    case "inventory_document":
      return `/inventory/documents/${sourceId}`;
    case "journal_entry":
      return `/ledger/entries/${sourceId}`;
    default:
      return null;
  }
}

export function sourceLabel(sourceType: string): string {
  switch (sourceType) {
    case "inventory_document":
      return "Inventory document";
    case "journal_entry":
      return "Reversed journal entry";
    default:
      return sourceType.replaceAll("_", " ");
  }
}

export function masterHref(kind: string, key: string | number): string {
  return `/masters/${kind}/${encodeURIComponent(String(key))}`;
}
