export const LIST_PAGE_SIZE_DEFAULT = 50;
export const LIST_PAGE_SIZE_MAX = 200;
export const SEARCH_LENGTH_MAX = 200;
export const CHANGES_LIMIT_DEFAULT = 50;
export const CHANGES_LIMIT_MAX = 500;
export const FILTERS_MAX = 20;
/** Conversions that may be created together with an item. */
export const ITEM_CONVERSIONS_MAX = 20;
export const CODE_LENGTH_MAX = 40;
export const SKU_LENGTH_MAX = 64;
export const NAME_LENGTH_MAX = 200;
export const TEXT_LENGTH_MAX = 400;
export const LEAD_TIME_DAYS_MAX = 730;
export const DUE_DAYS_MAX = 3650;
