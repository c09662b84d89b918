// Reproduces a failure `npm run bench` found (#9 benchmarks): with every pool
// connection busy for more than 2 s (a backlog of updates on a loaded machine),
// Prisma's default maxWait made registration's transaction fail with
// "Transaction API error: Unable to start a transaction in the given time."
// and the member got "something went wrong" at «Всё верно». A transaction now
// waits for a connection as a plain query does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma, type PrismaClient } from "../../src/db/prisma.js";
import { MembersRepository } from "../../src/features/members/members.repository.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma(db.url, { max: 1 });
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe("the Prisma client", () => {
  it("lets a transaction wait for a busy pool longer than Prisma's 2 s default", async () => {
    const region = await prisma.region.findFirstOrThrow({ select: { code: true } });
    const subject = await prisma.subject.findFirstOrThrow({ select: { code: true } });
    const grade = await prisma.grade.findFirstOrThrow({ select: { code: true } });
    // The only connection is busy for 3 s.
    const busy = prisma.$executeRawUnsafe("SELECT pg_sleep(3)").then(() => undefined); // Prisma queries start when awaited
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const member = await new MembersRepository(prisma).register({
      telegramId: 7_700_001n,
      username: null,
      locale: "ru",
      consentAt: new Date(),
      profile: {
        fullName: "Иванова Анна",
        professionalRole: "TEACHER",
        subjectCodes: [subject.code],
        gradeCodes: [grade.code],
        regionCode: region.code,
        city: "Казань",
        organisation: null,
        experienceYears: 10,
        timezone: "Europe/Moscow",
      },
    });
    await busy;
    expect(Date.now() - started).toBeGreaterThan(2500);
    expect(member?.registered).toBe(true);
    expect(await prisma.profile.count({ where: { memberId: member!.id } })).toBe(1);
  }, 20_000);
});
