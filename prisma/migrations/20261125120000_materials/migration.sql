-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateEnum
CREATE TYPE "MaterialStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'CHANGES_REQUESTED', 'WITHDRAWN', 'UNPUBLISHED');

-- CreateEnum
CREATE TYPE "MaterialType" AS ENUM ('LESSON_PLAN', 'PRESENTATION', 'WORKSHEET', 'TEST', 'WORK_PROGRAMME', 'METHODOLOGICAL_DEVELOPMENT', 'EVENT_SCRIPT', 'ARTICLE', 'VIDEO_LESSON', 'OTHER');

-- CreateEnum
CREATE TYPE "MaterialKind" AS ENUM ('DOCUMENT', 'PHOTO', 'VIDEO', 'AUDIO', 'LINK');

-- Full-text document of a material. Written by hand (Prisma cannot express
-- generated columns): array_to_string is only STABLE, so a generated column
-- needs this IMMUTABLE wrapper. The 'russian' configuration stems Russian
-- words with the Russian snowball stemmer and Latin words with the English one.
CREATE FUNCTION "materials_search_document"("title" TEXT, "tags" TEXT[], "description" TEXT) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('russian'::regconfig, coalesce("title", '')), 'A')
        || setweight(to_tsvector('russian'::regconfig, coalesce(array_to_string("tags", ' '), '')), 'B')
        || setweight(to_tsvector('russian'::regconfig, coalesce("description", '')), 'C')
$$;

-- CreateTable
CREATE TABLE "materials" (
    "id" SERIAL NOT NULL,
    "author_id" INTEGER NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "description" VARCHAR(2000) NOT NULL DEFAULT '',
    "subject_code" VARCHAR(32) NOT NULL,
    "grade_codes" VARCHAR(16)[],
    "type" "MaterialType" NOT NULL,
    "tags" VARCHAR(40)[],
    "kind" "MaterialKind" NOT NULL,
    "file_id" VARCHAR(255),
    "file_unique_id" VARCHAR(64),
    "file_name" VARCHAR(255),
    "mime_type" VARCHAR(127),
    "file_size" INTEGER,
    "url" VARCHAR(2048),
    "status" "MaterialStatus" NOT NULL DEFAULT 'PENDING',
    "moderator_note" VARCHAR(1000),
    "moderated_by_id" INTEGER,
    "moderated_at" TIMESTAMPTZ(3),
    "published_at" TIMESTAMPTZ(3),
    "hidden_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "view_count" INTEGER NOT NULL DEFAULT 0,
    "download_count" INTEGER NOT NULL DEFAULT 0,
    "rating_sum" INTEGER NOT NULL DEFAULT 0,
    "rating_count" INTEGER NOT NULL DEFAULT 0,
    "comment_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "search_vector" tsvector GENERATED ALWAYS AS ("materials_search_document"("title", "tags"::TEXT[], "description")) STORED,

    CONSTRAINT "materials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "material_ratings" (
    "material_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "value" SMALLINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "material_ratings_pkey" PRIMARY KEY ("material_id","member_id")
);

-- CreateTable
CREATE TABLE "material_downloads" (
    "material_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "material_downloads_pkey" PRIMARY KEY ("material_id","member_id")
);

-- CreateTable
CREATE TABLE "material_comments" (
    "id" SERIAL NOT NULL,
    "material_id" INTEGER NOT NULL,
    "author_id" INTEGER NOT NULL,
    "text" VARCHAR(1000) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notified_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "deleted_by_id" INTEGER,

    CONSTRAINT "material_comments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "material_reports" (
    "id" SERIAL NOT NULL,
    "material_id" INTEGER NOT NULL,
    "comment_id" INTEGER,
    "reporter_id" INTEGER NOT NULL,
    "reason" VARCHAR(500) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by_id" INTEGER,

    CONSTRAINT "material_reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "material_search_words" (
    "word" VARCHAR(40) NOT NULL,

    CONSTRAINT "material_search_words_pkey" PRIMARY KEY ("word")
);

-- CreateIndex
CREATE INDEX "materials_author_id_idx" ON "materials"("author_id");

-- CreateIndex
CREATE INDEX "materials_status_published_at_idx" ON "materials"("status", "published_at");

-- CreateIndex
CREATE INDEX "materials_subject_code_status_published_at_idx" ON "materials"("subject_code", "status", "published_at");

-- CreateIndex
CREATE INDEX "materials_subject_code_type_status_published_at_idx" ON "materials"("subject_code", "type", "status", "published_at");

-- CreateIndex
CREATE INDEX "materials_status_download_count_idx" ON "materials"("status", "download_count");

-- CreateIndex
CREATE INDEX "materials_subject_code_status_download_count_idx" ON "materials"("subject_code", "status", "download_count");

-- CreateIndex
CREATE INDEX "materials_search_vector_idx" ON "materials" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "material_search_words_word_idx" ON "material_search_words" USING GIN ("word" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "material_comments_material_id_created_at_idx" ON "material_comments"("material_id", "created_at");

-- CreateIndex
CREATE INDEX "material_reports_material_id_resolved_at_idx" ON "material_reports"("material_id", "resolved_at");

-- CreateIndex
CREATE INDEX "material_reports_resolved_at_created_at_idx" ON "material_reports"("resolved_at", "created_at");

-- AddForeignKey
ALTER TABLE "materials" ADD CONSTRAINT "materials_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "materials" ADD CONSTRAINT "materials_moderated_by_id_fkey" FOREIGN KEY ("moderated_by_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "materials" ADD CONSTRAINT "materials_subject_code_fkey" FOREIGN KEY ("subject_code") REFERENCES "subjects"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "material_ratings" ADD CONSTRAINT "material_ratings_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "materials"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "material_ratings" ADD CONSTRAINT "material_ratings_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "material_downloads" ADD CONSTRAINT "material_downloads_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "materials"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "material_downloads" ADD CONSTRAINT "material_downloads_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "material_comments" ADD CONSTRAINT "material_comments_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "materials"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "material_comments" ADD CONSTRAINT "material_comments_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "material_reports" ADD CONSTRAINT "material_reports_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "materials"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "material_reports" ADD CONSTRAINT "material_reports_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "material_comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "material_reports" ADD CONSTRAINT "material_reports_reporter_id_fkey" FOREIGN KEY ("reporter_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "material_reports" ADD CONSTRAINT "material_reports_resolved_by_id_fkey" FOREIGN KEY ("resolved_by_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Written by hand (Prisma cannot express triggers): keeps material_search_words,
-- the vocabulary search corrects typos against, in step with the approved
-- materials. Words are inserted in order, so that two approvals sharing new
-- words cannot deadlock, and never removed: a stale word only makes a
-- correction find nothing.
CREATE FUNCTION "materials_collect_search_words"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "material_search_words" ("word")
    SELECT DISTINCT w."word"
      FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig,
               NEW."title" || ' ' || coalesce(array_to_string(NEW."tags", ' '), '')))) AS w("word")
     WHERE char_length(w."word") BETWEEN 3 AND 40 AND w."word" !~ '[0-9_./:@-]'
     ORDER BY w."word"
    ON CONFLICT ("word") DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER "materials_collect_search_words"
    AFTER INSERT OR UPDATE OF "title", "tags", "status" ON "materials"
    FOR EACH ROW WHEN (NEW."status" = 'APPROVED')
    EXECUTE FUNCTION "materials_collect_search_words"();
