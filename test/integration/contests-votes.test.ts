// The audience vote on the real PostgreSQL: one vote per nomination per member, whatever the
// concurrency; never one's own entry; only members registered before the vote opened; closed
// with judging; counts and the prize stored at the close; bursts from new accounts flagged.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../src/db/prisma.js";
import { ContestsRepository } from "../../src/features/contests/contests.repository.js";
import { VotesRepository } from "../../src/features/contests/contests.votes.repository.js";
import { VotesService, findBursts } from "../../src/features/contests/contests.votes.service.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { contestMember, makeContest, makeEntry } from "../support/contests.js";

let db: TestDatabase;
let prisma: PrismaClient;
let now = new Date("2026-12-12T10:00:00Z");
let service: VotesService;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = db.prisma;
  service = new VotesService(new VotesRepository(prisma), new ContestsRepository(prisma), () => now);
});

afterAll(async () => {
  await db?.drop();
});

async function judgingContest(nominations = 2) {
  const organiser = await contestMember(prisma, { role: "ADMIN" });
  const contest = await makeContest(prisma, organiser.id, { status: "JUDGING", audienceVote: true, nominations });
  const authors = [await contestMember(prisma), await contestMember(prisma), await contestMember(prisma)];
  const n1 = contest.nominations[0]!.id;
  const entries = [];
  for (const a of authors) entries.push(await makeEntry(prisma, contest.id, n1, a.id));
  return { contest, authors, entries, n1 };
}

describe("casting votes", () => {
  it("counts one vote per member and nomination, even when the same member taps 20 times at once", async () => {
    const { entries } = await judgingContest();
    const voter = await contestMember(prisma);
    const outcomes = (await Promise.all(Array.from({ length: 20 }, (_, i) => service.vote(voter, entries[i % 3]!.id)))).map((r) => r.outcome);
    expect(outcomes.filter((o) => o === "accepted")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "repeat")).toHaveLength(19);
    expect(await prisma.contestVote.count({ where: { memberId: voter.id } })).toBe(1);
    // Every attempt is in the raw log.
    expect(await prisma.contestVoteLog.count({ where: { memberId: voter.id } })).toBe(20);
  });

  it("refuses one's own entry, late registrants, withdrawn entries and votes after the close — and records nothing", async () => {
    const { contest, authors, entries } = await judgingContest();
    expect((await service.vote(authors[0], entries[0]!.id)).outcome).toBe("own");
    const late = await contestMember(prisma, { registeredAt: new Date("2026-12-11T00:00:00Z") });
    expect((await service.vote(late, entries[0]!.id)).outcome).toBe("ineligible");
    await prisma.contestEntry.update({ where: { id: entries[1]!.id }, data: { status: "WITHDRAWN" } });
    const voter = await contestMember(prisma);
    expect((await service.vote(voter, entries[1]!.id)).outcome).toBe("gone");
    expect((await service.vote(voter, 2_000_000_000)).outcome).toBe("gone");
    now = new Date(contest.judgingClosesAt.getTime() + 1);
    expect((await service.vote(voter, entries[2]!.id)).outcome).toBe("closed");
    now = new Date("2026-12-12T10:00:00Z");
    expect(await prisma.contestVote.count({ where: { contestId: contest.id } })).toBe(0);
  });

  it("refuses while submissions are still open", async () => {
    const organiser = await contestMember(prisma, { role: "ADMIN" });
    const contest = await makeContest(prisma, organiser.id, { status: "OPEN", audienceVote: true });
    const e = await makeEntry(prisma, contest.id, contest.nominations[0]!.id, (await contestMember(prisma)).id);
    const voter = await contestMember(prisma);
    expect((await service.vote(voter, e.id)).outcome).toBe("closed");
    await expect(service.overview(voter, contest.id)).rejects.toMatchObject({ key: "contests-vote-not-yet" });
  });

  it("keeps counts hidden until the close, then stores them and gives the prize to the most voted (ties share it)", async () => {
    const { contest, entries, n1 } = await judgingContest();
    const voters = await Promise.all(Array.from({ length: 5 }, () => contestMember(prisma)));
    await service.vote(voters[0], entries[0]!.id);
    await service.vote(voters[1], entries[0]!.id);
    await service.vote(voters[2], entries[1]!.id);
    await service.vote(voters[3], entries[1]!.id);
    await service.vote(voters[4], entries[2]!.id);
    expect(await service.results(contest.id, n1)).toEqual([]);
    await service.close(contest.id);
    await service.close(contest.id);
    const results = await service.results(contest.id, n1);
    expect(results.map((r) => [r.entryId, r.votes, r.prize])).toEqual([
      [entries[0]!.id, 2, true],
      [entries[1]!.id, 2, true],
      [entries[2]!.id, 1, false],
    ]);
  });

  it("holds 300 members voting at once: exactly one counted each", async () => {
    const { contest, entries } = await judgingContest(1);
    const voters = await Promise.all(Array.from({ length: 300 }, () => contestMember(prisma)));
    const outcomes = (await Promise.all(voters.flatMap((v, i) => [service.vote(v, entries[i % 3]!.id), service.vote(v, entries[(i + 1) % 3]!.id)]))).map(
      (r) => r.outcome,
    );
    expect(outcomes.filter((o) => o === "accepted")).toHaveLength(300);
    expect(await prisma.contestVote.count({ where: { contestId: contest.id } })).toBe(300);
  });
});

describe("bursts", () => {
  it("flags a burst of votes from new accounts for one entry, not steady votes of established members", async () => {
    const { contest, entries } = await judgingContest(1);
    // Ten accounts registered the day before the vote opened, voting within three minutes.
    for (let i = 0; i < 10; i++) {
      const fresh = await contestMember(prisma, { registeredAt: new Date("2026-12-09T00:00:00Z") });
      now = new Date(Date.parse("2026-12-12T10:00:00Z") + i * 20_000);
      expect((await service.vote(fresh, entries[0]!.id)).outcome).toBe("accepted");
    }
    // Established members with an entry elsewhere vote for another entry over the same minutes.
    for (let i = 0; i < 10; i++) {
      const old = await contestMember(prisma, { registeredAt: new Date("2025-01-01T00:00:00Z") });
      await makeEntry(prisma, contest.id, contest.nominations[0]!.id, old.id, "Другая работа");
      now = new Date(Date.parse("2026-12-12T10:00:00Z") + i * 20_000);
      expect((await service.vote(old, entries[1]!.id)).outcome).toBe("accepted");
    }
    now = new Date("2026-12-12T10:00:00Z");
    const bursts = await service.bursts(contest.id);
    expect(bursts.map((b) => [b.entryId, b.votes, b.suspicious])).toEqual([[entries[0]!.id, 10, 10]]);
  });

  it("needs the minimum count within the window (pure)", () => {
    const at = (m: number) => new Date(Date.UTC(2026, 11, 12, 10, m));
    const spread = Array.from({ length: 12 }, (_, i) => ({ entryId: 1, at: at(i * 5), suspicious: true }));
    expect(findBursts(spread)).toEqual([]);
    const mixed = Array.from({ length: 10 }, (_, i) => ({ entryId: 2, at: at(i), suspicious: i < 6 }));
    expect(findBursts(mixed)).toEqual([]);
  });
});

describe("the raw log", () => {
  it("is kept 90 days", async () => {
    const { entries } = await judgingContest(1);
    const voter = await contestMember(prisma);
    await service.vote(voter, entries[0]!.id);
    await prisma.contestVoteLog.updateMany({ where: { memberId: voter.id }, data: { at: new Date(now.getTime() - 91 * 24 * 3600_000) } });
    const other = await contestMember(prisma);
    await service.vote(other, entries[0]!.id);
    expect(await service.purgeLog()).toBeGreaterThanOrEqual(1);
    expect(await prisma.contestVoteLog.count({ where: { memberId: voter.id } })).toBe(0);
    expect(await prisma.contestVoteLog.count({ where: { memberId: other.id } })).toBe(1);
  });
});
