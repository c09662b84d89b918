// A lean `fetch` for grammY's Bot API client, on node:http(s) directly.
//
// grammY's default on Node is node-fetch v2 with an abort-controller shim:
// for each call it builds a WHATWG Request, Headers and Response around the
// same node:http request, parses the URL twice and wraps the body in streams.
// Profiles of `npm run bench` (the bot process against a Bot API over HTTP)
// put node-fetch and its shims at about a tenth of the bot's CPU. grammY only
// needs `res.json()` of the answer, so this client sends the request with the
// keep-alive agent grammY configures (`baseFetchConfig.agent`), collects the
// body and parses it once. Streaming bodies (multipart uploads of InputFile)
// are piped; the abort signal (timeouts, the runner's stop) destroys the
// request. Hand-written because no maintained grammY plugin offers it.
import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";

/** The part of a fetch Response that grammY's ApiClient reads. */
interface LeanResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

interface LeanInit {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  signal?: { aborted: boolean; addEventListener(type: "abort", fn: () => void): void; removeEventListener(type: "abort", fn: () => void): void } | null;
  agent?: http.Agent;
}

function abortError(): Error {
  const error = new Error("The operation was aborted.");
  error.name = "AbortError";
  return error;
}

function leanFetch(input: string | URL, init: LeanInit = {}): Promise<LeanResponse> {
  return new Promise<LeanResponse>((resolve, reject) => {
    const url = typeof input === "string" ? new URL(input) : input;
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return reject(abortError());
    const body = init.body;
    const headers: Record<string, string | number> = { ...init.headers };
    if (typeof body === "string") headers["content-length"] = Buffer.byteLength(body);
    const transport = url.protocol === "https:" ? https : http;
    const req = transport.request(url, { method: init.method ?? "GET", headers, agent: init.agent });
    let settled = false;
    const onAbort = () => req.destroy(abortError());
    const done = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      fn();
    };
    signal?.addEventListener("abort", onAbort);
    req.once("error", (error) => done(() => reject(error)));
    req.once("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.once("error", (error) => done(() => reject(error)));
      res.once("end", () => {
        const text = chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8");
        const status = res.statusCode ?? 0;
        done(() =>
          resolve({
            ok: status >= 200 && status < 300,
            status,
            json: async () => JSON.parse(text) as unknown,
            text: async () => text,
          }),
        );
      });
    });
    if (body === undefined || body === null) req.end();
    else if (typeof body === "string" || body instanceof Uint8Array) req.end(body);
    else if (body instanceof Readable) {
      body.once("error", (error) => req.destroy(error));
      body.pipe(req);
    } else {
      req.destroy(new TypeError(`unsupported request body: ${Object.prototype.toString.call(body)}`));
    }
  });
}

/** Pass as `client.fetch` of a grammY Bot or Api. */
export const botApiFetch = leanFetch as unknown as typeof fetch;
