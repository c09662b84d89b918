import { describe, expect, it, vi } from "vitest";
import type { BotContext } from "../../src/bot/context.js";
import { DeepLinkRouter, type DeepLinkHandler } from "../../src/bot/deep-links.js";

/** The router reads only ctx.member; everything else is passed through to the handler. */
function fakeCtx(member?: { registered: boolean }): BotContext {
  return { member } as unknown as BotContext;
}
const registered = fakeCtx({ registered: true });

function routerWith(prefix: string, options?: { requiresRegistration?: boolean }) {
  const handler = vi.fn<DeepLinkHandler>(async () => {});
  return { router: new DeepLinkRouter().route(prefix, handler, options), handler };
}

describe("DeepLinkRouter", () => {
  it("routes 'm_42' to the 'm' handler with the argument '42'", async () => {
    const { router, handler } = routerWith("m");
    await expect(router.handle(registered, "m_42")).resolves.toBe("handled");
    expect(handler).toHaveBeenCalledExactlyOnceWith(registered, "42");
  });

  it("keeps underscores and hyphens after the first underscore in the argument", async () => {
    const { router, handler } = routerWith("ev");
    await expect(router.handle(registered, "ev_12_a-b")).resolves.toBe("handled");
    expect(handler).toHaveBeenCalledWith(registered, "12_a-b");
  });

  it("routes to the handler of the matching prefix only", async () => {
    const m = vi.fn<DeepLinkHandler>(async () => {});
    const e = vi.fn<DeepLinkHandler>(async () => {});
    const router = new DeepLinkRouter().route("m", m).route("e", e);
    await router.handle(registered, "e_7");
    expect(e).toHaveBeenCalledWith(registered, "7");
    expect(m).not.toHaveBeenCalled();
  });

  it("builds payloads the router understands", async () => {
    const { router, handler } = routerWith("m");
    expect(DeepLinkRouter.payload("m", 42)).toBe("m_42");
    await router.handle(registered, DeepLinkRouter.payload("m", 42));
    expect(handler).toHaveBeenCalledWith(registered, "42");
  });

  it("answers 'unknown' for an unknown prefix", async () => {
    const { router, handler } = routerWith("m");
    await expect(router.handle(registered, "x_42")).resolves.toBe("unknown");
    await expect(router.handle(registered, "M_42")).resolves.toBe("unknown");
    expect(handler).not.toHaveBeenCalled();
  });

  it.each([
    ["empty", ""],
    ["no argument", "m_"],
    ["no prefix", "_42"],
    ["no separator", "m42"],
    ["markup", "m_<script>"],
    ["space", "m_4 2"],
    ["Cyrillic", "m_ё"],
    ["100 characters", `m_${"4".repeat(98)}`],
  ])("answers 'unknown' for a malformed payload (%s)", async (_case, payload) => {
    const { router, handler } = routerWith("m");
    await expect(router.handle(registered, payload)).resolves.toBe("unknown");
    expect(handler).not.toHaveBeenCalled();
  });

  it("accepts the longest argument (60 characters)", async () => {
    const { router, handler } = routerWith("m");
    await expect(router.handle(registered, `m_${"a".repeat(60)}`)).resolves.toBe("handled");
    expect(handler).toHaveBeenCalledOnce();
  });

  it("asks for registration first when the sender is unknown or unregistered", async () => {
    const { router, handler } = routerWith("m");
    await expect(router.handle(fakeCtx(undefined), "m_42")).resolves.toBe("needs-registration");
    await expect(router.handle(fakeCtx({ registered: false }), "m_42")).resolves.toBe("needs-registration");
    expect(handler).not.toHaveBeenCalled();
  });

  it("lets anybody through a route that does not require registration", async () => {
    const { router, handler } = routerWith("inv", { requiresRegistration: false });
    const anonymous = fakeCtx(undefined);
    await expect(router.handle(anonymous, "inv_abc")).resolves.toBe("handled");
    expect(handler).toHaveBeenCalledWith(anonymous, "abc");
  });

  it("answers 'unknown' before checking registration", async () => {
    const { router } = routerWith("m");
    await expect(router.handle(fakeCtx(undefined), "x_42")).resolves.toBe("unknown");
  });

  it("refuses a duplicate prefix", () => {
    const router = new DeepLinkRouter().route("m", async () => {});
    expect(() => router.route("m", async () => {})).toThrow(/"m" is taken/);
  });

  it.each(["", "m_", "m-x", "abcdefghi", "м"])("refuses the bad prefix %j", (prefix) => {
    expect(() => new DeepLinkRouter().route(prefix, async () => {})).toThrow(/Bad deep-link prefix/);
  });

  it("passes handler errors to the caller", async () => {
    const router = new DeepLinkRouter().route("m", async () => {
      throw new Error("boom");
    });
    await expect(router.handle(registered, "m_1")).rejects.toThrow("boom");
  });
});
