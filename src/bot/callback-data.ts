/**
 * Callback data codec. Every button's data is `<prefix><version>:<action>[:arg]*`,
 * e.g. `adm1:role:42:MODERATOR`. A bump of the version makes every old button
 * of that prefix "stale": it no longer decodes, and the stale-button handler
 * answers politely instead of acting. Arguments are validated by the handler.
 */
export const CALLBACK_DATA_MAX_BYTES = 64;
const SAFE_PART = /^[A-Za-z0-9_.+-]*$/;

export interface DecodedCallback {
  action: string;
  args: string[];
}

/** What `CallbackCodec.handle` needs of a context: grammY's, with the bot's translator. */
export interface CallbackQueryCtx {
  callbackQuery: { data?: string };
  answerCallbackQuery(other: { text: string }): Promise<unknown>;
  t(key: string): string;
}

export interface CallbackCodec {
  readonly prefix: string;
  /** Matches any data of this prefix and version, for `bot.callbackQuery(codec.pattern, ...)`. */
  readonly pattern: RegExp;
  pack(action: string, ...args: Array<string | number | bigint>): string;
  unpack(data: string | undefined): DecodedCallback | undefined;
  /** Pattern matching one action, for `bot.callbackQuery(codec.action("x"), ...)`. */
  action(action: string): RegExp;
  /**
   * The handler of one action, given the decoded arguments:
   * `composer.callbackQuery(codec.action("x"), codec.handle(async (ctx, args) => ...))`.
   * Data that matches the action's pattern but does not decode (unsafe
   * characters, too long) is forged: it is answered as a stale button.
   */
  handle<C extends CallbackQueryCtx>(handler: (ctx: C, args: string[]) => Promise<unknown>): (ctx: C) => Promise<void>;
  /** Like `handle`, for buttons whose first argument is an id (parseId): a forged one gets the stale answer. */
  handleId<C extends CallbackQueryCtx>(handler: (ctx: C, id: number, args: string[]) => Promise<unknown>): (ctx: C) => Promise<void>;
}

/** Every codec created so far (a test checks that some slice declares each one: BotFeature.callbacks). */
const created: CallbackCodec[] = [];
export const createdCallbackCodecs = (): readonly CallbackCodec[] => created;

export function createCallbackCodec(prefix: string, version: number): CallbackCodec {
  if (!/^[a-z]{1,8}$/.test(prefix)) throw new Error(`Bad callback prefix "${prefix}"`);
  const head = `${prefix}${version}`;
  const codec: CallbackCodec = {
    prefix,
    pattern: new RegExp(`^${head}:`),
    pack(action, ...args) {
      const parts = [head, action, ...args.map(String)];
      for (const part of parts.slice(1)) {
        if (!SAFE_PART.test(part)) throw new Error(`Callback data part "${part}" has unsafe characters`);
      }
      const data = parts.join(":");
      if (Buffer.byteLength(data, "utf8") > CALLBACK_DATA_MAX_BYTES) {
        throw new Error(`Callback data "${data}" exceeds ${CALLBACK_DATA_MAX_BYTES} bytes`);
      }
      return data;
    },
    unpack(data) {
      if (!data || Buffer.byteLength(data, "utf8") > CALLBACK_DATA_MAX_BYTES) return undefined;
      const parts = data.split(":");
      if (parts[0] !== head || parts.length < 2) return undefined;
      const [, action, ...args] = parts;
      if (!action || !parts.every((p) => SAFE_PART.test(p))) return undefined;
      return { action, args };
    },
    action(action) {
      const literal = action.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return new RegExp(`^${head}:${literal}(:|$)`);
    },
    handle(handler) {
      return async (ctx) => {
        const data = codec.unpack(ctx.callbackQuery.data);
        if (data) await handler(ctx, data.args);
        else await answerStale(ctx);
      };
    },
    handleId(handler) {
      return codec.handle(async (ctx, args) => {
        const id = parseId(args[0]);
        if (id === undefined) return answerStale(ctx);
        await handler(ctx, id, args);
      });
    },
  };
  created.push(codec);
  return codec;
}

/** The answer to a button that is stale or forged: polite, and nothing changes. */
export async function answerStale(ctx: Pick<CallbackQueryCtx, "answerCallbackQuery" | "t">): Promise<void> {
  await ctx.answerCallbackQuery({ text: ctx.t("errors-stale-button") });
}

/** Parses a positive integer id from callback args; undefined for anything forged. */
export function parseId(raw: string | undefined): number | undefined {
  if (!raw || !/^[1-9]\d{0,9}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= 2_147_483_647 ? n : undefined;
}

/** Parses a page number (0-based) from callback args. */
export function parsePage(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,4}$/.test(raw)) return undefined;
  return Number(raw);
}
