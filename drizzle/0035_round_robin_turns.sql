-- Issue 15: a round-robin rule no longer serializes the creations it matches. Its pointer was
-- a row of assignment_rules locked FOR UPDATE and rewritten in the creation's transaction, so
-- every creation the rule matched waited for the one before to commit (its emails, webhooks
-- and the commit itself): measured -74 % creations per second under load. A turn is now
-- nextval() of a sequence of the rule's own: no lock held until commit, and turns are handed
-- out once each even under concurrency (a rolled-back creation only skips one).
-- The sequences live in schema app, made on a rule's first turn and dropped with the rule.
ALTER TABLE public.assignment_rules DROP COLUMN last_assignee_id;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.assignment_turn_sequence(p_rule_id uuid) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = ''
AS $$ SELECT 'app.assignment_turns_' || replace(p_rule_id::text, '-', '') $$;
--> statement-breakpoint
-- The rule's next turn (1, 2, 3…), or NULL when the rule is gone or disabled. Service role only:
-- the creation's engine.
CREATE OR REPLACE FUNCTION app.next_assignment_turn(p_rule_id uuid) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_sequence text := app.assignment_turn_sequence(p_rule_id);
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.assignment_rules r WHERE r.id = p_rule_id AND r.is_active) THEN
    RETURN NULL;
  END IF;
  IF to_regclass(v_sequence) IS NULL THEN
    -- The rule's first turn: one creator makes the sequence, the others wait for it (once).
    PERFORM pg_advisory_xact_lock(hashtextextended('assignment_turns:' || p_rule_id::text, 0));
    IF to_regclass(v_sequence) IS NULL THEN
      EXECUTE format('CREATE SEQUENCE %s AS bigint MINVALUE 1', v_sequence);
    END IF;
  END IF;
  RETURN nextval(v_sequence::regclass);
END
$$;
--> statement-breakpoint
-- The turn the next creation would take, without taking it (the rules page's dry-run).
CREATE OR REPLACE FUNCTION app.peek_assignment_turn(p_rule_id uuid) RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_sequence text := app.assignment_turn_sequence(p_rule_id);
  v_next bigint;
BEGIN
  IF to_regclass(v_sequence) IS NULL THEN
    RETURN 1;
  END IF;
  EXECUTE format('SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM %s', v_sequence)
    INTO v_next;
  RETURN v_next;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.drop_assignment_turns() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
BEGIN
  EXECUTE format('DROP SEQUENCE IF EXISTS %s', app.assignment_turn_sequence(OLD.id));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER assignment_rules_drop_turns AFTER DELETE ON public.assignment_rules
  FOR EACH ROW EXECUTE FUNCTION app.drop_assignment_turns();
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.assignment_turn_sequence(uuid), app.next_assignment_turn(uuid),
  app.peek_assignment_turn(uuid), app.drop_assignment_turns() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.next_assignment_turn(uuid) TO service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.peek_assignment_turn(uuid) TO authenticated, service_role;
