// Rows of contests made directly in the database for tests that start from a given phase.
import type { PrismaClient } from "../../src/db/prisma.js";
import type { ContestStatus } from "../../src/generated/prisma/enums.js";
import type { MemberState } from "../../src/features/members/members.types.js";

let nextTelegramId = 7_700_000_000n + BigInt(process.pid % 1000) * 1_000_000n;

/** A registered member with a profile (name, school, city), registered at `registeredAt`. */
export async function contestMember(
  prisma: PrismaClient,
  options: { name?: string; organisation?: string | null; city?: string; registeredAt?: Date; role?: "MEMBER" | "MODERATOR" | "ADMIN" } = {},
): Promise<MemberState> {
  const telegramId = nextTelegramId++;
  const row = await prisma.member.create({
    data: {
      telegramId,
      role: options.role ?? "MEMBER",
      registeredAt: options.registeredAt ?? new Date("2026-01-01T00:00:00Z"),
      consentStatus: "GIVEN",
      profile: {
        create: {
          fullName: options.name ?? `Участник ${telegramId}`,
          professionalRole: "TEACHER",
          regionCode: "RU-TA",
          city: options.city ?? "Казань",
          organisation: options.organisation === undefined ? `Школа ${telegramId}` : options.organisation,
          experienceYears: 5,
          timezone: "Europe/Moscow",
        },
      },
    },
  });
  return { id: row.id, telegramId, role: row.role, locale: "ru", isActive: true, registered: true, username: null };
}

/** A contest in `status` with `nominations` nominations and the default-like rubric (3 criteria 0–5, the second breaks ties, plus authorship). */
export async function makeContest(
  prisma: PrismaClient,
  organiserId: number,
  options: {
    status?: ContestStatus;
    nominations?: number;
    audienceVote?: boolean;
    dates?: Partial<Record<"submissionOpensAt" | "submissionClosesAt" | "judgingClosesAt" | "resultsAt", Date>>;
    reviewsPerEntry?: number;
    title?: string;
  } = {},
) {
  const d = options.dates ?? {};
  return prisma.contest.create({
    data: {
      organiserId,
      title: options.title ?? "Лучший урок 2026",
      timezone: "Europe/Moscow",
      submissionOpensAt: d.submissionOpensAt ?? new Date("2026-12-01T00:00:00Z"),
      submissionClosesAt: d.submissionClosesAt ?? new Date("2026-12-10T00:00:00Z"),
      judgingClosesAt: d.judgingClosesAt ?? new Date("2026-12-20T00:00:00Z"),
      resultsAt: d.resultsAt ?? new Date("2026-12-25T00:00:00Z"),
      formats: ["file", "link", "text"],
      status: options.status ?? "OPEN",
      audienceVote: options.audienceVote ?? false,
      reviewsPerEntry: options.reviewsPerEntry ?? 3,
      nominations: {
        create: Array.from({ length: options.nominations ?? 1 }, (_, i) => ({ position: i + 1, title: `Номинация ${i + 1}`, subjectCodes: [], gradeCodes: [] })),
      },
      criteria: {
        create: [
          { position: 1, title: "Соответствие ФГОС", maxPoints: 5 },
          { position: 2, title: "Методическое качество", maxPoints: 5, tieBreak: true },
          { position: 3, title: "Практическая значимость", maxPoints: 5 },
          { position: 4, title: "Авторство", maxPoints: 0, passFail: true },
        ],
      },
    },
    include: { nominations: { orderBy: { position: "asc" } }, criteria: { orderBy: { position: "asc" } } },
  });
}

/** An admitted entry numbered after the contest's last one. */
export async function makeEntry(prisma: PrismaClient, contestId: number, nominationId: number, authorId: number, title = "Урок дробей") {
  return prisma.$transaction(async (tx) => {
    const c = await tx.contest.update({ where: { id: contestId }, data: { lastEntryNumber: { increment: 1 } }, select: { lastEntryNumber: true } });
    return tx.contestEntry.create({
      data: { contestId, nominationId, authorId, number: c.lastEntryNumber, title, declaredAt: new Date(), link: "https://example.org/lesson" },
    });
  });
}
