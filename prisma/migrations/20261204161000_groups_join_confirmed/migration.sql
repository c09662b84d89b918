-- AlterTable
ALTER TABLE "group_join_requests" ADD COLUMN "confirmed_at" TIMESTAMPTZ(3);

-- Decisions made before this column existed were carried out.
UPDATE "group_join_requests" SET "confirmed_at" = "decided_at" WHERE "status" <> 'PENDING';

-- CreateIndex
CREATE INDEX "group_join_requests_confirmed_at_idx" ON "group_join_requests"("confirmed_at");
