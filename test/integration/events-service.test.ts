// Rules of community events (EventsService) on the real PostgreSQL: real repositories and
// catalogue over a private migrated database, and a fixed clock the tests move by hand.
// Every test creates its own members and events, so tests do not see each other's rows.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../src/db/prisma.js";
import type { MemberRole } from "../../src/generated/prisma/enums.js";
import { AuditRepository } from "../../src/features/audit/audit.repository.js";
import { CatalogueRepository } from "../../src/features/catalogue/catalogue.repository.js";
import { CatalogueService } from "../../src/features/catalogue/catalogue.service.js";
import { EventsRepository } from "../../src/features/events/events.repository.js";
import { EventsService } from "../../src/features/events/events.service.js";
import type { EventDraft } from "../../src/features/events/events.types.js";
import type { MemberState } from "../../src/features/members/members.types.js";
import type { DomainEventMap, DomainEventPublisher } from "../../src/shared/domain-events.js";
import { NotFoundError } from "../../src/shared/errors.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { expectDomain, expectForbidden as expectForbiddenKey, failure } from "../support/domain-errors.js";
import { formatZonedTime } from "../../src/shared/time.js";

const expectForbidden = (promise: Promise<unknown>, key = "events-staff-only") => expectForbiddenKey(promise, key);

const MINUTE = 60_000;
const START_OF_TESTS = new Date("2026-12-01T09:00:00.000Z");

let db: TestDatabase;
let prisma: PrismaClient;
let service: EventsService;
/** The domain events the service emitted, in order (what the events module's notices would get). */
const emitted: { name: keyof DomainEventMap; payload: unknown }[] = [];
const domainEvents: DomainEventPublisher = {
  async emit(name, payload) {
    emitted.push({ name, payload });
  },
};
/** The service's clock; each test starts at START_OF_TESTS and moves it with `setNow`. */
let now = START_OF_TESTS;
const setNow = (date: Date) => {
  now = date;
};

/** The service under test on `client`, with the recording publisher and the test clock. */
const serviceOn = (client: typeof prisma) =>
  new EventsService(
    new EventsRepository(client),
    new AuditRepository(client),
    new CatalogueService(new CatalogueRepository(client)),
    domainEvents,
    () => new Date(now.getTime()),
  );

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = db.prisma;
  service = serviceOn(prisma);
});

beforeEach(() => setNow(START_OF_TESTS));

afterAll(async () => {
  await db?.drop();
});

// ---------------------------------------------------------------- helpers

let nextTelegramId = 7_300_000_000n;

async function member(role: MemberRole = "MEMBER", options: { registered?: boolean; timezone?: string } = {}): Promise<MemberState> {
  const registered = options.registered ?? true;
  const telegramId = nextTelegramId++;
  const row = await prisma.member.create({
    data: {
      telegramId,
      role,
      registeredAt: registered ? new Date() : null,
      ...(registered ? { consentStatus: "GIVEN" as const } : {}),
      ...(options.timezone
        ? {
            profile: {
              create: {
                fullName: `Участник ${telegramId}`,
                professionalRole: "TEACHER",
                regionCode: "RU-MOW",
                city: "Москва",
                experienceYears: 5,
                timezone: options.timezone,
              },
            },
          }
        : {}),
    },
    select: { id: true },
  });
  return { id: row.id, telegramId, role, locale: "ru", isActive: true, registered, username: null };
}

const members = (n: number, role: MemberRole = "MEMBER") => Promise.all(Array.from({ length: n }, () => member(role)));

/** A start a week after START_OF_TESTS, unless overridden. */
function draft(over: Partial<EventDraft> = {}): EventDraft {
  return {
    title: "Формирующее оценивание на уроках математики",
    kind: "WEBINAR",
    description: "Практика и разбор случаев.",
    subjectCodes: ["math"],
    start: new Date(START_OF_TESTS.getTime() + 7 * 24 * 60 * MINUTE),
    duration: 90,
    timeZone: "Europe/Moscow",
    onlineUrl: "https://meet.example.org/room-1",
    ...over,
  };
}

async function newEvent(over: Partial<EventDraft> = {}) {
  const organiser = await member("MODERATOR");
  const event = await service.create(organiser, draft(over));
  return { organiser, event };
}

async function registrationsOf(eventId: number) {
  return prisma.eventRegistration.findMany({ where: { eventId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

async function statusOf(eventId: number, memberId: number) {
  return (await prisma.eventRegistration.findUnique({ where: { eventId_memberId: { eventId, memberId } } }))?.status;
}

// ---------------------------------------------------------------- organising

describe("create", () => {
  it("stores a scheduled event with defaults, a check-in code and an audit entry", async () => {
    const organiser = await member("ADMIN");
    const event = await service.create(
      organiser,
      draft({ title: "  Проектная   неделя ", subjectCodes: ["physics", "math", "math"], capacity: 30, speakers: " Иванова  А. П. " }),
    );
    expect(event).toMatchObject({
      organiserId: organiser.id,
      title: "Проектная неделя",
      kind: "WEBINAR",
      subjectCodes: ["math", "physics"],
      durationMinutes: 90,
      timezone: "Europe/Moscow",
      capacity: 30,
      registrationDeadline: null,
      speakers: "Иванова А. П.",
      reminderOffsets: [1440, 60, 0],
      status: "SCHEDULED",
      sequence: 0,
      recordingUrl: null,
    });
    expect(event.checkinCode).toMatch(/^[A-Z2-9]{6}$/);
    const audit = await prisma.auditLog.findMany({ where: { action: "event.create", actorId: organiser.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ eventId: event.id });
  });

  it("parses typed start, duration and deadline in the organiser's zone and normalises reminder offsets", async () => {
    const organiser = await member("MODERATOR");
    const event = await service.create(
      organiser,
      draft({ start: "25.12 18:00", duration: "1,5 часа", registrationDeadline: "24.12 12:00", reminderOffsets: [0, 60, 60, 2880] }),
    );
    expect(event.startsAt.toISOString()).toBe("2026-12-25T15:00:00.000Z");
    expect(event.durationMinutes).toBe(90);
    expect(event.registrationDeadline?.toISOString()).toBe("2026-12-24T09:00:00.000Z");
    expect(event.reminderOffsets).toEqual([2880, 60, 0]);
  });

  it("is for moderators and admins only", async () => {
    await expectForbidden(service.create(await member(), draft()));
    await expectForbidden(service.create(undefined, draft()));
    expect(await prisma.event.count({ where: { title: draft().title, organiser: { role: "MEMBER" } } })).toBe(0);
  });

  const day = 24 * 60 * MINUTE;
  it.each([
    ["a 2-character title", { title: " Аб " }, "events-title-short"],
    ["a 201-character title", { title: "Я".repeat(201) }, "events-title-long"],
    ["a 2,001-character description", { description: "д".repeat(2001) }, "events-description-long"],
    ["an unknown kind", { kind: "PARTY" }, "events-kind-bad"],
    ["an unknown subject", { subjectCodes: ["math", "astrology"] }, "events-subject-unknown"],
    ["a start in the past", { start: new Date(START_OF_TESTS.getTime() - MINUTE) }, "events-time-past"],
    ["a start right now", { start: START_OF_TESTS }, "events-time-past"],
    ["a typed start in the past", { start: "01.11.2026 10:00" }, "events-time-past"],
    ["an unreadable start", { start: "когда-нибудь" }, "events-time-unparsed"],
    ["a start over two years ahead", { start: new Date(START_OF_TESTS.getTime() + 732 * day) }, "events-time-too-far"],
    ["a duration of 0", { duration: 0 }, "events-duration-invalid"],
    ["a duration of 1,441 minutes", { duration: 1441 }, "events-duration-invalid"],
    ["a typed duration of 0", { duration: "0 мин" }, "events-duration-invalid"],
    ["a capacity of 0", { capacity: 0 }, "events-capacity-invalid"],
    ["a fractional capacity", { capacity: 2.5 }, "events-capacity-invalid"],
    ["a deadline after the start", { registrationDeadline: new Date(START_OF_TESTS.getTime() + 8 * day) }, "events-deadline-after-start"],
    ["a deadline in the past", { registrationDeadline: new Date(START_OF_TESTS.getTime() - MINUTE) }, "events-deadline-past"],
    ["an ftp link", { onlineUrl: "ftp://files.example.org/x" }, "events-url-bad"],
    ["a javascript: link", { onlineUrl: "javascript:alert(1)" }, "events-url-bad"],
    ["a negative reminder offset", { reminderOffsets: [60, -5] }, "events-reminders-invalid"],
    ["a reminder over a week ahead", { reminderOffsets: [10081] }, "events-reminders-invalid"],
    ["an unknown time zone", { timeZone: "Mars/Olympus" }, "events-timezone-unknown"],
    ["501 characters of speakers", { speakers: "с".repeat(501) }, "events-speakers-long"],
  ] as Array<[string, Partial<EventDraft>, string]>)("refuses %s, storing nothing", async (_name, over, key) => {
    const organiser = await member("MODERATOR");
    await expectDomain(service.create(organiser, draft(over)), key);
    expect(await prisma.event.count({ where: { organiserId: organiser.id } })).toBe(0);
  });

  it("accepts the edges: 3-character title, 1 and 1,440 minutes, capacity 1, offsets 0 and 10,080, deadline = start", async () => {
    const organiser = await member("MODERATOR");
    const start = new Date(START_OF_TESTS.getTime() + 8 * day);
    const a = await service.create(organiser, draft({ title: "ОГЭ", duration: 1, capacity: 1, reminderOffsets: [0, 10080], start, registrationDeadline: start }));
    expect(a).toMatchObject({ title: "ОГЭ", durationMinutes: 1, capacity: 1, reminderOffsets: [10080, 0] });
    const b = await service.create(organiser, draft({ duration: 1440, subjectCodes: [], onlineUrl: null }));
    expect(b).toMatchObject({ durationMinutes: 1440, subjectCodes: [], onlineUrl: null });
  });
});

describe("edit and cancel", () => {
  it("bumps the sequence for calendar changes only and reports a time change", async () => {
    const { organiser, event } = await newEvent({ capacity: 10 });

    const capacity = await service.edit(organiser, event.id, { capacity: 20 });
    expect(capacity).toMatchObject({ changed: ["capacity"], timeChanged: false, calendarChanged: false, remindersChanged: false });
    expect(capacity.event.sequence).toBe(0);

    const title = await service.edit(organiser, event.id, { title: "Новое название вебинара" });
    expect(title).toMatchObject({ changed: ["title"], timeChanged: false, calendarChanged: true });
    expect(title.event.sequence).toBe(1);

    const moved = await service.edit(organiser, event.id, { start: new Date(event.startsAt.getTime() + 60 * MINUTE) });
    expect(moved).toMatchObject({ changed: ["startsAt"], timeChanged: true, calendarChanged: true, remindersChanged: true });
    expect(moved.event.sequence).toBe(2);

    const longer = await service.edit(organiser, event.id, { duration: 120 });
    expect(longer).toMatchObject({ timeChanged: true, remindersChanged: false });
    expect(longer.event.sequence).toBe(3);

    const nothing = await service.edit(organiser, event.id, { title: "Новое название вебинара" });
    expect(nothing).toMatchObject({ changed: [], calendarChanged: false });
    expect(nothing.event.sequence).toBe(3);

    const offsets = await service.edit(organiser, event.id, { reminderOffsets: [30] });
    expect(offsets).toMatchObject({ changed: ["reminderOffsets"], remindersChanged: true, timeChanged: false });

    expect(await prisma.auditLog.count({ where: { action: "event.edit", details: { path: ["eventId"], equals: event.id } } })).toBe(5);
  });

  it("lets any moderator edit, not a member; refuses a moved start in the past", async () => {
    const { event } = await newEvent();
    await expectForbidden(service.edit(await member(), event.id, { title: "Чужое мероприятие" }));
    const other = await member("MODERATOR");
    await expectDomain(service.edit(other, event.id, { start: new Date(START_OF_TESTS.getTime() - MINUTE) }), "events-time-past");
    expect((await service.edit(other, event.id, { speakers: "Петров" })).event.speakers).toBe("Петров");
  });

  it("still edits the description of an event that has started (its start is not re-validated)", async () => {
    const { organiser, event } = await newEvent();
    setNow(new Date(event.startsAt.getTime() + 10 * MINUTE));
    const result = await service.edit(organiser, event.id, { description: "Слайды в конце" });
    expect(result.changed).toEqual(["description"]);
  });

  it("refuses a capacity below the places taken and promotes the waitlist when it grows", async () => {
    const { organiser, event } = await newEvent({ capacity: 2 });
    const [a, b, c, d, e] = await members(5);
    for (const m of [a, b, c, d, e]) await service.register(m, event.id);

    const refused = await failure(service.edit(organiser, event.id, { capacity: 1 }));
    expect(refused.key).toBe("events-capacity-below-registered");
    expect(refused.vars).toEqual({ registered: 2 });

    const grown = await service.edit(organiser, event.id, { capacity: 4 });
    expect(grown.promoted).toEqual([c!.id, d!.id]);
    expect(await statusOf(event.id, c!.id)).toBe("REGISTERED");
    expect(await statusOf(event.id, e!.id)).toBe("WAITLISTED");

    const unlimited = await service.edit(organiser, event.id, { capacity: null });
    expect(unlimited.promoted).toEqual([e!.id]);
  });

  it("cancel returns the registered and waitlisted members, bumps the sequence, and happens once", async () => {
    const { organiser, event } = await newEvent({ capacity: 1 });
    const [a, b, c] = await members(3);
    await service.register(a, event.id);
    await service.register(b, event.id);
    await service.register(c, event.id);
    await service.cancelRegistration(c, event.id);

    await expectForbidden(service.cancel(a, event.id));
    const { event: cancelled, notify } = await service.cancel(organiser, event.id);
    expect(notify).toEqual([a!.id, b!.id]);
    expect(cancelled).toMatchObject({ status: "CANCELLED", sequence: 1, cancelledAt: START_OF_TESTS });
    await expectDomain(service.cancel(organiser, event.id), "events-cancelled");
    await expectDomain(service.edit(organiser, event.id, { title: "Поздно менять" }), "events-cancelled");
    await expectDomain(service.register(c, event.id), "events-cancelled");
    expect(await prisma.auditLog.count({ where: { action: "event.cancel", details: { path: ["eventId"], equals: event.id } } })).toBe(1);
  });
});

// ---------------------------------------------------------------- registration

describe("register", () => {
  it("gives places up to the capacity, then the waitlist; idempotent", async () => {
    const { event } = await newEvent({ capacity: 2 });
    const [a, b, c] = await members(3);
    expect((await service.register(a, event.id)).registration.status).toBe("REGISTERED");
    expect((await service.register(b, event.id)).registration.status).toBe("REGISTERED");
    const waiting = await service.register(c, event.id);
    expect(waiting).toMatchObject({ created: true, registration: { status: "WAITLISTED" } });

    const again = await service.register(a, event.id);
    expect(again.created).toBe(false);
    expect(again.registration.status).toBe("REGISTERED");
    expect(await registrationsOf(event.id)).toHaveLength(3);

    const card = await service.card(c, event.id);
    expect(card).toMatchObject({ registeredCount: 2, waitlistedCount: 1, placesLeft: 0, mine: { status: "WAITLISTED" } });
  });

  it("has no limit without a capacity", async () => {
    const { event } = await newEvent({ capacity: null });
    const all = await members(5);
    for (const m of all) expect((await service.register(m, event.id)).registration.status).toBe("REGISTERED");
    expect((await service.card(all[0], event.id)).placesLeft).toBeNull();
  });

  it("puts a member who cancelled and comes back at the end of the waitlist", async () => {
    const { event } = await newEvent({ capacity: 1 });
    const [a, b, c] = await members(3);
    await service.register(a, event.id);
    await service.register(b, event.id);
    await service.register(c, event.id);
    await service.cancelRegistration(b, event.id);
    const back = await service.register(b, event.id);
    expect(back).toMatchObject({ created: true, registration: { status: "WAITLISTED" } });

    const promoted = await service.cancelRegistration(a, event.id);
    expect(promoted.promotedMemberId).toBe(c!.id);
  });

  it("closes at the deadline (inclusive) and at the start", async () => {
    const start = new Date(START_OF_TESTS.getTime() + 2 * 24 * 60 * MINUTE);
    const deadline = new Date(start.getTime() - 24 * 60 * MINUTE);
    const { event } = await newEvent({ start, registrationDeadline: deadline });
    const [a, b] = await members(2);
    setNow(deadline);
    expect((await service.register(a, event.id)).registration.status).toBe("REGISTERED");
    setNow(new Date(deadline.getTime() + 1));
    await expectDomain(service.register(b, event.id), "events-registration-closed");
    // Already registered: the answer is still the registration, not a refusal.
    expect((await service.register(a, event.id)).created).toBe(false);

    const { event: open } = await newEvent({ start });
    setNow(start);
    await expectDomain(service.register(b, open.id), "events-already-started");
  });

  it("refuses unregistered members and unknown events", async () => {
    const { event } = await newEvent();
    await expectDomain(service.register(await member("MEMBER", { registered: false }), event.id), "errors-not-registered");
    await expectDomain(service.register(undefined, event.id), "errors-not-registered");
    const e = await failure(service.register(await member(), 999_999));
    expect(e).toBeInstanceOf(NotFoundError);
  });

  it("race for the last place: of eight members registering at once exactly one gets it", async () => {
    const { event } = await newEvent({ capacity: 3 });
    for (const m of await members(2)) await service.register(m, event.id);
    const racers = await members(8);

    const results = await Promise.all(racers.map((m) => service.register(m, event.id)));

    expect(results.filter((r) => r.registration.status === "REGISTERED")).toHaveLength(1);
    expect(results.filter((r) => r.registration.status === "WAITLISTED")).toHaveLength(7);
    expect(await prisma.eventRegistration.count({ where: { eventId: event.id, status: "REGISTERED" } })).toBe(3);
  });

  it("the same member registering twice at once gets one registration", async () => {
    const { event } = await newEvent({ capacity: 5 });
    const m = await member();
    const results = await Promise.all([service.register(m, event.id), service.register(m, event.id), service.register(m, event.id)]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await registrationsOf(event.id)).toHaveLength(1);
  });
});

describe("cancelRegistration", () => {
  it("promotes the first of the waitlist (by created_at, then id) and says whom", async () => {
    const { event } = await newEvent({ capacity: 1 });
    const [a, b, c] = await members(3);
    await service.register(a, event.id);
    setNow(new Date(START_OF_TESTS.getTime() + MINUTE));
    await service.register(b, event.id);
    await service.register(c, event.id);

    setNow(new Date(START_OF_TESTS.getTime() + 2 * MINUTE));
    const result = await service.cancelRegistration(a, event.id);
    expect(result).toEqual({ previous: "REGISTERED", promotedMemberId: b!.id });
    const rows = await registrationsOf(event.id);
    expect(rows.find((r) => r.memberId === b!.id)).toMatchObject({ status: "REGISTERED", promotedAt: now });
    expect(rows.find((r) => r.memberId === a!.id)).toMatchObject({ status: "CANCELLED", cancelledAt: now });
    expect(await statusOf(event.id, c!.id)).toBe("WAITLISTED");
  });

  it("leaving the waitlist promotes nobody; cancelling twice is refused", async () => {
    const { event } = await newEvent({ capacity: 1 });
    const [a, b, c] = await members(3);
    for (const m of [a, b, c]) await service.register(m, event.id);
    expect(await service.cancelRegistration(b, event.id)).toEqual({ previous: "WAITLISTED", promotedMemberId: undefined });
    expect(await statusOf(event.id, c!.id)).toBe("WAITLISTED");
    await expectDomain(service.cancelRegistration(b, event.id), "events-not-registered");
    await expectDomain(service.cancelRegistration(await member(), event.id), "events-not-registered");
  });

  it("is refused once the event has started", async () => {
    const { event } = await newEvent();
    const a = await member();
    await service.register(a, event.id);
    setNow(event.startsAt);
    await expectDomain(service.cancelRegistration(a, event.id), "events-already-started");
  });

  it("concurrent cancels promote exactly as many as places freed, never over capacity", async () => {
    const { event } = await newEvent({ capacity: 3 });
    const placed = await members(3);
    for (const m of placed) await service.register(m, event.id);
    const waiting = await members(5);
    for (const m of waiting) await service.register(m, event.id);

    const results = await Promise.all(placed.map((m) => service.cancelRegistration(m, event.id)));

    const promoted = results.map((r) => r.promotedMemberId);
    expect(promoted.every((id) => id !== undefined)).toBe(true);
    expect(new Set(promoted).size).toBe(3);
    // The first three of the waitlist, in queue order, whichever cancel promoted whom.
    expect([...promoted].sort((x, y) => x! - y!)).toEqual(
      waiting
        .slice(0, 3)
        .map((m) => m.id)
        .sort((x, y) => x - y),
    );
    expect(await prisma.eventRegistration.count({ where: { eventId: event.id, status: "REGISTERED" } })).toBe(3);
    expect(await prisma.eventRegistration.count({ where: { eventId: event.id, status: "WAITLISTED" } })).toBe(2);
  });

  it("concurrent cancels and registrations together never exceed the capacity", async () => {
    const { event } = await newEvent({ capacity: 2 });
    const placed = await members(2);
    for (const m of placed) await service.register(m, event.id);
    const waiting = await members(2);
    for (const m of waiting) await service.register(m, event.id);
    const newcomers = await members(4);

    await Promise.all([...placed.map((m) => service.cancelRegistration(m, event.id)), ...newcomers.map((m) => service.register(m, event.id))]);

    expect(await prisma.eventRegistration.count({ where: { eventId: event.id, status: "REGISTERED" } })).toBe(2);
    // The waitlisted members were first in line for the freed places.
    for (const m of waiting) expect(await statusOf(event.id, m.id)).toBe("REGISTERED");
  });
});

// ---------------------------------------------------------------- attendance and follow-up

describe("checkIn", () => {
  it("opens 15 minutes before the start (inclusive) and closes after the end", async () => {
    const { event } = await newEvent({ duration: 60 });
    const [a, b, c] = await members(3);
    for (const m of [a, b, c]) await service.register(m, event.id);
    const start = event.startsAt.getTime();

    setNow(new Date(start - 15 * MINUTE - 1));
    await expectDomain(service.checkIn(a, event.id), "events-checkin-too-early");
    setNow(new Date(start - 15 * MINUTE));
    expect(await service.checkIn(a, event.id)).toBe("checked-in");
    expect((await prisma.eventRegistration.findFirstOrThrow({ where: { eventId: event.id, memberId: a!.id } })).attendedAt).toEqual(now);

    setNow(new Date(start + 60 * MINUTE));
    expect(await service.checkIn(b, event.id)).toBe("checked-in");
    setNow(new Date(start + 60 * MINUTE + 1));
    await expectDomain(service.checkIn(c, event.id), "events-checkin-over");
  });

  it("checks the code (case and spaces ignored) and records attendance once", async () => {
    const { event } = await newEvent();
    const a = await member();
    await service.register(a, event.id);
    setNow(new Date(event.startsAt.getTime() + 5 * MINUTE));

    await expectDomain(service.checkIn(a, event.id, { code: "WRONG1" }), "events-checkin-code-wrong");
    expect(await service.checkIn(a, event.id, { code: `  ${event.checkinCode.toLowerCase()} ` })).toBe("checked-in");
    const first = (await prisma.eventRegistration.findFirstOrThrow({ where: { eventId: event.id, memberId: a.id } })).attendedAt;
    setNow(new Date(now.getTime() + MINUTE));
    expect(await service.checkIn(a, event.id, { code: event.checkinCode })).toBe("already");
    expect(await service.checkIn(a, event.id)).toBe("already");
    expect((await prisma.eventRegistration.findFirstOrThrow({ where: { eventId: event.id, memberId: a.id } })).attendedAt).toEqual(first);
  });

  it("is for members holding a place only", async () => {
    const { event } = await newEvent({ capacity: 1 });
    const [a, b, c] = await members(3);
    await service.register(a, event.id);
    await service.register(b, event.id);
    setNow(event.startsAt);
    await expectDomain(service.checkIn(b, event.id), "events-checkin-not-registered");
    await expectDomain(service.checkIn(c, event.id, { code: event.checkinCode }), "events-checkin-not-registered");
  });

  it("two check-ins at once record one attendance", async () => {
    const { event } = await newEvent();
    const a = await member();
    await service.register(a, event.id);
    setNow(event.startsAt);
    const results = await Promise.all([service.checkIn(a, event.id), service.checkIn(a, event.id), service.checkIn(a, event.id)]);
    expect(results.filter((r) => r === "checked-in")).toHaveLength(1);
  });
});

describe("feedback and recording", () => {
  it("is for attendees after the start, one changeable score each; staff see the average", async () => {
    const { organiser, event } = await newEvent();
    const [a, b, absent] = await members(3);
    for (const m of [a, b, absent]) await service.register(m, event.id);
    setNow(new Date(event.startsAt.getTime() - 10 * MINUTE));
    await service.checkIn(a, event.id);
    await expectDomain(service.feedback(a, event.id, 5), "events-feedback-too-early");

    setNow(new Date(event.startsAt.getTime() + 5 * MINUTE));
    await service.checkIn(b, event.id);
    await expectDomain(service.feedback(absent, event.id, 4), "events-feedback-not-attended");
    await expectDomain(service.feedback(a, event.id, 6), "events-score-bad");
    await expectDomain(service.feedback(a, event.id, 0), "events-score-bad");
    await expectDomain(service.feedback(a, event.id, 4, "к".repeat(1001)), "events-feedback-long");

    await service.feedback(a, event.id, 2);
    await service.feedback(a, event.id, 5, "  Очень полезно ");
    await service.feedback(b, event.id, 4);

    await expectForbidden(service.feedbackSummary(a, event.id));
    const summary = await service.feedbackSummary(organiser, event.id);
    expect(summary).toMatchObject({ average: 4.5, count: 2, comments: [{ score: 5, comment: "Очень полезно" }] });
  });

  it("setRecording returns the members who did not attend (waitlisted included)", async () => {
    const { organiser, event } = await newEvent({ capacity: 2 });
    const [a, b, c, gone] = await members(4);
    for (const m of [a, b, c, gone]) await service.register(m, event.id);
    await service.cancelRegistration(gone, event.id); // c was promoted
    setNow(event.startsAt);
    await service.checkIn(a, event.id);
    setNow(new Date(event.startsAt.getTime() + 3 * 60 * MINUTE));

    await expectForbidden(service.setRecording(a, event.id, "https://video.example.org/1"));
    await expectDomain(service.setRecording(organiser, event.id, "file:///etc/passwd"), "events-url-bad");
    const { notify } = await service.setRecording(organiser, event.id, "https://video.example.org/1");
    expect(notify.sort()).toEqual([b!.id, c!.id].sort());
    expect((await service.card(b, event.id)).event.recordingUrl).toBe("https://video.example.org/1");
    expect((await service.card(await member(), event.id)).event.recordingUrl).toBeNull();
  });
});

// ---------------------------------------------------------------- domain events

describe("domain events (the notices follow them; no caller has to remember)", () => {
  it("each committed change is announced once, with ids only; refusals and no-ops announce nothing", async () => {
    const mark = emitted.length;
    const since = () => emitted.slice(mark);
    const { organiser, event } = await newEvent({ capacity: 1 });
    const [a, b] = await members(2);
    await service.register(a, event.id);
    await service.register(a, event.id); // already registered: nothing new
    await service.register(b, event.id); // waitlisted: no place taken
    await service.cancelRegistration(a, event.id); // b gets the place
    await service.edit(organiser, event.id, { title: event.title }); // nothing changed
    await expectDomain(service.edit(organiser, event.id, { capacity: 5, start: new Date(START_OF_TESTS.getTime() - MINUTE) }), "events-time-past");
    await service.edit(organiser, event.id, { capacity: 2 });
    await service.setRecording(organiser, event.id, "https://video.example.org/2");
    await service.cancel(organiser, event.id);
    await expectDomain(service.cancel(organiser, event.id), "events-cancelled");
    expect(since()).toEqual([
      { name: "event.created", payload: { eventId: event.id } },
      { name: "event.registered", payload: { eventId: event.id, memberId: a!.id, placesTaken: 1 } },
      { name: "event.promoted", payload: { eventId: event.id, memberId: b!.id } },
      { name: "event.changed", payload: { eventId: event.id, timeChanged: false, remindersChanged: false, calendarChanged: false, promoted: [] } },
      { name: "event.recording-added", payload: { eventId: event.id, notify: [b!.id] } },
      { name: "event.cancelled", payload: { eventId: event.id, notify: [b!.id] } },
    ]);
  });
});

// ---------------------------------------------------------------- reading

describe("queries", () => {
  // upcoming() lists every scheduled event: these tests get a database of their own.
  let shared: { db: TestDatabase; service: EventsService } | undefined;
  beforeAll(async () => {
    shared = { db, service };
    db = await createTestDatabase();
    prisma = db.prisma;
    service = serviceOn(prisma);
  });
  afterAll(async () => {
    await db.drop();
    db = shared!.db;
    prisma = db.prisma;
    service = shared!.service;
  });

  it("upcoming: the viewer's subjects (and events for every subject) first, others only with `all`", async () => {
    const base = START_OF_TESTS.getTime() + 400 * 24 * 60 * MINUTE;
    const at = (h: number) => new Date(base + h * 60 * MINUTE);
    const chemistry = await newEvent({ subjectCodes: ["chemistry"], start: at(1), title: "Химия: опыты" });
    const everyone = await newEvent({ subjectCodes: [], start: at(2), title: "Педсовет для всех" });
    const math = await newEvent({ subjectCodes: ["math", "physics"], start: at(3), title: "Математика и физика", capacity: 2 });
    const viewer = await member();
    await service.register(viewer, math.event.id);
    setNow(new Date(base));

    const mine = await service.upcoming(viewer, { subjectsFirst: ["math"], all: false, limit: 10, offset: 0 });
    expect(mine.items.map((c) => c.event.id)).toEqual([everyone.event.id, math.event.id]);
    expect(mine.total).toBe(2);
    expect(mine.items[1]).toMatchObject({ placesLeft: 1, mine: { status: "REGISTERED" } });
    expect(mine.items[1]!.event.onlineUrl).toBe("https://meet.example.org/room-1");
    expect(mine.items[0]!.event.onlineUrl).toBeNull();
    expect(mine.items[1]!.event.checkinCode).toBe("");

    const all = await service.upcoming(viewer, { subjectsFirst: ["math"], all: true, limit: 10, offset: 0 });
    expect(all.items.map((c) => c.event.id)).toEqual([everyone.event.id, math.event.id, chemistry.event.id]);
    const page2 = await service.upcoming(viewer, { subjectsFirst: ["math"], all: true, limit: 2, offset: 1 });
    expect(page2.items.map((c) => c.event.id)).toEqual([math.event.id, chemistry.event.id]);

    setNow(at(2));
    const later = await service.upcoming(viewer, { subjectsFirst: [], all: false, limit: 10, offset: 0 });
    expect(later.items.map((c) => c.event.id)).toEqual([math.event.id]);
  });

  it("myEvents splits upcoming and past; registrants lists statuses and attendance for staff", async () => {
    const m = await member();
    const { organiser, event: soon } = await newEvent({ start: new Date(START_OF_TESTS.getTime() + 60 * MINUTE), duration: 60, capacity: 1 });
    const { event: later } = await newEvent({ start: new Date(START_OF_TESTS.getTime() + 48 * 60 * MINUTE) });
    const other = await member();
    await service.register(m, soon.id);
    await service.register(other, soon.id);
    await service.register(m, later.id);
    setNow(soon.startsAt);
    await service.checkIn(m, soon.id);
    setNow(new Date(soon.startsAt.getTime() + 61 * MINUTE));

    const mine = await service.myEvents(m);
    expect(mine.upcoming.map((c) => c.event.id)).toEqual([later.id]);
    expect(mine.past.map((c) => c.event.id)).toEqual([soon.id]);
    expect(mine.past[0]!.mine?.attendedAt).not.toBeNull();

    await expectForbidden(service.registrants(m, soon.id));
    const { registrants } = await service.registrants(organiser, soon.id);
    expect(registrants.map((r) => [r.memberId, r.status, r.attendedAt !== null])).toEqual([
      [m.id, "REGISTERED", true],
      [other.id, "WAITLISTED", false],
    ]);
    expect(await service.recipients(soon.id)).toEqual([m.id]);
  });
});

// ---------------------------------------------------------------- time zones and calendar files

describe("time zones and .ics", () => {
  it("an organiser in Kaliningrad creates «завтра 18:00»; a member in Vladivostok sees it in their zone", async () => {
    const organiser = await member("MODERATOR", { timezone: "Europe/Kaliningrad" });
    const event = await service.create(organiser, draft({ start: "завтра 18:00", timeZone: "Europe/Kaliningrad" }));
    // 1 December 09:00 UTC is 11:00 in Kaliningrad (UTC+2): tomorrow 18:00 there is 16:00 UTC.
    expect(event.startsAt.toISOString()).toBe("2026-12-02T16:00:00.000Z");
    expect(event.timezone).toBe("Europe/Kaliningrad");
    expect(formatZonedTime(event.startsAt, event.timezone, "ru")).toBe("2 декабря 2026, 18:00 (Europe/Kaliningrad, UTC+2)");
    expect(formatZonedTime(event.startsAt, "Asia/Vladivostok", "ru")).toBe("3 декабря 2026, 02:00 (Asia/Vladivostok, UTC+10)");
    expect(formatZonedTime(event.startsAt, "Asia/Vladivostok", "en")).toBe("3 December 2026, 02:00 (Asia/Vladivostok, UTC+10)");
  });

  it("an event at 18:00 Moscow time has DTSTART 15:00Z, a stable UID and a SEQUENCE that follows edits", async () => {
    const { organiser, event } = await newEvent({ start: "25.12 18:00", timeZone: "Europe/Moscow", duration: 90, capacity: 1 });
    const [a, b, stranger] = await members(3);
    await service.register(a, event.id);
    await service.register(b, event.id);

    const first = await service.ics(a, event.id, "bot.example.org");
    expect(first.fileName).toBe(`event-${event.id}.ics`);
    expect(first.text).toContain("DTSTART:20261225T150000Z");
    expect(first.text).toContain("DTEND:20261225T163000Z");
    expect(first.text).toContain(`UID:event-${event.id}@bot.example.org`);
    expect(first.text).toContain("SEQUENCE:0");
    expect(first.text).toContain("URL:https://meet.example.org/room-1");

    // Issue 9 item 5: the calendar file goes with a place, so the waitlist gets none; nor does a stranger.
    await expectForbidden(service.ics(b, event.id, "bot.example.org"), "events-ics-registrants-only");
    await expectForbidden(service.ics(stranger, event.id, "bot.example.org"), "events-ics-registrants-only");

    await service.edit(organiser, event.id, { start: "25.12 19:00" });
    const moved = await service.ics(a, event.id, "bot.example.org");
    expect(moved.text).toContain("DTSTART:20261225T160000Z");
    expect(moved.text).toContain("SEQUENCE:1");
    expect(moved.text).toContain(`UID:event-${event.id}@bot.example.org`);

    await service.cancel(organiser, event.id);
    const cancelled = await service.ics(a, event.id, "bot.example.org");
    expect(cancelled.text).toContain("METHOD:CANCEL");
    expect(cancelled.text).toContain("STATUS:CANCELLED");
    expect(cancelled.text).toContain("SEQUENCE:2");
  });
});

describe("checkSchedule (issue 9 item 6)", () => {
  it("refuses a start or deadline that the clock has passed, as create would", async () => {
    const start = new Date(START_OF_TESTS.getTime() + 60 * MINUTE);
    expect(() => service.checkSchedule(start, null)).not.toThrow();
    expect(() => service.checkSchedule(start, new Date(start.getTime() - 30 * MINUTE))).not.toThrow();
    const check = (deadline: Date | null) => Promise.resolve().then(() => service.checkSchedule(start, deadline));
    await expectDomain(check(new Date(start.getTime() + MINUTE)), "events-deadline-after-start");
    setNow(new Date(start.getTime() - 10 * MINUTE));
    await expectDomain(check(new Date(start.getTime() - 30 * MINUTE)), "events-deadline-past");
    setNow(start);
    await expectDomain(check(null), "events-time-past");
    expect(service.now()).toEqual(start);
  });
});
