-- Visible materials per subject, kept exact by PostgreSQL itself (issue 9, item 8).
--
-- The library menu shows «Математика (12)». Counting a million rows per menu
-- takes 0.8–1.8 s, and a per-process cache went stale for a minute after a
-- material was hidden or unpublished (other processes never heard of it). Now
-- every statement that changes materials records how it moved the counts, in
-- the same transaction, whichever code path or process ran it (moderation,
-- reports, erasure, a manual UPDATE); the menu sums a few dozen rows.
--
-- Visible = approved, published, not hidden after reports, not deleted: the
-- same condition as VISIBLE in src/features/materials/materials.search.ts.
--
-- How, and why so:
-- - Statement-level triggers with transition tables: a statement touching many
--   rows (a bulk load, an erasure) writes one row per subject it moved. An
--   UPDATE that moves no count (views, downloads, ratings) writes nothing.
--   (PostgreSQL does not allow UPDATE OF columns with transition tables.)
-- - Insert-only: a trigger appends (subject, delta) rows and never updates a
--   shared counter row. A counter row per subject would be locked from the
--   change until its transaction commits, so every change of a subject would
--   wait for the previous one, and two transactions changing two subjects in
--   opposite order deadlocked (reproduced in test/integration/materials-search).
-- - Folding: now and then (one trigger run in eight) the deltas are summed
--   into one row per subject, by at most one transaction at a time
--   (pg_try_advisory_xact_lock: the others just skip folding, nobody waits),
--   and only under READ COMMITTED, where deleting rows another folder deleted
--   and committed is not an error. Readers sum what is there: a fold replaces
--   rows by their sum atomically, so every snapshot adds up to the same counts.

-- CreateTable
CREATE TABLE "material_subject_counts" (
    "id" BIGSERIAL NOT NULL,
    "subject_code" VARCHAR(32) NOT NULL,
    "delta" INTEGER NOT NULL,

    CONSTRAINT "material_subject_counts_pkey" PRIMARY KEY ("id")
);

CREATE FUNCTION "materials_count_visible"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    "moved" INTEGER := 0;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM "material_subject_counts";
        RETURN NULL;
    END IF;
    -- plpgsql plans each statement when it first runs, so a branch may name a
    -- transition table that only the other events have.
    IF TG_OP = 'INSERT' THEN
        INSERT INTO "material_subject_counts" ("subject_code", "delta")
        SELECT n."subject_code", count(*)::int
          FROM "new_rows" n
         WHERE n."status" = 'APPROVED' AND n."hidden_at" IS NULL AND n."deleted_at" IS NULL AND n."published_at" IS NOT NULL
         GROUP BY n."subject_code";
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO "material_subject_counts" ("subject_code", "delta")
        SELECT o."subject_code", -count(*)::int
          FROM "old_rows" o
         WHERE o."status" = 'APPROVED' AND o."hidden_at" IS NULL AND o."deleted_at" IS NULL AND o."published_at" IS NOT NULL
         GROUP BY o."subject_code";
    ELSE
        INSERT INTO "material_subject_counts" ("subject_code", "delta")
        SELECT d."subject_code", sum(d."delta")::int
          FROM (SELECT n."subject_code", 1 AS "delta"
                  FROM "new_rows" n
                 WHERE n."status" = 'APPROVED' AND n."hidden_at" IS NULL AND n."deleted_at" IS NULL AND n."published_at" IS NOT NULL
                UNION ALL
                SELECT o."subject_code", -1
                  FROM "old_rows" o
                 WHERE o."status" = 'APPROVED' AND o."hidden_at" IS NULL AND o."deleted_at" IS NULL AND o."published_at" IS NOT NULL) AS d
         GROUP BY d."subject_code"
        HAVING sum(d."delta") <> 0;
    END IF;
    GET DIAGNOSTICS "moved" = ROW_COUNT;

    IF "moved" > 0 AND random() < 0.125
       AND current_setting('transaction_isolation') = 'read committed'
       AND pg_try_advisory_xact_lock('material_subject_counts'::regclass::oid::int, 0) THEN
        WITH "folded" AS (DELETE FROM "material_subject_counts" RETURNING "subject_code", "delta")
        INSERT INTO "material_subject_counts" ("subject_code", "delta")
        SELECT f."subject_code", sum(f."delta")::int
          FROM "folded" f
         GROUP BY f."subject_code"
        HAVING sum(f."delta") <> 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "materials_count_visible_insert"
    AFTER INSERT ON "materials" REFERENCING NEW TABLE AS "new_rows"
    FOR EACH STATEMENT EXECUTE FUNCTION "materials_count_visible"();

CREATE TRIGGER "materials_count_visible_update"
    AFTER UPDATE ON "materials" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows"
    FOR EACH STATEMENT EXECUTE FUNCTION "materials_count_visible"();

CREATE TRIGGER "materials_count_visible_delete"
    AFTER DELETE ON "materials" REFERENCING OLD TABLE AS "old_rows"
    FOR EACH STATEMENT EXECUTE FUNCTION "materials_count_visible"();

CREATE TRIGGER "materials_count_visible_truncate"
    AFTER TRUNCATE ON "materials"
    FOR EACH STATEMENT EXECUTE FUNCTION "materials_count_visible"();

-- The counts of the materials that exist already. CREATE TRIGGER took a lock
-- that keeps writers out until this migration commits (the runner wraps it in
-- one transaction); stated here so that the count cannot miss a write.
LOCK TABLE "materials" IN SHARE ROW EXCLUSIVE MODE;
INSERT INTO "material_subject_counts" ("subject_code", "delta")
SELECT "subject_code", count(*)::int
  FROM "materials"
 WHERE "status" = 'APPROVED' AND "hidden_at" IS NULL AND "deleted_at" IS NULL AND "published_at" IS NOT NULL
 GROUP BY "subject_code";
