-- Certificates and portfolio (issue 12): numbered documents that anyone can
-- verify, their rendered PDFs until Telegram holds them, the numbering
-- counters, members' choices about publishing their name, and the academic
-- hours of an event's participation certificates.

-- CreateEnum
CREATE TYPE "DocumentKind" AS ENUM ('PUBLICATION', 'PARTICIPATION', 'SPEAKER', 'DIPLOMA', 'JURY');

-- AlterTable
ALTER TABLE "events" ADD COLUMN "academic_hours" SMALLINT;

-- CreateTable
CREATE TABLE "documents" (
    "id" SERIAL NOT NULL,
    "kind" "DocumentKind" NOT NULL,
    "number" VARCHAR(32) NOT NULL,
    "code" VARCHAR(16) NOT NULL,
    "holder_id" INTEGER NOT NULL,
    "source" VARCHAR(64) NOT NULL,
    "current_key" VARCHAR(100),
    "holder_name" VARCHAR(300),
    "holder_position" VARCHAR(100),
    "holder_school" VARCHAR(200),
    "title" VARCHAR(500) NOT NULL,
    "details" JSONB NOT NULL,
    "hours" SMALLINT,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "sha256" CHAR(64),
    "file_size" INTEGER,
    "file_id" VARCHAR(255),
    "rendered_at" TIMESTAMPTZ(3),
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "notified_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_cause" VARCHAR(32),
    "revoked_reason" VARCHAR(500),
    "revoked_by_id" INTEGER,
    "replaced_by_id" INTEGER,
    "holder_erased_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "document_files" (
    "document_id" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "document_files_pkey" PRIMARY KEY ("document_id")
);

-- CreateTable
CREATE TABLE "document_counters" (
    "kind" "DocumentKind" NOT NULL,
    "year" SMALLINT NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "document_counters_pkey" PRIMARY KEY ("kind","year")
);

-- CreateTable
CREATE TABLE "portfolio_settings" (
    "member_id" INTEGER NOT NULL,
    "name_consent_at" TIMESTAMPTZ(3),
    "name_consent_version" VARCHAR(32),
    "public_slug" VARCHAR(32),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "portfolio_settings_pkey" PRIMARY KEY ("member_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "documents_number_key" ON "documents"("number");

-- CreateIndex
CREATE UNIQUE INDEX "documents_code_key" ON "documents"("code");

-- CreateIndex
CREATE UNIQUE INDEX "documents_current_key_key" ON "documents"("current_key");

-- CreateIndex
CREATE INDEX "documents_holder_id_issued_at_idx" ON "documents"("holder_id", "issued_at");

-- CreateIndex
CREATE INDEX "documents_source_kind_idx" ON "documents"("source", "kind");

-- CreateIndex
CREATE INDEX "documents_notified_at_due_at_idx" ON "documents"("notified_at", "due_at");

-- CreateIndex
CREATE UNIQUE INDEX "portfolio_settings_public_slug_key" ON "portfolio_settings"("public_slug");

-- AddForeignKey
ALTER TABLE "documents" ADD CONSTRAINT "documents_holder_id_fkey" FOREIGN KEY ("holder_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "documents" ADD CONSTRAINT "documents_revoked_by_id_fkey" FOREIGN KEY ("revoked_by_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "documents" ADD CONSTRAINT "documents_replaced_by_id_fkey" FOREIGN KEY ("replaced_by_id") REFERENCES "documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document_files" ADD CONSTRAINT "document_files_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "portfolio_settings" ADD CONSTRAINT "portfolio_settings_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;
