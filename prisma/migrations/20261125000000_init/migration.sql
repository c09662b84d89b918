-- CreateEnum
CREATE TYPE "MemberRole" AS ENUM ('MEMBER', 'MODERATOR', 'ADMIN');

-- CreateEnum
CREATE TYPE "ProfessionalRole" AS ENUM ('TEACHER', 'METHODOLOGIST', 'SCHOOL_LEADER', 'PRESCHOOL_EDUCATOR', 'ADDITIONAL_EDUCATION_TEACHER', 'STUDENT_TEACHER', 'OTHER');

-- CreateEnum
CREATE TYPE "ConsentStatus" AS ENUM ('GIVEN', 'REFUSED');

-- CreateTable
CREATE TABLE "members" (
    "id" SERIAL NOT NULL,
    "telegram_id" BIGINT,
    "username" VARCHAR(64),
    "role" "MemberRole" NOT NULL DEFAULT 'MEMBER',
    "locale" VARCHAR(8) NOT NULL DEFAULT 'ru',
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "consent_status" "ConsentStatus",
    "consent_version" VARCHAR(32),
    "consent_at" TIMESTAMPTZ(3),
    "registered_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "profiles" (
    "member_id" INTEGER NOT NULL,
    "full_name" VARCHAR(100) NOT NULL,
    "professional_role" "ProfessionalRole" NOT NULL,
    "region_code" VARCHAR(16) NOT NULL,
    "city" VARCHAR(100) NOT NULL,
    "organisation" VARCHAR(200),
    "experience_years" SMALLINT NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "profiles_pkey" PRIMARY KEY ("member_id")
);

-- CreateTable
CREATE TABLE "subjects" (
    "code" VARCHAR(32) NOT NULL,
    "name_ru" VARCHAR(100) NOT NULL,
    "name_en" VARCHAR(100) NOT NULL,
    "sort_order" INTEGER NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "subjects_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "grades" (
    "code" VARCHAR(16) NOT NULL,
    "name_ru" VARCHAR(64) NOT NULL,
    "name_en" VARCHAR(64) NOT NULL,
    "sort_order" INTEGER NOT NULL,

    CONSTRAINT "grades_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "regions" (
    "code" VARCHAR(16) NOT NULL,
    "name_ru" VARCHAR(100) NOT NULL,
    "name_en" VARCHAR(100) NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,

    CONSTRAINT "regions_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "profile_subjects" (
    "member_id" INTEGER NOT NULL,
    "subject_code" VARCHAR(32) NOT NULL,

    CONSTRAINT "profile_subjects_pkey" PRIMARY KEY ("member_id","subject_code")
);

-- CreateTable
CREATE TABLE "profile_grades" (
    "member_id" INTEGER NOT NULL,
    "grade_code" VARCHAR(16) NOT NULL,

    CONSTRAINT "profile_grades_pkey" PRIMARY KEY ("member_id","grade_code")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "actor_id" INTEGER,
    "action" VARCHAR(64) NOT NULL,
    "target_member_id" INTEGER,
    "details" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "members_telegram_id_key" ON "members"("telegram_id");

-- CreateIndex
CREATE INDEX "members_role_idx" ON "members"("role");

-- CreateIndex
CREATE INDEX "profiles_region_code_idx" ON "profiles"("region_code");

-- CreateIndex
CREATE INDEX "profile_subjects_subject_code_idx" ON "profile_subjects"("subject_code");

-- CreateIndex
CREATE INDEX "profile_grades_grade_code_idx" ON "profile_grades"("grade_code");

-- CreateIndex
CREATE INDEX "audit_log_created_at_idx" ON "audit_log"("created_at");

-- CreateIndex
CREATE INDEX "audit_log_target_member_id_idx" ON "audit_log"("target_member_id");

-- AddForeignKey
ALTER TABLE "profiles" ADD CONSTRAINT "profiles_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "profiles" ADD CONSTRAINT "profiles_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "profile_subjects" ADD CONSTRAINT "profile_subjects_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "profiles"("member_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "profile_subjects" ADD CONSTRAINT "profile_subjects_subject_code_fkey" FOREIGN KEY ("subject_code") REFERENCES "subjects"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "profile_grades" ADD CONSTRAINT "profile_grades_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "profiles"("member_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "profile_grades" ADD CONSTRAINT "profile_grades_grade_code_fkey" FOREIGN KEY ("grade_code") REFERENCES "grades"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_target_member_id_fkey" FOREIGN KEY ("target_member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;
