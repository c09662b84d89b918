import { describe, expect, it } from "vitest";
import { CALLBACK_DATA_MAX_BYTES, answerStale, createCallbackCodec, parseId, parsePage } from "../../src/bot/callback-data.js";

const adm = createCallbackCodec("adm", 1);

describe("createCallbackCodec", () => {
  it("refuses prefixes that are not 1-8 lower-case letters", () => {
    for (const prefix of ["", "Adm", "adm1", "a:b", "abcdefghi"]) {
      expect(() => createCallbackCodec(prefix, 1), prefix).toThrow(/Bad callback prefix/);
    }
  });

  it("packs and unpacks a round trip", () => {
    const data = adm.pack("role", 42, "MODERATOR");
    expect(data).toBe("adm1:role:42:MODERATOR");
    expect(adm.unpack(data)).toEqual({ action: "role", args: ["42", "MODERATOR"] });
  });

  it("packs bigints (Telegram ids) and actions without arguments", () => {
    expect(adm.unpack(adm.pack("user", 7_000_000_000n))).toEqual({ action: "user", args: ["7000000000"] });
    expect(adm.unpack(adm.pack("home"))).toEqual({ action: "home", args: [] });
  });

  it("treats data of another version as stale (undefined)", () => {
    const v2 = createCallbackCodec("adm", 2);
    expect(v2.unpack(adm.pack("role", 42))).toBeUndefined();
    expect(adm.unpack(v2.pack("role", 42))).toBeUndefined();
    expect(adm.unpack("adm11:role:42")).toBeUndefined();
  });

  it("ignores data of another prefix and empty data", () => {
    const menu = createCallbackCodec("menu", 1);
    expect(adm.unpack(menu.pack("home"))).toBeUndefined();
    expect(adm.unpack(undefined)).toBeUndefined();
    expect(adm.unpack("")).toBeUndefined();
    expect(adm.unpack("adm1")).toBeUndefined();
    expect(adm.unpack("adm1:")).toBeUndefined();
    expect(adm.unpack("adm1::42")).toBeUndefined();
  });

  it("refuses more than 64 bytes when packing", () => {
    const head = "adm1:x:"; // 7 bytes
    expect(adm.pack("x", "a".repeat(CALLBACK_DATA_MAX_BYTES - head.length))).toHaveLength(64);
    expect(() => adm.pack("x", "a".repeat(CALLBACK_DATA_MAX_BYTES - head.length + 1))).toThrow(/exceeds 64 bytes/);
  });

  it("refuses more than 64 bytes when unpacking", () => {
    const ok = `adm1:x:${"a".repeat(57)}`;
    expect(adm.unpack(ok)).toEqual({ action: "x", args: ["a".repeat(57)] });
    expect(adm.unpack(`${ok}a`)).toBeUndefined();
  });

  it("refuses unsafe characters when packing", () => {
    for (const arg of ["a:b", "../../", "a b", "<b>", "ё", "a\nb", "😀"]) {
      expect(() => adm.pack("role", arg), arg).toThrow(/unsafe characters/);
    }
    expect(() => adm.pack("ro:le")).toThrow(/unsafe characters/);
  });

  it("refuses forged data with unsafe characters when unpacking", () => {
    for (const data of ["adm1:role:../../", "adm1:role:42/1", "adm1:role:<b>", "adm1:rol e:1", "adm1:role:1\n", "adm1:роль:1"]) {
      expect(adm.unpack(data), data).toBeUndefined();
    }
  });

  it("pattern matches any data of this prefix and version only", () => {
    expect(adm.pattern.test("adm1:role:1")).toBe(true);
    expect(adm.pattern.test("adm2:role:1")).toBe(false);
    expect(adm.pattern.test("xadm1:role:1")).toBe(false);
    expect(adm.pattern.test("adm11:role:1")).toBe(false);
  });

  it("action() matches only that action", () => {
    const role = adm.action("role");
    expect(role.test("adm1:role")).toBe(true);
    expect(role.test("adm1:role:42:ADMIN")).toBe(true);
    expect(role.test("adm1:roles:42")).toBe(false);
    expect(role.test("adm1:rol")).toBe(false);
    expect(role.test("adm1:x:role")).toBe(false);
    expect(role.test("adm2:role:42")).toBe(false);
    expect(role.test("xadm1:role:42")).toBe(false);
  });

  // Regression: the action name went into the RegExp unescaped, so "a.b" matched "aXb".
  it("action() treats '.' in an action name literally", () => {
    expect(adm.action("a.b").test("adm1:aXb:1")).toBe(false);
  });
});

describe("handle", () => {
  function fakeCtx(data: string) {
    const answers: Array<{ text: string }> = [];
    return {
      answers,
      callbackQuery: { data },
      answerCallbackQuery: async (other: { text: string }) => void answers.push(other),
      t: (key: string) => `t:${key}`,
    };
  }

  it("gives the handler the decoded arguments", async () => {
    const seen: string[][] = [];
    const handler = adm.handle(async (_ctx, args) => void seen.push(args));
    const ctx = fakeCtx(adm.pack("role", 42, "ADMIN"));
    await handler(ctx);
    expect(seen).toEqual([["42", "ADMIN"]]);
    expect(ctx.answers).toEqual([]);
  });

  // action() only looks at the prefix and the action: the rest of forged data must not reach the handler.
  it("answers forged data that matches action() as a stale button, without calling the handler", async () => {
    let called = false;
    const handler = adm.handle(async () => void (called = true));
    for (const data of ["adm1:role:../../", `adm1:role:${"a".repeat(60)}`]) {
      expect(adm.action("role").test(data), data).toBe(true);
      const ctx = fakeCtx(data);
      await handler(ctx);
      expect(ctx.answers, data).toEqual([{ text: "t:errors-stale-button" }]);
    }
    expect(called).toBe(false);
  });

  it("answerStale answers with the stale-button text", async () => {
    const ctx = fakeCtx("x");
    await answerStale(ctx);
    expect(ctx.answers).toEqual([{ text: "t:errors-stale-button" }]);
  });
});

describe("parseId", () => {
  it.each([
    ["1", 1],
    ["42", 42],
    ["2147483647", 2_147_483_647],
  ])("accepts %j", (raw, expected) => {
    expect(parseId(raw)).toBe(expected);
  });

  it.each([["0"], ["-1"], ["01"], ["99999999999"], ["2147483648"], ["1e3"], [""], [" 1"], ["1.0"], ["0x10"]])("refuses %j", (raw) => {
    expect(parseId(raw)).toBeUndefined();
  });

  it("refuses undefined", () => {
    expect(parseId(undefined)).toBeUndefined();
  });
});

describe("parsePage", () => {
  it.each([
    ["0", 0],
    ["1", 1],
    ["9999", 9999],
    // Not canonical but harmless: it opens the same page as "1".
    ["01", 1],
  ])("accepts %j", (raw, expected) => {
    expect(parsePage(raw)).toBe(expected);
  });

  it.each([["-1"], ["99999999999"], ["10000"], ["1e3"], [""], ["1.5"], [" 1"]])("refuses %j", (raw) => {
    expect(parsePage(raw)).toBeUndefined();
  });

  it("refuses undefined", () => {
    expect(parsePage(undefined)).toBeUndefined();
  });
});
