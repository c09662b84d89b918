-- Subject discussion groups (issue 11): linked Telegram groups, who joined
-- them, join requests, warnings, the community's one ban list, reports of
-- group messages, announcements of materials and events, daily counts.

-- CreateEnum
CREATE TYPE "GroupJoinPolicy" AS ENUM ('REGISTERED', 'ANYONE', 'MANUAL');

-- CreateEnum
CREATE TYPE "GroupJoinRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'DECLINED');

-- CreateEnum
CREATE TYPE "GroupReportStatus" AS ENUM ('OPEN', 'DELETED', 'WARNED', 'MUTED', 'BANNED', 'DISMISSED');

-- CreateEnum
CREATE TYPE "GroupAnnouncementStatus" AS ENUM ('PENDING', 'SENT', 'DELETED', 'FAILED');

-- CreateTable
CREATE TABLE "groups" (
    "id" SERIAL NOT NULL,
    "chat_id" BIGINT NOT NULL,
    "title" VARCHAR(255) NOT NULL,
    "username" VARCHAR(64),
    "chat_type" VARCHAR(16) NOT NULL,
    "is_forum" BOOLEAN NOT NULL DEFAULT false,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "missing_rights" VARCHAR(32)[],
    "linked_at" TIMESTAMPTZ(3),
    "is_general" BOOLEAN NOT NULL DEFAULT false,
    "locale" VARCHAR(8) NOT NULL DEFAULT 'ru',
    "join_policy" "GroupJoinPolicy" NOT NULL DEFAULT 'REGISTERED',
    "invite_link" VARCHAR(255),
    "newcomer_hours" INTEGER NOT NULL DEFAULT 24,
    "flood_messages" INTEGER NOT NULL DEFAULT 5,
    "flood_seconds" INTEGER NOT NULL DEFAULT 10,
    "flood_mute_minutes" INTEGER NOT NULL DEFAULT 60,
    "welcome" BOOLEAN NOT NULL DEFAULT true,
    "announce_materials" BOOLEAN NOT NULL DEFAULT true,
    "announce_events" BOOLEAN NOT NULL DEFAULT true,
    "materials_thread_id" INTEGER,
    "events_thread_id" INTEGER,
    "questions_thread_id" INTEGER,
    "rules_message_id" INTEGER,
    "added_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "group_subjects" (
    "group_id" INTEGER NOT NULL,
    "subject_code" VARCHAR(32) NOT NULL,

    CONSTRAINT "group_subjects_pkey" PRIMARY KEY ("group_id","subject_code")
);

-- CreateTable
CREATE TABLE "group_members" (
    "group_id" INTEGER NOT NULL,
    "telegram_user_id" BIGINT NOT NULL,
    "member_id" INTEGER,
    "joined_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "left_at" TIMESTAMPTZ(3),

    CONSTRAINT "group_members_pkey" PRIMARY KEY ("group_id","telegram_user_id")
);

-- CreateTable
CREATE TABLE "group_join_requests" (
    "id" SERIAL NOT NULL,
    "group_id" INTEGER NOT NULL,
    "telegram_user_id" BIGINT NOT NULL,
    "user_chat_id" BIGINT NOT NULL,
    "member_id" INTEGER,
    "status" "GroupJoinRequestStatus" NOT NULL DEFAULT 'PENDING',
    "notices" JSONB,
    "decided_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "group_join_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "group_warnings" (
    "id" SERIAL NOT NULL,
    "telegram_user_id" BIGINT NOT NULL,
    "member_id" INTEGER,
    "group_id" INTEGER,
    "issued_by_id" INTEGER,
    "reason" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "group_warnings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "group_bans" (
    "telegram_user_id" BIGINT NOT NULL,
    "member_id" INTEGER,
    "banned_by_id" INTEGER,
    "reason" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "group_bans_pkey" PRIMARY KEY ("telegram_user_id")
);

-- CreateTable
CREATE TABLE "group_reports" (
    "id" SERIAL NOT NULL,
    "group_id" INTEGER NOT NULL,
    "message_id" INTEGER NOT NULL,
    "thread_id" INTEGER,
    "reporter_telegram_id" BIGINT NOT NULL,
    "reporter_member_id" INTEGER,
    "target_telegram_id" BIGINT NOT NULL,
    "target_member_id" INTEGER,
    "excerpt" VARCHAR(200),
    "status" "GroupReportStatus" NOT NULL DEFAULT 'OPEN',
    "notices" JSONB,
    "decided_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "group_reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "group_announcements" (
    "id" SERIAL NOT NULL,
    "group_id" INTEGER NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "ref_id" INTEGER NOT NULL,
    "thread_id" INTEGER,
    "message_id" INTEGER,
    "status" "GroupAnnouncementStatus" NOT NULL DEFAULT 'PENDING',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "group_announcements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "group_daily_stats" (
    "group_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "joins" INTEGER NOT NULL DEFAULT 0,
    "leaves" INTEGER NOT NULL DEFAULT 0,
    "messages" INTEGER NOT NULL DEFAULT 0,
    "actions" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "group_daily_stats_pkey" PRIMARY KEY ("group_id","day")
);

-- CreateIndex
CREATE UNIQUE INDEX "groups_chat_id_key" ON "groups"("chat_id");

-- CreateIndex
CREATE INDEX "group_subjects_subject_code_idx" ON "group_subjects"("subject_code");

-- CreateIndex
CREATE INDEX "group_members_member_id_idx" ON "group_members"("member_id");

-- CreateIndex
CREATE INDEX "group_members_telegram_user_id_idx" ON "group_members"("telegram_user_id");

-- CreateIndex
CREATE INDEX "group_join_requests_telegram_user_id_status_idx" ON "group_join_requests"("telegram_user_id", "status");

-- CreateIndex
CREATE INDEX "group_join_requests_status_created_at_idx" ON "group_join_requests"("status", "created_at");

-- CreateIndex
CREATE INDEX "group_join_requests_member_id_idx" ON "group_join_requests"("member_id");

-- CreateIndex
CREATE INDEX "group_join_requests_decided_by_id_idx" ON "group_join_requests"("decided_by_id");

-- CreateIndex
CREATE UNIQUE INDEX "group_join_requests_group_id_telegram_user_id_key" ON "group_join_requests"("group_id", "telegram_user_id");

-- CreateIndex
CREATE INDEX "group_warnings_telegram_user_id_expires_at_idx" ON "group_warnings"("telegram_user_id", "expires_at");

-- CreateIndex
CREATE INDEX "group_warnings_member_id_idx" ON "group_warnings"("member_id");

-- CreateIndex
CREATE INDEX "group_warnings_group_id_idx" ON "group_warnings"("group_id");

-- CreateIndex
CREATE INDEX "group_warnings_issued_by_id_idx" ON "group_warnings"("issued_by_id");

-- CreateIndex
CREATE INDEX "group_bans_member_id_idx" ON "group_bans"("member_id");

-- CreateIndex
CREATE INDEX "group_bans_banned_by_id_idx" ON "group_bans"("banned_by_id");

-- CreateIndex
CREATE INDEX "group_reports_reporter_member_id_idx" ON "group_reports"("reporter_member_id");

-- CreateIndex
CREATE INDEX "group_reports_target_member_id_idx" ON "group_reports"("target_member_id");

-- CreateIndex
CREATE INDEX "group_reports_decided_by_id_idx" ON "group_reports"("decided_by_id");

-- CreateIndex
CREATE UNIQUE INDEX "group_reports_group_id_message_id_key" ON "group_reports"("group_id", "message_id");

-- CreateIndex
CREATE INDEX "group_announcements_kind_ref_id_idx" ON "group_announcements"("kind", "ref_id");

-- CreateIndex
CREATE INDEX "group_announcements_status_created_at_idx" ON "group_announcements"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "group_announcements_group_id_kind_ref_id_key" ON "group_announcements"("group_id", "kind", "ref_id");

-- AddForeignKey
ALTER TABLE "groups" ADD CONSTRAINT "groups_added_by_id_fkey" FOREIGN KEY ("added_by_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_subjects" ADD CONSTRAINT "group_subjects_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_subjects" ADD CONSTRAINT "group_subjects_subject_code_fkey" FOREIGN KEY ("subject_code") REFERENCES "subjects"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_join_requests" ADD CONSTRAINT "group_join_requests_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_join_requests" ADD CONSTRAINT "group_join_requests_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_join_requests" ADD CONSTRAINT "group_join_requests_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_warnings" ADD CONSTRAINT "group_warnings_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_warnings" ADD CONSTRAINT "group_warnings_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_warnings" ADD CONSTRAINT "group_warnings_issued_by_id_fkey" FOREIGN KEY ("issued_by_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_bans" ADD CONSTRAINT "group_bans_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_bans" ADD CONSTRAINT "group_bans_banned_by_id_fkey" FOREIGN KEY ("banned_by_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_reports" ADD CONSTRAINT "group_reports_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_reports" ADD CONSTRAINT "group_reports_reporter_member_id_fkey" FOREIGN KEY ("reporter_member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_reports" ADD CONSTRAINT "group_reports_target_member_id_fkey" FOREIGN KEY ("target_member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_reports" ADD CONSTRAINT "group_reports_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_announcements" ADD CONSTRAINT "group_announcements_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_daily_stats" ADD CONSTRAINT "group_daily_stats_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;
