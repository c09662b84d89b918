import { Api, HttpError, type RawApi, type Transformer } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import { botApiFetch } from "./http-client.js";

const HTML_METHODS = new Set(["sendMessage", "editMessageText", "sendDocument", "sendPhoto", "sendVideo", "sendAudio", "editMessageCaption"]);

/** Every message the bot writes is HTML unless a call says otherwise. */
export const defaultHtml: Transformer<RawApi> = (prev, method, payload, signal) => {
  if (HTML_METHODS.has(method) && payload && !("parse_mode" in payload)) {
    return prev(method, { ...payload, parse_mode: "HTML" } as typeof payload, signal);
  }
  return prev(method, payload, signal);
};

/**
 * Editing a message into exactly what it already shows is not an error for us
 * (two taps on the same button, a refresh): Telegram's 400 becomes success.
 */
export const ignoreNotModified: Transformer<RawApi> = async (prev, method, payload, signal) => {
  const result = await prev(method, payload, signal);
  if (!result.ok && result.error_code === 400 && method.startsWith("editMessage") && /message is not modified/i.test(result.description)) {
    return { ok: true, result: true as never };
  }
  return result;
};

/**
 * A bounded retry for network failures (connection refused or reset, timeouts).
 * auto-retry on its own repeats those forever with a backoff that doubles up to
 * an hour, which held an update (and its member's queue) for as long as
 * Telegram was unreachable. Two more tries, then the error goes to the error
 * boundary, which tells the member the bot is briefly unavailable.
 */
export function networkRetry(attempts = 2, firstDelayMs = 1000): Transformer<RawApi> {
  return async (prev, method, payload, signal) => {
    let delay = firstDelayMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        if (!(error instanceof HttpError) || attempt >= attempts || signal?.aborted) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay *= 2;
      }
    }
  };
}

export interface ApiRetryOptions {
  /** Retries after a 429 or a 5xx answer. */
  maxRetryAttempts: number;
  /** A 429 asking to wait longer than this is not waited for. */
  maxDelaySeconds: number;
  /** Network errors: two more tries instead of auto-retry's unbounded backoff. */
  boundedNetworkRetry?: boolean;
}

/**
 * What the bot's own calls use (#9 item 12): a 429 with `retry_after` up to a
 * minute is waited for, so the member still gets the reply; 5xx answers are
 * tried twice more (3 s, then 6 s); network errors twice more (1 s, 2 s).
 * Anything longer is an outage, and the member is told so instead of waiting.
 */
export const BOT_API_RETRY: ApiRetryOptions = { maxRetryAttempts: 2, maxDelaySeconds: 60, boundedNetworkRetry: true };

/**
 * A callback query answered too late (after a long retry, or handled again
 * after a restart) cannot be answered any more; the member's spinner is gone
 * already. Not an error worth failing the update for.
 */
export const ignoreExpiredQuery: Transformer<RawApi> = async (prev, method, payload, signal) => {
  const result = await prev(method, payload, signal);
  if (!result.ok && result.error_code === 400 && method === "answerCallbackQuery" && /query is too old|query ID is invalid/i.test(result.description)) {
    return { ok: true, result: true as never };
  }
  return result;
};

/** Installs our transformers on an Api instance: HTML default, "not modified" as success, retries. */
export function configureApi<A extends Api>(api: A, retry: ApiRetryOptions | false = { maxRetryAttempts: 3, maxDelaySeconds: 30 }): A {
  // The transformer installed last runs first. Retries go in first so they
  // sit closest to the network and repeat only the raw call.
  if (retry) {
    const { boundedNetworkRetry = false, ...limits } = retry;
    if (boundedNetworkRetry) api.config.use(networkRetry());
    api.config.use(autoRetry({ ...limits, rethrowInternalServerErrors: false, rethrowHttpErrors: boundedNetworkRetry }));
  }
  api.config.use(defaultHtml);
  api.config.use(ignoreNotModified);
  api.config.use(ignoreExpiredQuery);
  return api;
}

export function createApi(token: string, apiRoot?: string): Api {
  return configureApi(new Api(token, apiRoot ? { apiRoot } : undefined));
}

/**
 * An Api with none of our transformers, for `getUpdates`: the polling loop
 * retries on its own schedule (seconds, not auto-retry's doubling backoff),
 * so it hears Telegram again within seconds of an outage ending. It uses the
 * bot's lean fetch: every update comes through here.
 */
export function createBareApi(token: string, apiRoot?: string): Api {
  return new Api(token, { fetch: botApiFetch, ...(apiRoot ? { apiRoot } : {}) });
}
