-- The register's integrity is enforced by the database itself, not only by the code: the frozen
-- renderings and attachments of an act (bytes and SHA-256) never change nor disappear, and an
-- act's adopted content never changes. What may change on an act: the announcement of a scheduled
-- publication (once), the withdrawal and its reason (once), and the links ON DELETE SET NULL
-- clears (space, adopting user).
CREATE FUNCTION act_files_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'act_files are frozen: % refused', TG_OP USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER act_files_frozen BEFORE UPDATE OR DELETE ON act_files FOR EACH ROW EXECUTE FUNCTION act_files_frozen();
--> statement-breakpoint
CREATE TRIGGER act_files_frozen_truncate BEFORE TRUNCATE ON act_files FOR EACH STATEMENT EXECUTE FUNCTION act_files_frozen();
--> statement-breakpoint
CREATE FUNCTION acts_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'UPDATE' THEN
		RAISE EXCEPTION 'acts are part of the official register: % refused', TG_OP USING ERRCODE = 'integrity_constraint_violation';
	END IF;
	IF (NEW.id, NEW.organisation_id, NEW.document_id, NEW.version_id, NEW.type, NEW.year, NEW.number, NEW.title, NEW.subject, NEW.category,
			NEW.adopted_on, NEW.signatory_name, NEW.signatory_title, NEW.text, NEW.corrects_id, NEW.published_at, NEW.created_at)
		IS DISTINCT FROM (OLD.id, OLD.organisation_id, OLD.document_id, OLD.version_id, OLD.type, OLD.year, OLD.number, OLD.title, OLD.subject, OLD.category,
			OLD.adopted_on, OLD.signatory_name, OLD.signatory_title, OLD.text, OLD.corrects_id, OLD.published_at, OLD.created_at)
		OR (NEW.space_id IS DISTINCT FROM OLD.space_id AND NEW.space_id IS NOT NULL)
		OR (NEW.adopted_by IS DISTINCT FROM OLD.adopted_by AND NEW.adopted_by IS NOT NULL)
		OR (OLD.announced_at IS NOT NULL AND NEW.announced_at IS DISTINCT FROM OLD.announced_at)
		OR (OLD.withdrawn_at IS NOT NULL AND (NEW.withdrawn_at, NEW.withdrawal_reason) IS DISTINCT FROM (OLD.withdrawn_at, OLD.withdrawal_reason))
	THEN
		RAISE EXCEPTION 'act % is frozen: only its announcement and its withdrawal may be recorded', OLD.number USING ERRCODE = 'integrity_constraint_violation';
	END IF;
	RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER acts_frozen BEFORE UPDATE OR DELETE ON acts FOR EACH ROW EXECUTE FUNCTION acts_frozen();
--> statement-breakpoint
CREATE TRIGGER acts_frozen_truncate BEFORE TRUNCATE ON acts FOR EACH STATEMENT EXECUTE FUNCTION acts_frozen();
