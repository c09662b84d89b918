import { Api, type RawApi, type Transformer } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";

const HTML_METHODS = new Set([
  "sendMessage",
  "editMessageText",
  "sendDocument",
  "sendPhoto",
  "sendVideo",
  "sendAudio",
  "editMessageCaption",
]);

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

/** Installs our transformers on an Api instance: HTML default, "not modified" as success, retries. */
export function configureApi<A extends Api>(api: A): A {
  // The transformer installed last runs first. Auto-retry goes in first so it
  // sits closest to the network and repeats only the raw call.
  api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowInternalServerErrors: false }));
  api.config.use(defaultHtml);
  api.config.use(ignoreNotModified);
  return api;
}

export function createApi(token: string, apiRoot?: string): Api {
  return configureApi(new Api(token, apiRoot ? { apiRoot } : undefined));
}
