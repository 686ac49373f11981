export const EXCEPTION_TITLE_LENGTH_MAX = 200;
export const EXCEPTION_EXPLANATION_LENGTH_MAX = 4_000;
export const EXCEPTION_LINKS_MAX = 200;
export const EXCEPTION_LINK_LABEL_LENGTH_MAX = 200;
export const EXCEPTION_DEDUPE_KEY_LENGTH_MAX = 200;
export const EXCEPTION_REASON_LENGTH_MIN = 3;
export const EXCEPTION_REASON_LENGTH_MAX = 2_000;
/** One bulk assignment touches at most this many items (one page of the queue, with room). */
export const EXCEPTION_BULK_ASSIGN_MAX = 500;
export const EXCEPTION_PAGE_SIZE_DEFAULT = 50;
export const EXCEPTION_PAGE_SIZE_MAX = 200;
export const EXCEPTION_SEARCH_LENGTH_MAX = 200;
/** Due times beyond a year are a mistake in a kind's configuration, not a queue policy. */
export const EXCEPTION_DUE_HOURS_MAX = 24 * 366;
