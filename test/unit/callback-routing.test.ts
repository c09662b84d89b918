// Buttons skip the slices that do not answer them (BotFeature.callbacks): the routing itself, and
// that every codec of the app is declared by some slice, so that no button can be skipped past its own.
import { Composer, Context, type Api } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { describe, expect, it } from "vitest";
import { createCallbackCodec, createdCallbackCodecs } from "../../src/bot/callback-data.js";
import type { BotContext } from "../../src/bot/context.js";
import { onlyOwnButtons } from "../../src/bot/create-bot.js";
import { FEATURES } from "../../src/features/index.js";

const me = { id: 1, is_bot: true, first_name: "bot", username: "bot" } as UserFromGetMe;
const from = { id: 7, is_bot: false, first_name: "Анна" };
const chat = { id: 7, type: "private" as const, first_name: "Анна" };
const tap = (data?: string): Update => ({
  update_id: 1,
  callback_query: { id: "1", from, chat_instance: "c", ...(data === undefined ? { game_short_name: "g" } : { data }) },
});
const text: Update = { update_id: 2, message: { message_id: 1, date: 0, chat, from, text: "привет" } };

const own = createCallbackCodec("own", 1);
const other = createCallbackCodec("oth", 1);

describe("buttons go only to the slices that answer them", () => {
  async function run(update: Update): Promise<{ handled: string[]; passed: boolean }> {
    const handled: string[] = [];
    const composer = new Composer<BotContext>();
    composer.on("callback_query", () => void handled.push("button"));
    composer.on("message", () => void handled.push("message"));
    let passed = false;
    await onlyOwnButtons([own], composer)(new Context(update, {} as Api, me) as BotContext, async () => {
      passed = true;
    });
    return { handled, passed };
  }

  it("a button of the slice's codec reaches its composer", async () => {
    expect(await run(tap(own.pack("open", 1)))).toEqual({ handled: ["button"], passed: false });
  });

  it("a button of another codec, of an old version or of no codec goes straight on", async () => {
    for (const data of [other.pack("open", 1), "own0:open:1", "own1", "garbage"]) {
      expect(await run(tap(data)), data).toEqual({ handled: [], passed: true });
    }
  });

  it("everything else still reaches the composer: messages, buttons without data", async () => {
    expect(await run(text)).toEqual({ handled: ["message"], passed: false });
    expect(await run(tap(undefined))).toEqual({ handled: ["button"], passed: false });
  });
});

describe("every slice's buttons are declared", () => {
  it("each codec the app creates is among some slice's callbacks (the questionnaire's steps go to conversations)", () => {
    const declared = new Set(FEATURES.flatMap((f) => f.callbacks ?? []).map((c) => c.pattern.source));
    const created = createdCallbackCodecs().filter((c) => c.prefix !== "st" && c !== own && c !== other);
    expect(created.length).toBeGreaterThan(20);
    expect(created.filter((c) => !declared.has(c.pattern.source)).map((c) => c.pattern.source)).toEqual([]);
  });

  it("only the last slice, the catch-all for stale buttons, sees every button", () => {
    expect(FEATURES.filter((f) => f.composer && !f.callbacks).map((f) => f.name)).toEqual(["unhandled"]);
    expect(FEATURES.at(-1)!.name).toBe("unhandled");
  });
});
