-- Contests: the organisers may remove an entry from a contest by hand (a
-- duplicate, a broken rule), with a reason the author is told. Set only for
-- such removals; the jury's authorship majority leaves it NULL.

-- AlterTable
ALTER TABLE "contest_entries" ADD COLUMN "disqualification_reason" VARCHAR(500);
