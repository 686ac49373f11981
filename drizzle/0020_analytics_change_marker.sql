-- Analytics change marker: every table the analytics store mirrors carries the id of the
-- top-level transaction that wrote each row version (change_xid, xid8), set by a trigger on insert
-- and update and indexed, so an incremental refresh reads only the row versions its previous
-- snapshot could not see through an index range scan instead of scanning whole tables by xmin.
-- The top-level id also fixes rows written in savepoints: their xmin is a subtransaction id,
-- which a pg_snapshot's in-progress list never names (see analytics/README.md, "Watermark").
create or replace function keel_mark_change() returns trigger language plpgsql as $$
begin
  new.change_xid := pg_current_xact_id();
  return new;
end
$$;
--> statement-breakpoint
alter table "legal_entity" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "legal_entity_mark_change" before insert or update on "legal_entity" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "legal_entity_change_xid_idx" on "legal_entity" using btree ("change_xid");
--> statement-breakpoint
alter table "item_category" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "item_category_mark_change" before insert or update on "item_category" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "item_category_change_xid_idx" on "item_category" using btree ("change_xid");
--> statement-breakpoint
alter table "item" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "item_mark_change" before insert or update on "item" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "item_change_xid_idx" on "item" using btree ("change_xid");
--> statement-breakpoint
alter table "customer" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "customer_mark_change" before insert or update on "customer" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "customer_change_xid_idx" on "customer" using btree ("change_xid");
--> statement-breakpoint
alter table "supplier" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "supplier_mark_change" before insert or update on "supplier" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "supplier_change_xid_idx" on "supplier" using btree ("change_xid");
--> statement-breakpoint
alter table "warehouse" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "warehouse_mark_change" before insert or update on "warehouse" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "warehouse_change_xid_idx" on "warehouse" using btree ("change_xid");
--> statement-breakpoint
alter table "exchange_rate" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "exchange_rate_mark_change" before insert or update on "exchange_rate" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "exchange_rate_change_xid_idx" on "exchange_rate" using btree ("change_xid");
--> statement-breakpoint
alter table "account" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "account_mark_change" before insert or update on "account" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "account_change_xid_idx" on "account" using btree ("change_xid");
--> statement-breakpoint
alter table "account_rule" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "account_rule_mark_change" before insert or update on "account_rule" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "account_rule_change_xid_idx" on "account_rule" using btree ("change_xid");
--> statement-breakpoint
alter table "fiscal_period" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "fiscal_period_mark_change" before insert or update on "fiscal_period" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "fiscal_period_change_xid_idx" on "fiscal_period" using btree ("change_xid");
--> statement-breakpoint
alter table "period_close" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "period_close_mark_change" before insert or update on "period_close" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "period_close_change_xid_idx" on "period_close" using btree ("change_xid");
--> statement-breakpoint
alter table "sales_order" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "sales_order_mark_change" before insert or update on "sales_order" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "sales_order_change_xid_idx" on "sales_order" using btree ("change_xid");
--> statement-breakpoint
alter table "sales_order_line" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "sales_order_line_mark_change" before insert or update on "sales_order_line" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "sales_order_line_change_xid_idx" on "sales_order_line" using btree ("change_xid");
--> statement-breakpoint
alter table "shipment" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "shipment_mark_change" before insert or update on "shipment" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "shipment_change_xid_idx" on "shipment" using btree ("change_xid");
--> statement-breakpoint
alter table "shipment_line" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "shipment_line_mark_change" before insert or update on "shipment_line" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "shipment_line_change_xid_idx" on "shipment_line" using btree ("change_xid");
--> statement-breakpoint
alter table "purchase_order" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "purchase_order_mark_change" before insert or update on "purchase_order" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "purchase_order_change_xid_idx" on "purchase_order" using btree ("change_xid");
--> statement-breakpoint
alter table "purchase_order_line" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "purchase_order_line_mark_change" before insert or update on "purchase_order_line" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "purchase_order_line_change_xid_idx" on "purchase_order_line" using btree ("change_xid");
--> statement-breakpoint
alter table "purchase_receipt" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "purchase_receipt_mark_change" before insert or update on "purchase_receipt" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "purchase_receipt_change_xid_idx" on "purchase_receipt" using btree ("change_xid");
--> statement-breakpoint
alter table "purchase_receipt_line" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "purchase_receipt_line_mark_change" before insert or update on "purchase_receipt_line" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "purchase_receipt_line_change_xid_idx" on "purchase_receipt_line" using btree ("change_xid");
--> statement-breakpoint
alter table "inventory_document" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "inventory_document_mark_change" before insert or update on "inventory_document" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "inventory_document_change_xid_idx" on "inventory_document" using btree ("change_xid");
--> statement-breakpoint
alter table "journal_entry" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "journal_entry_mark_change" before insert or update on "journal_entry" for each row execute function keel_mark_change();
--> statement-breakpoint
create index "journal_entry_change_xid_idx" on "journal_entry" using btree ("change_xid");
--> statement-breakpoint
alter table "journal_line" add column "change_xid" xid8 not null default pg_current_xact_id();
--> statement-breakpoint
create trigger "journal_line_mark_change" before insert or update on "journal_line" for each row execute function keel_mark_change();
