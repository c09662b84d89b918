// The sending path (src/features/delivery) end to end on the real PostgreSQL and Redis:
// the real container (repositories, DeliveryService, the "delivery.send" processor, the
// send queue's settings) and real BullMQ workers started as main.ts starts them, sending
// to the local HTTP fake of the Bot API through TELEGRAM_API_ROOT. Each test has its own
// database and Redis prefix; the fake is shared by the file and reset before each test.
//
// "Two processes" below are two sets of workers on the same queues, as two worker
// containers would run them: the send budget and a 429 pause are global, so they hold
// across both.

import { Writable } from "node:stream";
import { Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Container } from "../../src/container.js";
import { SendBudget } from "../../src/features/delivery/delivery.budget.js";
import { DeliveryRenderers } from "../../src/features/delivery/delivery.renderers.js";
import { DeliveryService, deliveryJobId, type DeliveryServiceOptions } from "../../src/features/delivery/delivery.service.js";
import type { OutgoingMessage } from "../../src/features/delivery/delivery.types.js";
import type { JobPayloads } from "../../src/jobs/definitions.js";
import { BotApiFakeError, makeTextUpdate, startBotApiFake, type BotApiFake, type RecordedCall } from "../support/bot-api-fake.js";
import type { TestDatabase } from "../support/database.js";
import { waitUntil } from "../support/wait.js";
import { TEST_REDIS_URL as REDIS_URL, WorkerHarness } from "../support/worker-harness.js";

const KIND = "test.note";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let fake: BotApiFake;
let harness: WorkerHarness;
let db: TestDatabase;
let prefix: string;
let container: Container;
/** Log records of the container and its workers, parsed from pino's JSON lines. */
let logs: Array<Record<string, unknown>>;

beforeAll(async () => {
  fake = await startBotApiFake();
});

afterAll(async () => {
  await fake.close();
});

beforeEach(async () => {
  fake.reset();
  harness = await WorkerHarness.create({ fake, build: false });
  ({ db, prefix } = harness);
  logs = [];
});

afterEach(async () => {
  await harness.close();
});

/** Builds the container as main.ts does, with a test renderer for KIND registered. */
function build(
  options: { env?: Record<string, string>; delivery?: DeliveryServiceOptions; renderer?: (refId: string, memberId: number) => OutgoingMessage | undefined } = {},
): Container {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  container = harness.build({
    env: { LOG_LEVEL: "debug", ...options.env },
    logger: pino({ level: "debug" }, sink),
    delivery: { backoffDelayMs: 10, ...options.delivery },
  });
  const render = options.renderer ?? ((refId: string, memberId: number) => ({ method: "sendMessage" as const, text: `Note <b>${refId}</b> for member ${memberId}` }));
  container.services.deliveryRenderers.register(KIND, async (refId, member) => render(refId, member.id));
  return container;
}

interface TestMember {
  id: number;
  telegramId: bigint;
  chatId: number;
}

let nextTelegramId = 600_000_000;

async function addMembers(count: number): Promise<TestMember[]> {
  const telegramIds = Array.from({ length: count }, () => BigInt(nextTelegramId++));
  // In chunks: Prisma splits a larger createMany into concurrent statements on one connection (a pg deprecation warning).
  for (let i = 0; i < telegramIds.length; i += 5_000) {
    const chunk = telegramIds.slice(i, i + 5_000);
    await db.prisma.member.createMany({ data: chunk.map((telegramId) => ({ telegramId, registeredAt: new Date(), consentStatus: "GIVEN" as const })) });
  }
  const rows = await db.prisma.member.findMany({ where: { telegramId: { in: telegramIds } }, select: { id: true, telegramId: true }, orderBy: { id: "asc" } });
  return rows.map((r) => ({ id: r.id, telegramId: r.telegramId!, chatId: Number(r.telegramId) }));
}

const ids = (members: TestMember[]) => members.map((m) => m.id);

/** Successful sends (any method) per chat id. */
function deliveredPerChat(): Map<number, number> {
  const counts = new Map<number, number>();
  for (const call of fake.calls) {
    if (!/^(send|copy)/.test(call.method) || !call.response.ok) continue;
    const chat = Number(call.payload.chat_id);
    counts.set(chat, (counts.get(chat) ?? 0) + 1);
  }
  return counts;
}

const okSends = (): RecordedCall[] => fake.calls.filter((c) => /^(send|copy)/.test(c.method) && c.response.ok);

async function rows(refId: string) {
  return db.prisma.delivery.findMany({ where: { kind: KIND, refId }, orderBy: { memberId: "asc" } });
}

/** Waits until no delivery of (KIND, refId) is QUEUED or SENDING. */
async function settled(refId: string, timeoutMs?: number): Promise<void> {
  await waitUntil(async () => {
    const p = await container.services.delivery.progress(KIND, refId);
    return p.total > 0 && p.QUEUED + p.SENDING === 0;
  }, timeoutMs);
}

const sendQueue = () => container.queues.queue("send");

/** Runs the container's own "delivery.send" processor on the queued job of a delivery, as a worker would. */
async function runJob(deliveryId: number): Promise<void> {
  const job = (await sendQueue().getJob(deliveryJobId(deliveryId))) as Job<JobPayloads["delivery.send"]>;
  expect(job, `job of delivery ${deliveryId}`).toBeDefined();
  await container.processors["delivery.send"](job.data, job, container.logger.child({ jobId: job.id }));
}

describe("enqueue", () => {
  it("records one QUEUED delivery per member and one job per delivery, with a deterministic job id", async () => {
    build();
    const members = await addMembers(3);
    expect(await container.services.delivery.enqueue(KIND, "note:1", ids(members))).toEqual({ created: 3, ignored: 0 });

    const recorded = await rows("note:1");
    expect(recorded.map((r) => [r.memberId, r.status, r.attempts])).toEqual(members.map((m) => [m.id, "QUEUED", 0]));
    for (const r of recorded) {
      const job = await sendQueue().getJob(deliveryJobId(r.id));
      expect(job?.name).toBe("delivery.send");
      expect(job?.data).toEqual({ deliveryId: r.id });
      expect(job?.opts).toMatchObject({ attempts: 5, backoff: { type: "exponential" } });
    }
    expect(await sendQueue().count()).toBe(3);
  });

  it("is idempotent: enqueueing the same members again creates no second delivery and no second job", async () => {
    build();
    const members = await addMembers(15);
    const service = container.services.delivery;
    expect(await service.enqueue(KIND, "note:2", ids(members.slice(0, 10)))).toEqual({ created: 10, ignored: 0 });
    // Overlapping second call (a fan-out run again after a crash), with a duplicate id in it.
    expect(await service.enqueue(KIND, "note:2", [...ids(members), members[0]!.id])).toEqual({ created: 5, ignored: 10 });
    expect(await db.prisma.delivery.count()).toBe(15);
    expect(await sendQueue().count()).toBe(15);

    harness.startWorkers();
    await settled("note:2");
    expect([...deliveredPerChat().values()]).toEqual(Array(15).fill(1));
    // Once sent, enqueueing again sends nothing more.
    expect(await service.enqueue(KIND, "note:2", ids(members))).toEqual({ created: 0, ignored: 15 });
    await sleep(200);
    expect(okSends()).toHaveLength(15);
  });

  it("queues the job again for a delivery recorded by a fan-out that died before queueing it", async () => {
    build();
    const [member] = await addMembers(1);
    await container.services.delivery.enqueue(KIND, "note:3", [member!.id]);
    // The crash: the row is there, the job is not.
    await sendQueue().obliterate({ force: true });
    expect(await sendQueue().count()).toBe(0);

    expect(await container.services.delivery.enqueue(KIND, "note:3", [member!.id])).toEqual({ created: 0, ignored: 1 });
    expect(await sendQueue().count()).toBe(1);
    harness.startWorkers();
    await settled("note:3");
    expect(deliveredPerChat().get(member!.chatId)).toBe(1);
  });

  it("queues nobody who cannot be reached: inactive, erased or unknown members", async () => {
    build();
    const [active, inactive, erased] = await addMembers(3);
    await db.prisma.member.update({ where: { id: inactive!.id }, data: { isActive: false } });
    await db.prisma.member.update({ where: { id: erased!.id }, data: { telegramId: null, deletedAt: new Date() } });
    const result = await container.services.delivery.enqueue(KIND, "note:4", [active!.id, inactive!.id, erased!.id, 999_999]);
    expect(result).toEqual({ created: 1, ignored: 3 });
    expect((await rows("note:4")).map((r) => r.memberId)).toEqual([active!.id]);
  });

  it("delays deliveries until notBefore and passes the priority to the job", async () => {
    build();
    const [member] = await addMembers(1);
    await container.services.delivery.enqueue(KIND, "note:5", [member!.id], { notBefore: new Date(Date.now() + 60_000), priority: 3 });
    const [row] = await rows("note:5");
    const job = await sendQueue().getJob(deliveryJobId(row!.id));
    expect(await job?.getState()).toBe("delayed");
    expect(job?.opts.delay).toBeGreaterThan(50_000);
    expect(job?.opts.priority).toBe(3);

    harness.startWorkers();
    await sleep(300);
    expect(okSends()).toHaveLength(0);
  });

  it("refuses a kind without a renderer, a malformed kind or ref, and a bad priority", async () => {
    build();
    const service = container.services.delivery;
    await expect(service.enqueue("test.unregistered", "x:1", [1])).rejects.toThrow(/No renderer registered for delivery kind "test.unregistered"/);
    await expect(service.enqueue("Test Note", "x:1", [1])).rejects.toThrow(/Invalid delivery kind/);
    await expect(service.enqueue(KIND, "Иванов И.И.", [1])).rejects.toThrow(/Invalid delivery refId/);
    await expect(service.enqueue(KIND, "", [1])).rejects.toThrow(/Invalid delivery refId/);
    await expect(service.enqueue(KIND, "x:1", [1], { priority: 0 })).rejects.toThrow(RangeError);
    await expect(service.enqueue(KIND, "x:1", [0])).rejects.toThrow(RangeError);
    expect(await db.prisma.delivery.count()).toBe(0);
  });

  it("records 10,000 members in seconds, with one job each", async () => {
    build();
    const members = await addMembers(10_000);
    const started = performance.now();
    const result = await container.services.delivery.enqueue(KIND, "note:big", ids(members));
    const elapsed = performance.now() - started;
    console.log(`enqueue of 10,000 deliveries: ${Math.round(elapsed)} ms`);
    expect(result).toEqual({ created: 10_000, ignored: 0 });
    expect(await db.prisma.delivery.count({ where: { status: "QUEUED" } })).toBe(10_000);
    expect(await sendQueue().count()).toBe(10_000);
    // Generous: about a second here; what matters is that it is not minutes.
    expect(elapsed).toBeLessThan(20_000);
  }, 60_000);
});

describe("sending", () => {
  it("sends each delivery once, records SENT with Telegram's message id, and logs ids only", async () => {
    build();
    const members = await addMembers(12);
    await container.services.delivery.enqueue(KIND, "note:10", ids(members));
    harness.startWorkers();
    await settled("note:10");

    expect([...deliveredPerChat().entries()].sort()).toEqual(members.map((m) => [m.chatId, 1]).sort());
    for (const r of await rows("note:10")) {
      const call = okSends().find((c) => Number(c.payload.chat_id) === members.find((m) => m.id === r.memberId)!.chatId)!;
      expect(r).toMatchObject({ status: "SENT", attempts: 1, error: null, telegramMessageId: (call.response as { result: { message_id: number } }).result.message_id });
      expect(r.sentAt).toBeInstanceOf(Date);
      // HTML by default, as everywhere in the bot.
      expect(call.payload.parse_mode).toBe("HTML");
    }
    expect(await container.services.delivery.progress(KIND, "note:10")).toEqual({
      QUEUED: 0,
      SENDING: 0,
      SENT: 12,
      BLOCKED: 0,
      FAILED: 0,
      SKIPPED: 0,
      total: 12,
    });
    expect(await sendQueue().getJobCounts("completed", "failed")).toEqual({ completed: 0, failed: 0 });
    expect(JSON.stringify(logs)).not.toContain("Note ");
  });

  it("sends copyMessage and sendDocument (file_id or bytes) renderings", async () => {
    const source = makeTextUpdate({ id: 4242 }, "Объявление");
    fake.pushUpdate(source);
    const messages: Record<string, OutgoingMessage> = {
      "copy:1": { method: "copyMessage", fromChatId: 4242, messageId: source.message!.message_id },
      "doc:1": { method: "sendDocument", document: { bytes: Buffer.from("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), filename: "event.ics" }, caption: "<b>Calendar</b>" },
    };
    build({ renderer: (refId) => messages[refId] });
    const [member] = await addMembers(1);
    await container.services.delivery.enqueue(KIND, "copy:1", [member!.id]);
    await container.services.delivery.enqueue(KIND, "doc:1", [member!.id]);
    harness.startWorkers();
    await settled("copy:1");
    await settled("doc:1");

    const copy = fake.callsOf("copyMessage")[0]!;
    expect(copy.payload).toMatchObject({ chat_id: member!.chatId, from_chat_id: 4242, message_id: source.message!.message_id });
    // Two deliveries to one member go out concurrently: in either order.
    expect(
      fake
        .messagesIn(member!.chatId)
        .map((m) => m.text ?? m.document?.file_name)
        .sort(),
    ).toEqual(["event.ics", "Объявление"].sort());
    const doc = fake.callsOf("sendDocument")[0]!;
    expect(doc.payload).toMatchObject({ caption: "<b>Calendar</b>", parse_mode: "HTML", document: { kind: "upload", filename: "event.ics" } });
    expect((await rows("copy:1"))[0]!.telegramMessageId).toBe((copy.response as { result: { message_id: number } }).result.message_id);
  });

  it("sends once when the same job runs twice (a retry after the delivery was sent)", async () => {
    build();
    const [member] = await addMembers(1);
    await container.services.delivery.enqueue(KIND, "note:11", [member!.id]);
    const [row] = await rows("note:11");

    await runJob(row!.id);
    await runJob(row!.id);

    expect(okSends()).toHaveLength(1);
    expect((await rows("note:11"))[0]).toMatchObject({ status: "SENT", attempts: 1 });
  });

  it("a job that finds its delivery SENDING sends nothing: the outcome of that send is unknown, the sweep decides", async () => {
    // Reproduces issue 9 item 14: the claim accepted its own SENDING row, so a retried job sent again.
    build();
    const [member] = await addMembers(1);
    await container.services.delivery.enqueue(KIND, "note:12", [member!.id]);
    const [row] = await rows("note:12");
    await db.prisma.delivery.update({ where: { id: row!.id }, data: { status: "SENDING", attempts: 1 } });

    await runJob(row!.id);
    expect(okSends()).toHaveLength(0);
    expect((await rows("note:12"))[0]).toMatchObject({ status: "SENDING", attempts: 1 });
  });

  it("a send whose answer never came (connection lost after Telegram took it) is not sent again by the job; the sweep decides later", async () => {
    // Reproduces issue 9 item 14: an unknown outcome was retried at once as a transient error, so the member got it twice.
    build();
    const [member] = await addMembers(1);
    await container.services.delivery.enqueue(KIND, "note:13", [member!.id]);
    const [row] = await rows("note:13");
    fake.loseResponses("sendMessage", 1);

    await runJob(row!.id);
    await runJob(row!.id);
    expect(okSends()).toHaveLength(1);
    expect((await rows("note:13"))[0]).toMatchObject({ status: "SENDING", attempts: 1 });
    expect(logs.some((l) => l.msg === "delivery outcome unknown: left SENDING for the sweep")).toBe(true);
  });

  it("skips a member who became inactive or erased after the delivery was queued", async () => {
    build();
    const [left, erased] = await addMembers(2);
    await container.services.delivery.enqueue(KIND, "note:13", [left!.id, erased!.id]);
    await db.prisma.member.update({ where: { id: left!.id }, data: { isActive: false } });
    await db.prisma.member.update({ where: { id: erased!.id }, data: { telegramId: null, deletedAt: new Date() } });
    harness.startWorkers();
    await settled("note:13");
    expect((await rows("note:13")).map((r) => [r.status, r.error])).toEqual([
      ["SKIPPED", "member inactive"],
      ["SKIPPED", "member erased"],
    ]);
    expect(okSends()).toHaveLength(0);
  });

  it("skips a delivery whose renderer says it no longer applies", async () => {
    build({ renderer: (refId) => (refId === "event:1" ? undefined : { method: "sendMessage", text: "still on" }) });
    const [member] = await addMembers(1);
    await container.services.delivery.enqueue(KIND, "event:1", [member!.id]);
    harness.startWorkers();
    await settled("event:1");
    expect((await rows("event:1"))[0]).toMatchObject({ status: "SKIPPED", error: "no longer applies" });
    expect(fake.calls).toHaveLength(0);
  });
});

describe("Telegram's refusals", () => {
  it("403: marks the member inactive and the delivery BLOCKED; later enqueues skip the member", async () => {
    build();
    const [a, blocked, c] = await addMembers(3);
    fake.blockChat(blocked!.chatId);
    await container.services.delivery.enqueue(KIND, "note:20", ids([a!, blocked!, c!]));
    harness.startWorkers();
    await settled("note:20");

    expect((await rows("note:20")).map((r) => r.status)).toEqual(["SENT", "BLOCKED", "SENT"]);
    expect((await rows("note:20"))[1]!.error).toMatch(/403 Forbidden: bot was blocked by the user/);
    expect((await db.prisma.member.findUnique({ where: { id: blocked!.id } }))!.isActive).toBe(false);

    // The next send leaves the member out and never calls Telegram for them.
    expect(await container.services.delivery.enqueue(KIND, "note:21", ids([a!, blocked!, c!]))).toEqual({ created: 2, ignored: 1 });
    await settled("note:21");
    expect(fake.calls.filter((call) => Number(call.payload.chat_id) === blocked!.chatId)).toHaveLength(1);
    expect(deliveredPerChat().get(a!.chatId)).toBe(2);
  });

  it("400 chat not found: BLOCKED, without retries, and the member stays active", async () => {
    build();
    const [member] = await addMembers(1);
    fake.setHandler("sendMessage", () => {
      throw new BotApiFakeError(400, "Bad Request: chat not found");
    });
    await container.services.delivery.enqueue(KIND, "note:22", [member!.id]);
    harness.startWorkers();
    await settled("note:22");
    expect((await rows("note:22"))[0]).toMatchObject({ status: "BLOCKED", attempts: 1, error: "sendMessage: 400 Bad Request: chat not found" });
    expect((await db.prisma.member.findUnique({ where: { id: member!.id } }))!.isActive).toBe(true);
    expect(fake.calls).toHaveLength(1);
  });

  it("another 400 (Telegram refuses the message itself): FAILED at once, not retried", async () => {
    build({ renderer: () => ({ method: "sendMessage", text: "<b>unclosed" }) });
    const [member] = await addMembers(1);
    await container.services.delivery.enqueue(KIND, "note:23", [member!.id]);
    harness.startWorkers();
    await settled("note:23");
    const [row] = await rows("note:23");
    expect(row).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(row!.error).toMatch(/^sendMessage: 400 Bad Request: can't parse entities/);
    expect(fake.calls).toHaveLength(1);
    await waitUntil(async () => (await sendQueue().getJobCounts("failed")).failed === 1);
  });

  it("other errors are retried with backoff, then the delivery is FAILED with the reason; logs never carry the text", async () => {
    build({ delivery: { attempts: 3 } });
    const [flaky, down] = await addMembers(2);
    let flakyCalls = 0;
    fake.setHandler("sendMessage", (payload) => {
      if (payload.chat_id === flaky!.chatId && ++flakyCalls > 1)
        return { message_id: 77, date: 0, chat: { id: flaky!.chatId, type: "private", first_name: "A" }, text: "ok" };
      throw new BotApiFakeError(502, "Bad Gateway");
    });
    await container.services.delivery.enqueue(KIND, "note:24", ids([flaky!, down!]));
    harness.startWorkers();
    await settled("note:24");

    expect((await rows("note:24")).map((r) => [r.status, r.attempts, r.error])).toEqual([
      ["SENT", 2, null],
      ["FAILED", 3, "sendMessage: 502 Bad Gateway"],
    ]);
    await waitUntil(async () => (await sendQueue().getJobCounts("failed")).failed === 1);
    const failures = logs.filter((l) => l.msg === "job failed");
    expect(failures.length).toBeGreaterThanOrEqual(3);
    expect(failures[0]).toMatchObject({ queue: "send", jobId: expect.stringMatching(/^dlv-\d+$/) });
    // The request payload (the message text) is in no log line and not in the failed job.
    expect(JSON.stringify(logs)).not.toContain("Note ");
    const [failedJob] = await sendQueue().getJobs(["failed"]);
    expect(failedJob!.failedReason).toBe("sendMessage: 502 Bad Gateway");
    expect(JSON.stringify(failedJob!.stacktrace)).not.toContain("Note ");
  });

  it("429: pauses the whole send queue (both processes) for retry_after, without using an attempt; everyone gets it once", async () => {
    // One attempt only: if the 429 used one, the delivery would be FAILED.
    build({ env: { SEND_RATE_PER_SECOND: "100" }, delivery: { attempts: 1 } });
    const members = await addMembers(200);
    fake.setLatency(20);
    fake.inject429(1, 1);
    await container.services.delivery.enqueue(KIND, "note:25", ids(members));
    harness.startWorkers();
    harness.startWorkers();
    await settled("note:25");

    expect([...deliveredPerChat().values()]).toEqual(Array(200).fill(1));
    expect((await rows("note:25")).every((r) => r.status === "SENT")).toBe(true);
    const limited = fake.calls.filter((c) => !c.response.ok);
    expect(limited).toHaveLength(1);
    expect(limited[0]!.response).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    const limitedMember = members.find((m) => m.chatId === Number(limited[0]!.payload.chat_id))!;
    expect((await rows("note:25")).find((r) => r.memberId === limitedMember.id)!.attempts).toBe(2);

    // Sends already on their way when the 429 came back may still land; after that,
    // nothing until retry_after has passed.
    const t429 = limited[0]!.at;
    const duringPause = okSends().filter((c) => c.at > t429 + 300 && c.at < t429 + 950);
    expect(duringPause).toHaveLength(0);
    const retried = okSends().find((c) => Number(c.payload.chat_id) === limitedMember.chatId)!;
    expect(retried.at).toBeGreaterThanOrEqual(t429 + 950);
  });
});

/** The most of `times` (ms) in any sliding second, and in any whole second of the clock. */
function busiest(times: readonly number[]): { sliding: number; clock: number } {
  const t = [...times].sort((x, y) => x - y);
  let sliding = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= 1000) j++;
    sliding = Math.max(sliding, i - j + 1);
  }
  const bins = new Map<number, number>();
  for (const x of t) bins.set(Math.floor(x / 1000), (bins.get(Math.floor(x / 1000)) ?? 0) + 1);
  return { sliding, clock: Math.max(...bins.values()) };
}

describe("the global send budget", () => {
  /** `n` grants taken by `processes` budgets on one key, `perProcess` at once each (as concurrent jobs would). */
  async function grants(rate: number, processes: number, n: number, perProcess = 50): Promise<number[]> {
    const clients = Array.from({ length: processes }, () => new Redis(REDIS_URL));
    try {
      const budgets = clients.map((redis) => new SendBudget(redis, `${prefix}:budget:test`, rate));
      const times: number[] = [];
      let left = n;
      await Promise.all(
        budgets.flatMap((budget) =>
          Array.from({ length: perProcess }, async () => {
            while (left > 0) {
              left--;
              times.push(await budget.acquire());
            }
          }),
        ),
      );
      return times.sort((x, y) => x - y);
    } finally {
      for (const redis of clients) redis.disconnect();
    }
  }

  it.each([
    // The share reached depends on the machine's load (timers fire late); the bound on every second does not.
    // Measured on this 2-core machine at load 20: 97.7 % at 30/s, 83–92 % at 1,000/s (a grant every millisecond).
    [30, 150, 0.95],
    [1000, 3000, 0.8],
  ])(
    "SendBudget at %i/s, two processes, %i grants: never more than the budget in any second, sliding or by the clock, and ≥ %d of it",
    async (rate, n, share) => {
      // Reproduces issue 9 item 4: BullMQ's 200 ms windows let 36 sends into a sliding second at a budget of 30.
      const times = await grants(rate, 2, n);
      expect(times).toHaveLength(n);
      const peak = busiest(times);
      expect(peak.sliding).toBeLessThanOrEqual(rate);
      expect(peak.clock).toBeLessThanOrEqual(rate);
      // The first second goes at the full budget too; the rate over the whole run is what a broadcast gets.
      const achieved = (n - 1) / ((times.at(-1)! - times[0]!) / 1000);
      console.log(`SendBudget ${rate}/s: ${achieved.toFixed(1)}/s, busiest sliding second ${peak.sliding}`);
      expect(achieved).toBeGreaterThanOrEqual(rate * share);
      expect(achieved).toBeLessThanOrEqual(rate * 1.01);
    },
    30_000,
  );

  it("SendBudget spreads the budget over the second instead of a burst at its start", async () => {
    const times = await grants(1000, 2, 1000);
    // The 50 ms at the start: the pace allows a burst of 25 ms at most, then one per ms.
    expect(times.filter((t) => t < times[0]! + 50).length).toBeLessThanOrEqual(75);
  }, 30_000);

  it("a pause (429) holds every process's grants until it is over", async () => {
    const redis = new Redis(REDIS_URL);
    try {
      const a = new SendBudget(redis, `${prefix}:budget:pause`, 100);
      const b = new SendBudget(redis, `${prefix}:budget:pause`, 100);
      const before = await a.acquire();
      await b.pause(700);
      const after = await Promise.all([a.acquire(), b.acquire()]);
      for (const t of after) expect(t - before).toBeGreaterThanOrEqual(690);
    } finally {
      redis.disconnect();
    }
  });

  it("two processes sending together stay within SEND_RATE_PER_SECOND=20 at the Bot API, in any second", async () => {
    build({ env: { SEND_RATE_PER_SECOND: "20" } });
    const members = await addMembers(100);
    await container.services.delivery.enqueue(KIND, "note:30", ids(members));
    harness.startWorkers();
    harness.startWorkers();
    await settled("note:30", 25_000);
    expect([...deliveredPerChat().values()]).toEqual(Array(100).fill(1));

    // The budget's own guarantee, on the grants (Redis's clock) of the sends: exact.
    const granted = logs.filter((l) => l.msg === "delivery sent").map((l) => l.grantedAt as number);
    expect(granted).toHaveLength(100);
    expect(busiest(granted)).toEqual({ sliding: 20, clock: 20 });
    // At the Bot API: the same on average; a second there may see a send or two more, moved by the
    // jitter of this one busy test process (the fake and both "processes" share its event loop) —
    // what the defaults' safety margin is for. BullMQ's 200 ms windows gave 24 at the grants already.
    const times = okSends().map((c) => c.at);
    const overall = (times.length - 1) / ((Math.max(...times) - Math.min(...times)) / 1000);
    console.log(`budget 20/s: busiest sliding second ${busiest(times).sliding} sends at the Bot API, overall ${overall.toFixed(1)}/s`);
    expect(overall).toBeLessThanOrEqual(21); // first-to-last over ~5 s: the jitter of two sends moves it by ±0.4
  }, 40_000);
});

describe("cancel", () => {
  it("stops what is not yet sent: QUEUED deliveries become SKIPPED, their jobs are removed, nothing is sent", async () => {
    build();
    const members = await addMembers(10);
    const service = container.services.delivery;
    await service.enqueue(KIND, "note:40", ids(members), { notBefore: new Date(Date.now() + 60_000) });
    await service.enqueue(KIND, "note:41", ids(members.slice(0, 2)));

    expect(await service.cancel(KIND, "note:40")).toBe(10);
    expect(await service.progress(KIND, "note:40")).toMatchObject({ SKIPPED: 10, QUEUED: 0, total: 10 });
    expect((await rows("note:40")).every((r) => r.error === "cancelled")).toBe(true);
    // Only the other send's jobs are left: cancelled ones would still take a share of the budget.
    expect(await sendQueue().count()).toBe(2);
    // Cancelled stays cancelled: enqueueing again queues nobody.
    expect(await service.enqueue(KIND, "note:40", ids(members))).toEqual({ created: 0, ignored: 10 });

    harness.startWorkers();
    await settled("note:41");
    await sleep(200);
    expect(
      okSends()
        .map((c) => Number(c.payload.chat_id))
        .sort(),
    ).toEqual(
      members
        .slice(0, 2)
        .map((m) => m.chatId)
        .sort(),
    );
    expect(await service.cancel(KIND, "note:41")).toBe(0);
  });

  it("a job of a cancelled delivery that still runs sends nothing", async () => {
    build();
    const [member] = await addMembers(1);
    await container.services.delivery.enqueue(KIND, "note:42", [member!.id]);
    const [row] = await rows("note:42");
    const job = (await sendQueue().getJob(deliveryJobId(row!.id)))!;
    await container.services.delivery.cancel(KIND, "note:42");
    await container.processors["delivery.send"](job.data as JobPayloads["delivery.send"], job as Job<JobPayloads["delivery.send"]>, container.logger);
    expect(fake.calls).toHaveLength(0);
    expect((await rows("note:42"))[0]!.status).toBe("SKIPPED");
  });
});

describe("the sweep of stuck deliveries", () => {
  const STALE_AFTER_MS = 10 * 60_000;

  /** Puts a delivery in `status` as last updated `minutes` ago (as a stalled or lost job leaves it). */
  async function leave(id: number, status: "QUEUED" | "SENDING", minutes: number, attempts?: number): Promise<void> {
    await db.prisma.$executeRaw`
      UPDATE deliveries SET status = ${status}::"DeliveryStatus", attempts = COALESCE(${attempts ?? null}::int, attempts),
             updated_at = now() - make_interval(mins => ${minutes}::int)
       WHERE id = ${id}`;
  }

  it("queues again a delivery stuck SENDING whose job is gone; it is then delivered once", async () => {
    build();
    const [member] = await addMembers(1);
    await container.services.delivery.enqueue(KIND, "note:50", [member!.id]);
    const [row] = await rows("note:50");
    // A worker took it, then its job was lost (stalled twice and removed, or Redis lost it).
    await leave(row!.id, "SENDING", 20, 1);
    await sendQueue().obliterate({ force: true });

    // Through the registered processor, as the scheduled job runs it.
    await container.processors["delivery.sweep"]({ staleAfterMs: STALE_AFTER_MS }, {} as Job<JobPayloads["delivery.sweep"]>, container.logger);
    expect((await rows("note:50"))[0]).toMatchObject({ status: "QUEUED", error: "queued again: its job was lost or stalled" });
    expect(await sendQueue().getJob(deliveryJobId(row!.id))).toMatchObject({ name: "delivery.send", data: { deliveryId: row!.id } });
    expect(await sendQueue().count()).toBe(1);

    harness.startWorkers();
    await settled("note:50");
    expect(deliveredPerChat().get(member!.chatId)).toBe(1);
    expect((await rows("note:50"))[0]).toMatchObject({ status: "SENT", attempts: 2, error: null });
    expect(await container.services.delivery.sweep(STALE_AFTER_MS)).toEqual({ stale: 0, live: 0, requeued: 0, failed: 0 });
    await sleep(200);
    expect(okSends()).toHaveLength(1);
  });

  it("a paid delivery is queued, swept and cancelled on the paid lane, and sent with allow_paid_broadcast", async () => {
    build();
    const members = await addMembers(3);
    const service = container.services.delivery;
    await service.enqueue(KIND, "note:55", ids(members), { paid: true });
    const recorded = await rows("note:55");
    expect(recorded.every((r) => r.paid)).toBe(true);
    const paidQueue = container.queues.queue("send-paid");
    expect(await sendQueue().count()).toBe(0);
    expect(await paidQueue.getJob(deliveryJobId(recorded[0]!.id))).toMatchObject({ name: "delivery.send-paid" });

    // One job is lost: the sweep queues it again on the paid lane, not the free one.
    await leave(recorded[0]!.id, "SENDING", 20, 1);
    await paidQueue.remove(deliveryJobId(recorded[0]!.id));
    expect(await service.sweep(STALE_AFTER_MS)).toMatchObject({ requeued: 1 });
    expect(await paidQueue.getJob(deliveryJobId(recorded[0]!.id))).toMatchObject({ name: "delivery.send-paid" });
    expect(await sendQueue().count()).toBe(0);

    // Cancelling one ref removes its jobs from the paid lane.
    await service.enqueue(KIND, "note:56", ids(members), { paid: true });
    expect(await service.cancel(KIND, "note:56")).toBe(3);
    expect(await paidQueue.count()).toBe(3);

    harness.startWorkers();
    await settled("note:55");
    const copies = okSends();
    expect(copies).toHaveLength(3);
    expect(copies.every((c) => c.payload.allow_paid_broadcast === true)).toBe(true);
  });

  it("leaves alone a SENDING delivery younger than the threshold", async () => {
    build();
    const [member] = await addMembers(1);
    await container.services.delivery.enqueue(KIND, "note:51", [member!.id]);
    const [row] = await rows("note:51");
    await leave(row!.id, "SENDING", 2, 1);
    await sendQueue().obliterate({ force: true });

    expect(await container.services.delivery.sweep(STALE_AFTER_MS)).toEqual({ stale: 0, live: 0, requeued: 0, failed: 0 });
    expect((await rows("note:51"))[0]).toMatchObject({ status: "SENDING", attempts: 1 });
    expect(await sendQueue().count()).toBe(0);
  });

  it("does not duplicate a delivery whose job is alive (waiting or delayed), and looks at it again only once stale again", async () => {
    build();
    const [a, b] = await addMembers(2);
    await container.services.delivery.enqueue(KIND, "note:52", [a!.id]);
    await container.services.delivery.enqueue(KIND, "note:53", [b!.id], { notBefore: new Date(Date.now() + 3_600_000) });
    const [waiting] = await rows("note:52");
    const [delayed] = await rows("note:53");
    // A long broadcast's tail and a reminder planned for later: old QUEUED rows with live jobs.
    await leave(waiting!.id, "QUEUED", 30);
    await leave(delayed!.id, "QUEUED", 30);

    expect(await container.services.delivery.sweep(STALE_AFTER_MS)).toEqual({ stale: 2, live: 2, requeued: 0, failed: 0 });
    expect(await sendQueue().count()).toBe(2);
    expect(await (await sendQueue().getJob(deliveryJobId(delayed!.id)))!.getState()).toBe("delayed");
    expect((await rows("note:52"))[0]).toMatchObject({ status: "QUEUED", error: null });
    expect(await container.services.delivery.sweep(STALE_AFTER_MS)).toMatchObject({ stale: 0 });

    harness.startWorkers();
    await settled("note:52");
    await sleep(200);
    expect(okSends().map((c) => Number(c.payload.chat_id))).toEqual([a!.chatId]);
  });

  it("a worker that dies mid-send: the re-run of its stalled job sends nothing, the sweep queues it again, delivered once", async () => {
    build();
    let hanging = true;
    container.services.deliveryRenderers.register("test.hang", async () => {
      // A worker that dies mid-send: the processor never returns and its lock is not renewed.
      if (hanging) await new Promise(() => {});
      return { method: "sendMessage", text: "at last" };
    });
    const [member] = await addMembers(1);
    await container.services.delivery.enqueue("test.hang", "note:55", [member!.id]);
    const row = await db.prisma.delivery.findFirstOrThrow({ where: { kind: "test.hang" } });
    const jobId = deliveryJobId(row.id);
    /** A worker process that dies: force-closed while its job hangs. */
    const shortLockWorker = () =>
      new Worker(
        sendQueue().name,
        (job: Job) => container.processors["delivery.send"](job.data as JobPayloads["delivery.send"], job as Job<JobPayloads["delivery.send"]>, container.logger),
        {
          connection: container.bullRedis,
          prefix: `${prefix}:bull`,
          lockDuration: 300,
          stalledInterval: 300,
          maxStalledCount: 1,
        },
      );
    const dying = shortLockWorker();
    await waitUntil(async () => (await db.prisma.delivery.findUniqueOrThrow({ where: { id: row.id } })).attempts === 1);
    await dying.close(true);
    hanging = false;
    // The stalled job runs again: its delivery is SENDING with an unknown outcome, so it sends nothing.
    const checker = shortLockWorker();
    await waitUntil(async () => (await sendQueue().getJobState(jobId)) === "unknown");
    await checker.close(true);
    expect(fake.calls).toHaveLength(0);
    expect(await db.prisma.delivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "SENDING", attempts: 1 });

    await leave(row.id, "SENDING", 20);
    expect(await container.services.delivery.sweep(STALE_AFTER_MS)).toEqual({ stale: 1, live: 0, requeued: 1, failed: 0 });
    harness.startWorkers();
    await waitUntil(async () => (await db.prisma.delivery.findUniqueOrThrow({ where: { id: row.id } })).status === "SENT");
    expect(deliveredPerChat().get(member!.chatId)).toBe(1);
  }, 30_000);

  it("a delivery whose job failed without the processor recording it: queued again with turns left, else FAILED with the job's reason", async () => {
    let failing = true;
    build({
      delivery: { attempts: 1 },
      renderer: () => {
        if (failing) throw new Error("renderer down");
        return { method: "sendMessage", text: "back" };
      },
    });
    const [retried, exhausted] = await addMembers(2);
    await container.services.delivery.enqueue(KIND, "note:54", ids([retried!, exhausted!]));
    harness.startWorkers();
    await waitUntil(async () => (await sendQueue().getJobCounts("failed")).failed === 2);
    failing = false;
    const [r, e] = await rows("note:54");
    // As a job that stalled twice leaves its delivery: failed job, row still SENDING.
    await leave(r!.id, "SENDING", 20, 0);
    await leave(e!.id, "SENDING", 20, 1);

    expect(await container.services.delivery.sweep(STALE_AFTER_MS)).toEqual({ stale: 2, live: 0, requeued: 1, failed: 1 });
    await settled("note:54");
    const after = await rows("note:54");
    expect(after.map((row) => [row.memberId, row.status, row.error])).toEqual([
      [retried!.id, "SENT", null],
      [exhausted!.id, "FAILED", "renderer down"],
    ]);
    expect([...deliveredPerChat().entries()]).toEqual([[retried!.chatId, 1]]);
  });
});

describe("PostgreSQL failing between the send and recording SENT", () => {
  /**
   * A real PostgreSQL error at the one statement that records SENT: a trigger
   * raises while the flag table has a row (the test "restores" PostgreSQL by
   * emptying it). Every other statement works, as when a connection drops
   * right after Telegram answered.
   */
  async function failRecordingSent(on: boolean): Promise<void> {
    if (on) {
      await db.prisma.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS test_fail_sent (x int)`);
      await db.prisma.$executeRawUnsafe(`
        CREATE OR REPLACE FUNCTION test_fail_sent() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.status = 'SENT' AND OLD.status <> 'SENT' AND EXISTS (SELECT 1 FROM test_fail_sent) THEN
            RAISE EXCEPTION 'injected: the database went away';
          END IF;
          RETURN NEW;
        END $$`);
      await db.prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS test_fail_sent ON deliveries`);
      await db.prisma.$executeRawUnsafe(`CREATE TRIGGER test_fail_sent BEFORE UPDATE ON deliveries FOR EACH ROW EXECUTE FUNCTION test_fail_sent()`);
      await db.prisma.$executeRawUnsafe(`INSERT INTO test_fail_sent VALUES (1)`);
    } else {
      await db.prisma.$executeRawUnsafe(`DELETE FROM test_fail_sent`);
    }
  }

  it("each member gets it exactly once: the retried job records SENT from the sent mark instead of sending again", async () => {
    // Reproduces issue 9 item 14: the retry re-claimed its own SENDING row (or found it QUEUED again) and sent twice
    // (without the fix: 20 of 20 members got it two or more times here).
    // Turns enough to outlast the outage below (200 ms doubling: 25 s), on a loaded machine too.
    build({ delivery: { attempts: 8, backoffDelayMs: 200 } });
    const members = await addMembers(20);
    await failRecordingSent(true);
    await container.services.delivery.enqueue(KIND, "note:70", ids(members));
    harness.startWorkers();
    // Every member has been sent to, and the jobs have been retried meanwhile.
    await waitUntil(async () => deliveredPerChat().size === 20, 20_000);
    // Every job has failed to record its send (not merely sent: on a loaded machine the SENT
    // statement of a send may come well after it, and would then find PostgreSQL already back).
    const unrecorded = () => new Set(logs.filter((l) => l.msg === "delivery sent, SENT not recorded: the job's retry records it").map((l) => l.deliveryId));
    await waitUntil(async () => unrecorded().size === 20, 20_000);
    await failRecordingSent(false);
    await settled("note:70", 40_000);

    expect([...deliveredPerChat().values()]).toEqual(Array(20).fill(1));
    // A job logs right after its SENT commits (and its mark is forgotten): the last line may
    // still be on its way when the rows already read SENT.
    const recordedLater = () => logs.filter((l) => l.msg === "delivery: sent earlier, recorded SENT now");
    await waitUntil(() => new Set(recordedLater().map((l) => l.deliveryId)).size === 20, 10_000);
    expect(recordedLater()).toHaveLength(20);
    const recorded = await rows("note:70");
    expect(recorded.every((r) => r.status === "SENT")).toBe(true);
    // Telegram's message id, not a made-up one.
    const sentIds = new Map(okSends().map((c) => [Number(c.payload.chat_id), (c.response as { result: { message_id: number } }).result.message_id]));
    for (const r of recorded) expect(r.telegramMessageId).toBe(sentIds.get(members.find((m) => m.id === r.memberId)!.chatId));
    await sleep(300);
    expect(okSends()).toHaveLength(20);
  }, 90_000);

  it("when the job has no turn left, the sweep records SENT from the mark, and never sends again", async () => {
    build({ delivery: { attempts: 1 } });
    const [member] = await addMembers(1);
    await failRecordingSent(true);
    await container.services.delivery.enqueue(KIND, "note:71", [member!.id]);
    harness.startWorkers();
    await waitUntil(async () => (await sendQueue().getJobCounts("failed")).failed === 1);
    await failRecordingSent(false);
    const [row] = await rows("note:71");
    expect(row).toMatchObject({ status: "SENDING" });
    await db.prisma.$executeRaw`UPDATE deliveries SET updated_at = now() - interval '20 minutes' WHERE id = ${row!.id}`;

    expect(await container.services.delivery.sweep(10 * 60_000)).toMatchObject({ stale: 1, requeued: 0, failed: 0 });
    expect((await rows("note:71"))[0]).toMatchObject({ status: "SENT", error: null });
    await sleep(300);
    expect(okSends()).toHaveLength(1);
  });
});

describe("unknown kinds", () => {
  it("a delivery whose kind no worker can render fails after its retries, with a clear reason", async () => {
    build();
    // Queued by a process that knows the kind (a newer version); this worker does not.
    const renderers = new DeliveryRenderers().register("test.retired", async () => ({ method: "sendMessage", text: "x" }));
    const producer = new DeliveryService(container.services.deliveryRepository, container.queues, renderers, { attempts: 2, backoffDelayMs: 10 });
    const [member] = await addMembers(1);
    await producer.enqueue("test.retired", "r:1", [member!.id]);
    harness.startWorkers();
    await waitUntil(async () => (await sendQueue().getJobCounts("failed")).failed === 1);

    const row = await db.prisma.delivery.findFirstOrThrow({ where: { kind: "test.retired" } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 2, error: 'No renderer registered for delivery kind "test.retired"' });
    expect(fake.calls).toHaveLength(0);
  });
});
