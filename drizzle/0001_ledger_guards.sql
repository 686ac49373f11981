-- Ledger guards enforced by the database itself, so that no code path (a bug, a script,
-- a console session) can break the rules the posting engine already checks.

-- 1. Posted journal entries and lines are append-only: corrections are reversal entries.
CREATE FUNCTION keel_refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'LEDGER_APPEND_ONLY: % on % is not allowed; post a reversal instead', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'KL001';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER journal_entry_append_only BEFORE UPDATE OR DELETE ON journal_entry
  FOR EACH ROW EXECUTE FUNCTION keel_refuse_ledger_change();
--> statement-breakpoint
CREATE TRIGGER journal_entry_no_truncate BEFORE TRUNCATE ON journal_entry
  FOR EACH STATEMENT EXECUTE FUNCTION keel_refuse_ledger_change();
--> statement-breakpoint
CREATE TRIGGER journal_line_append_only BEFORE UPDATE OR DELETE ON journal_line
  FOR EACH ROW EXECUTE FUNCTION keel_refuse_ledger_change();
--> statement-breakpoint
CREATE TRIGGER journal_line_no_truncate BEFORE TRUNCATE ON journal_line
  FOR EACH STATEMENT EXECUTE FUNCTION keel_refuse_ledger_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION keel_refuse_ledger_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION keel_refuse_ledger_change();
--> statement-breakpoint

-- 2. A journal entry goes only into an open period of its own entity that contains its date.
CREATE FUNCTION keel_check_entry_period() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p fiscal_period%ROWTYPE;
BEGIN
  SELECT * INTO p FROM fiscal_period WHERE id = NEW.period_id FOR SHARE;
  IF p.entity_id <> NEW.entity_id OR NEW.posting_date < p.start_date OR NEW.posting_date > p.end_date THEN
    RAISE EXCEPTION 'LEDGER_PERIOD_MISMATCH: entry dated % does not belong to period %', NEW.posting_date, p.code
      USING ERRCODE = 'KL002';
  END IF;
  IF p.status = 'closed' THEN
    RAISE EXCEPTION 'LEDGER_PERIOD_CLOSED: period % is closed', p.code USING ERRCODE = 'KL003';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER journal_entry_period_open BEFORE INSERT ON journal_entry
  FOR EACH ROW EXECUTE FUNCTION keel_check_entry_period();
--> statement-breakpoint

-- 3. Lines belong to their entry's entity, and every entry balances at commit, in base
--    currency and per document currency.
CREATE FUNCTION keel_check_line_entity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM journal_entry e WHERE e.id = NEW.entry_id AND e.entity_id = NEW.entity_id) THEN
    RAISE EXCEPTION 'LEDGER_LINE_ENTITY_MISMATCH: line entity differs from its entry' USING ERRCODE = 'KL004';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM account a WHERE a.id = NEW.account_id AND a.entity_id = NEW.entity_id) THEN
    RAISE EXCEPTION 'LEDGER_ACCOUNT_ENTITY_MISMATCH: account % is not in entity %', NEW.account_id, NEW.entity_id
      USING ERRCODE = 'KL004';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER journal_line_entity_check BEFORE INSERT ON journal_line
  FOR EACH ROW EXECUTE FUNCTION keel_check_line_entity();
--> statement-breakpoint
CREATE FUNCTION keel_check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  base_difference numeric;
  document_difference numeric;
BEGIN
  SELECT coalesce(sum(debit_minor - credit_minor), 0) INTO base_difference
    FROM journal_line WHERE entry_id = NEW.entry_id;
  IF base_difference <> 0 THEN
    RAISE EXCEPTION 'LEDGER_ENTRY_UNBALANCED: entry % is off by % minor units', NEW.entry_id, base_difference
      USING ERRCODE = 'KL005';
  END IF;
  SELECT coalesce(max(abs(d)), 0) INTO document_difference FROM (
    SELECT sum(document_debit_minor - document_credit_minor) AS d
      FROM journal_line WHERE entry_id = NEW.entry_id GROUP BY document_currency) per_currency;
  IF document_difference <> 0 THEN
    RAISE EXCEPTION 'LEDGER_ENTRY_UNBALANCED: entry % does not balance in its document currency', NEW.entry_id
      USING ERRCODE = 'KL005';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER journal_line_balanced AFTER INSERT ON journal_line
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION keel_check_entry_balanced();
