-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('QUEUED', 'SENDING', 'SENT', 'BLOCKED', 'FAILED', 'SKIPPED');

-- CreateTable
CREATE TABLE "deliveries" (
    "id" SERIAL NOT NULL,
    "kind" VARCHAR(64) NOT NULL,
    "ref_id" VARCHAR(128) NOT NULL,
    "member_id" INTEGER NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" VARCHAR(500),
    "telegram_message_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "deliveries_kind_ref_id_status_idx" ON "deliveries"("kind", "ref_id", "status");

-- CreateIndex
CREATE INDEX "deliveries_member_id_idx" ON "deliveries"("member_id");

-- CreateIndex
CREATE UNIQUE INDEX "deliveries_kind_ref_id_member_id_key" ON "deliveries"("kind", "ref_id", "member_id");

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;
