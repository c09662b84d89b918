import type { BotContext, DeepLinks } from "./context.js";

export type DeepLinkHandler = (ctx: BotContext, argument: string) => Promise<void>;

interface Route {
  handler: DeepLinkHandler;
  /** When true, an unregistered member is registered first and then sent back to the link. */
  requiresRegistration: boolean;
}

/** Telegram allows A-Z, a-z, 0-9, _ and - in start payloads, up to 64 characters. */
const PAYLOAD = /^([A-Za-z0-9]+)_([A-Za-z0-9_-]{1,60})$/;

/**
 * Routes `t.me/<bot>?start=<prefix>_<argument>` to features. A feature adds
 * its links with one line: `deepLinks.route("m", openMaterial)`.
 */
export class DeepLinkRouter implements DeepLinks {
  private readonly routes = new Map<string, Route>();

  route(prefix: string, handler: DeepLinkHandler, options: { requiresRegistration?: boolean } = {}): this {
    if (!/^[A-Za-z0-9]{1,8}$/.test(prefix)) throw new Error(`Bad deep-link prefix "${prefix}"`);
    if (this.routes.has(prefix)) throw new Error(`Deep-link prefix "${prefix}" is taken`);
    this.routes.set(prefix, { handler, requiresRegistration: options.requiresRegistration ?? true });
    return this;
  }

  /** Builds the payload of a link to `prefix` with `argument`. */
  static payload(prefix: string, argument: string | number): string {
    return `${prefix}_${argument}`;
  }

  /**
   * Handles a payload. Returns "handled", "needs-registration" (the caller
   * registers the member and keeps the payload), or "unknown".
   */
  async handle(ctx: BotContext, payload: string): Promise<"handled" | "needs-registration" | "unknown"> {
    const match = PAYLOAD.exec(payload);
    const route = match ? this.routes.get(match[1]!) : undefined;
    if (!match || !route) return "unknown";
    if (route.requiresRegistration && !ctx.member?.registered) return "needs-registration";
    await route.handler(ctx, match[2]!);
    return "handled";
  }
}
