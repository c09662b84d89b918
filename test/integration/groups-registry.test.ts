// The groups slice's core storage on the real PostgreSQL: the in-memory
// registry that keeps the hot path free of queries, the buffered daily counts,
// a group's migration to a supergroup and the bot's removal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditRepository } from "../../src/features/audit/audit.repository.js";
import { GroupStats, GroupsRegistry } from "../../src/features/groups/groups.registry.js";
import { GroupsRepository } from "../../src/features/groups/groups.repository.js";
import { GroupsService, missingRights } from "../../src/features/groups/groups.service.js";
import { createLogger } from "../../src/shared/logger.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
let now = new Date("2026-12-04T09:00:00Z");
const HOUR = 3_600_000;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

function build() {
  const repository = new GroupsRepository(db.prisma);
  const registry = new GroupsRegistry(repository, () => now);
  const stats = new GroupStats(repository, { now: () => now, timezone: "Europe/Moscow", logger: createLogger("silent"), flushMs: 60_000 });
  return { repository, registry, stats, service: new GroupsService(repository, registry, stats, () => now, new AuditRepository(db.prisma)) };
}

/** Counts the queries the client sends while `fn` runs. */
async function queriesDuring(fn: () => Promise<unknown>): Promise<number> {
  let count = 0;
  // Every query of the pg driver (under @prisma/adapter-pg) goes through Client#query.
  const proto = (await import("pg")).default.Client.prototype as object;
  const original = Reflect.get(proto, "query") as (...args: unknown[]) => unknown;
  Reflect.set(proto, "query", function (this: unknown, ...args: unknown[]) {
    count++;
    return original.apply(this, args);
  });
  try {
    await fn();
  } finally {
    Reflect.set(proto, "query", original);
  }
  return count;
}

const chat = (id: number, extra: Record<string, unknown> = {}) => ({ id, type: "supergroup", title: "Математика <b>&</b>", ...extra });
const admin = {
  status: "administrator" as const,
  rights: { can_invite_users: true, can_restrict_members: true, can_delete_messages: true, can_pin_messages: true, can_manage_topics: true },
};

describe("groups core", () => {
  it("names the rights the bot lacks; topics only matter in forums", () => {
    expect(missingRights(admin, true)).toEqual([]);
    expect(missingRights({ status: "administrator", rights: { ...admin.rights, can_pin_messages: false } }, false)).toEqual(["can_pin_messages"]);
    expect(missingRights({ status: "administrator", rights: { can_invite_users: true } }, false)).toEqual([
      "can_restrict_members",
      "can_delete_messages",
      "can_pin_messages",
    ]);
    expect(missingRights({ status: "member" }, true)).toHaveLength(5);
  });

  it("serves a group and its newcomers from memory after the first load", async () => {
    const { service, registry, repository } = build();
    const { group } = await service.botMembershipChanged(chat(-1001), admin, undefined);
    await repository.link(group.id, [], true, now);
    registry.invalidate(-1001);
    // Joined 2 hours ago: a newcomer for 24 hours; joined 30 hours ago: not.
    await repository.memberJoined(group.id, 501n, null, new Date(now.getTime() - 2 * HOUR));
    await repository.memberJoined(group.id, 502n, null, new Date(now.getTime() - 30 * HOUR));

    const loaded = await service.group(-1001);
    expect(loaded).toMatchObject({ linked: true, isGeneral: true, title: "Математика <b>&</b>", newcomerHours: 24 });
    // The counter sees queries (a load from PostgreSQL is one or more).
    expect(await queriesDuring(() => repository.findByChatId(-1001n))).toBeGreaterThan(0);
    const queries = await queriesDuring(async () => {
      for (let i = 0; i < 100; i++) await service.group(-1001);
    });
    expect(queries).toBe(0);
    expect(registry.isNewcomer(loaded!, 501n)).toBe(true);
    expect(registry.isNewcomer(loaded!, 502n)).toBe(false);
    expect(registry.isNewcomer(loaded!, 503n)).toBe(false);

    // A join the bot sees is known at once; the newcomer period ends on time.
    await service.memberJoined(loaded!, 503n, undefined);
    expect(registry.isNewcomer(loaded!, 503n)).toBe(true);
    expect(registry.isNewcomer(loaded!, 503n, now.getTime() + 25 * HOUR)).toBe(false);
    await service.memberLeft(loaded!, 501n);
    expect(registry.isNewcomer(loaded!, 501n)).toBe(false);
  });

  it("adds buffered daily counts in one statement per flush, per community day", async () => {
    const { service, stats } = build();
    const { group } = await service.botMembershipChanged(chat(-1002), admin, undefined);
    for (let i = 0; i < 250; i++) stats.add(group.id, "messages");
    stats.add(group.id, "joins", 3);
    await stats.flush();
    stats.add(group.id, "messages", 5);
    // 23:30 in Moscow on the 4th is already the 5th there.
    now = new Date("2026-12-04T21:30:00Z");
    stats.add(group.id, "actions");
    await stats.flush();
    now = new Date("2026-12-04T09:00:00Z");
    const rows = await db.prisma.groupDailyStat.findMany({ where: { groupId: group.id }, orderBy: { day: "asc" } });
    expect(rows.map((r) => [r.day.toISOString().slice(0, 10), r.messages, r.joins, r.actions])).toEqual([
      ["2026-12-04", 255, 3, 0],
      ["2026-12-05", 0, 0, 1],
    ]);
  });

  it("a group that migrates to a supergroup keeps its link and settings; a removed bot marks it inactive", async () => {
    const { service, repository } = build();
    const { group } = await service.botMembershipChanged(chat(-3003, { type: "group" }), admin, undefined);
    await repository.link(group.id, [], true, now);
    await repository.updateSettings(group.id, { floodMessages: 7, inviteLink: "https://t.me/+old" });
    // The new supergroup's my_chat_member may come first.
    await service.botMembershipChanged(chat(-1003003), admin, undefined);
    const migrated = await service.migrated(-3003, -1003003);
    expect(migrated).toMatchObject({ id: group.id, chatId: -1003003n, chatType: "supergroup", linked: true, inviteLink: null, flood: { messages: 7 } });
    expect(await repository.findByChatId(-3003n)).toBeUndefined();
    // Both service messages arrive (old and new chat): the second changes nothing.
    expect(await service.migrated(-3003, -1003003)).toMatchObject({ id: group.id, linked: true });

    const removed = await service.botMembershipChanged(chat(-1003003), { status: "kicked" }, undefined);
    expect(removed).toMatchObject({ removed: true, group: { isActive: false, linked: true } });
    expect(await service.group(-1003003)).toMatchObject({ isActive: false, linked: true });
  });
});
