-- Contests (issue 13): nominations, a rubric, entries with their files, the
-- jury and its reviews, the audience vote with its raw log, and the results
-- protocol as a new kind of document.

-- AlterEnum
ALTER TYPE "DocumentKind" ADD VALUE 'PROTOCOL';

-- CreateEnum
CREATE TYPE "ContestStatus" AS ENUM ('SCHEDULED', 'OPEN', 'JUDGING', 'CONFIRMING', 'PUBLISHED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ContestEntryStatus" AS ENUM ('SUBMITTED', 'WITHDRAWN', 'DISQUALIFIED');

-- CreateEnum
CREATE TYPE "ContestReviewStatus" AS ENUM ('ASSIGNED', 'SUBMITTED', 'CONFLICT');

-- CreateEnum
CREATE TYPE "ContestAward" AS ENUM ('WINNER', 'PRIZE_WINNER', 'PARTICIPANT');

-- CreateTable
CREATE TABLE "contests" (
    "id" SERIAL NOT NULL,
    "organiser_id" INTEGER NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "description" VARCHAR(2000) NOT NULL DEFAULT '',
    "rules" VARCHAR(3000) NOT NULL DEFAULT '',
    "rules_file_id" VARCHAR(255),
    "rules_file_name" VARCHAR(255),
    "timezone" VARCHAR(64) NOT NULL,
    "submission_opens_at" TIMESTAMPTZ(3) NOT NULL,
    "submission_closes_at" TIMESTAMPTZ(3) NOT NULL,
    "judging_closes_at" TIMESTAMPTZ(3) NOT NULL,
    "results_at" TIMESTAMPTZ(3) NOT NULL,
    "formats" VARCHAR(8)[],
    "max_files" SMALLINT NOT NULL DEFAULT 1,
    "file_families" VARCHAR(16)[],
    "max_file_mb" SMALLINT NOT NULL DEFAULT 50,
    "reviews_per_entry" SMALLINT NOT NULL DEFAULT 3,
    "juror_cap" SMALLINT,
    "prize_places" SMALLINT NOT NULL DEFAULT 2,
    "audience_vote" BOOLEAN NOT NULL DEFAULT false,
    "broadcast_phases" BOOLEAN NOT NULL DEFAULT false,
    "status" "ContestStatus" NOT NULL DEFAULT 'SCHEDULED',
    "last_entry_number" INTEGER NOT NULL DEFAULT 0,
    "results_computed_at" TIMESTAMPTZ(3),
    "confirmed_at" TIMESTAMPTZ(3),
    "confirmed_by_id" INTEGER,
    "published_at" TIMESTAMPTZ(3),
    "documents_issued_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contest_nominations" (
    "id" SERIAL NOT NULL,
    "contest_id" INTEGER NOT NULL,
    "position" SMALLINT NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "subject_codes" VARCHAR(32)[],
    "grade_codes" VARCHAR(16)[],

    CONSTRAINT "contest_nominations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contest_criteria" (
    "id" SERIAL NOT NULL,
    "contest_id" INTEGER NOT NULL,
    "position" SMALLINT NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "max_points" SMALLINT NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "pass_fail" BOOLEAN NOT NULL DEFAULT false,
    "tie_break" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "contest_criteria_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contest_entries" (
    "id" SERIAL NOT NULL,
    "contest_id" INTEGER NOT NULL,
    "nomination_id" INTEGER NOT NULL,
    "author_id" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "description" VARCHAR(1000) NOT NULL DEFAULT '',
    "link" VARCHAR(2048),
    "text" VARCHAR(3500),
    "status" "ContestEntryStatus" NOT NULL DEFAULT 'SUBMITTED',
    "declared_at" TIMESTAMPTZ(3) NOT NULL,
    "duplicate_of" VARCHAR(64),
    "withdrawn_at" TIMESTAMPTZ(3),
    "score" DOUBLE PRECISION,
    "tie_break_score" DOUBLE PRECISION,
    "chair_rank" SMALLINT,
    "place" SMALLINT,
    "award" "ContestAward",
    "audience_votes" INTEGER,
    "audience_prize" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contest_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contest_entry_files" (
    "id" SERIAL NOT NULL,
    "entry_id" INTEGER NOT NULL,
    "position" SMALLINT NOT NULL,
    "file_id" VARCHAR(255) NOT NULL,
    "file_unique_id" VARCHAR(64) NOT NULL,
    "file_name" VARCHAR(255) NOT NULL,
    "mime_type" VARCHAR(127) NOT NULL,
    "file_size" INTEGER NOT NULL,

    CONSTRAINT "contest_entry_files_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contest_jurors" (
    "contest_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "chair" BOOLEAN NOT NULL DEFAULT false,
    "appointed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reminded_at" TIMESTAMPTZ(3),

    CONSTRAINT "contest_jurors_pkey" PRIMARY KEY ("contest_id","member_id")
);

-- CreateTable
CREATE TABLE "contest_reviews" (
    "id" SERIAL NOT NULL,
    "contest_id" INTEGER NOT NULL,
    "entry_id" INTEGER NOT NULL,
    "juror_id" INTEGER NOT NULL,
    "status" "ContestReviewStatus" NOT NULL DEFAULT 'ASSIGNED',
    "scores" JSONB NOT NULL DEFAULT '{}',
    "comment" VARCHAR(1000),
    "total" DOUBLE PRECISION,
    "outlier" BOOLEAN NOT NULL DEFAULT false,
    "assigned_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submitted_at" TIMESTAMPTZ(3),
    "conflict_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contest_reviews_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contest_votes" (
    "nomination_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "contest_id" INTEGER NOT NULL,
    "entry_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contest_votes_pkey" PRIMARY KEY ("nomination_id","member_id")
);

-- CreateTable
CREATE TABLE "contest_vote_log" (
    "id" BIGSERIAL NOT NULL,
    "contest_id" INTEGER NOT NULL,
    "entry_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "outcome" VARCHAR(16) NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contest_vote_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "contests_status_submission_closes_at_idx" ON "contests"("status", "submission_closes_at");

-- CreateIndex
CREATE UNIQUE INDEX "contest_nominations_contest_id_position_key" ON "contest_nominations"("contest_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "contest_criteria_contest_id_position_key" ON "contest_criteria"("contest_id", "position");

-- CreateIndex
CREATE INDEX "contest_entries_author_id_idx" ON "contest_entries"("author_id");

-- CreateIndex
CREATE INDEX "contest_entries_contest_id_nomination_id_status_idx" ON "contest_entries"("contest_id", "nomination_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "contest_entries_contest_id_number_key" ON "contest_entries"("contest_id", "number");

-- CreateIndex
CREATE INDEX "contest_entry_files_file_unique_id_idx" ON "contest_entry_files"("file_unique_id");

-- CreateIndex
CREATE UNIQUE INDEX "contest_entry_files_entry_id_position_key" ON "contest_entry_files"("entry_id", "position");

-- CreateIndex
CREATE INDEX "contest_jurors_member_id_idx" ON "contest_jurors"("member_id");

-- CreateIndex
CREATE INDEX "contest_reviews_contest_id_juror_id_status_idx" ON "contest_reviews"("contest_id", "juror_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "contest_reviews_entry_id_juror_id_key" ON "contest_reviews"("entry_id", "juror_id");

-- CreateIndex
CREATE INDEX "contest_votes_entry_id_created_at_idx" ON "contest_votes"("entry_id", "created_at");

-- CreateIndex
CREATE INDEX "contest_vote_log_at_idx" ON "contest_vote_log"("at");

-- CreateIndex
CREATE INDEX "contest_vote_log_member_id_idx" ON "contest_vote_log"("member_id");

-- AddForeignKey
ALTER TABLE "contests" ADD CONSTRAINT "contests_organiser_id_fkey" FOREIGN KEY ("organiser_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contests" ADD CONSTRAINT "contests_confirmed_by_id_fkey" FOREIGN KEY ("confirmed_by_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contest_nominations" ADD CONSTRAINT "contest_nominations_contest_id_fkey" FOREIGN KEY ("contest_id") REFERENCES "contests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contest_criteria" ADD CONSTRAINT "contest_criteria_contest_id_fkey" FOREIGN KEY ("contest_id") REFERENCES "contests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contest_entries" ADD CONSTRAINT "contest_entries_contest_id_fkey" FOREIGN KEY ("contest_id") REFERENCES "contests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contest_entries" ADD CONSTRAINT "contest_entries_nomination_id_fkey" FOREIGN KEY ("nomination_id") REFERENCES "contest_nominations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contest_entries" ADD CONSTRAINT "contest_entries_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contest_entry_files" ADD CONSTRAINT "contest_entry_files_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "contest_entries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contest_jurors" ADD CONSTRAINT "contest_jurors_contest_id_fkey" FOREIGN KEY ("contest_id") REFERENCES "contests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contest_jurors" ADD CONSTRAINT "contest_jurors_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contest_reviews" ADD CONSTRAINT "contest_reviews_contest_id_fkey" FOREIGN KEY ("contest_id") REFERENCES "contests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contest_reviews" ADD CONSTRAINT "contest_reviews_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "contest_entries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contest_reviews" ADD CONSTRAINT "contest_reviews_juror_id_fkey" FOREIGN KEY ("juror_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contest_votes" ADD CONSTRAINT "contest_votes_contest_id_fkey" FOREIGN KEY ("contest_id") REFERENCES "contests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contest_votes" ADD CONSTRAINT "contest_votes_nomination_id_fkey" FOREIGN KEY ("nomination_id") REFERENCES "contest_nominations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contest_votes" ADD CONSTRAINT "contest_votes_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "contest_entries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contest_votes" ADD CONSTRAINT "contest_votes_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contest_vote_log" ADD CONSTRAINT "contest_vote_log_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;
