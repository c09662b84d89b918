import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, GrammyError, HttpError, InputFile } from "grammy";
import { botApiFetch } from "../../src/bot/http-client.js";

// The bot's Bot API client replaces node-fetch with node:http (src/bot/http-client.ts).
// Bot tests cover plain JSON calls through the strict fake; this covers what
// they rarely do: uploads, refusals, timeouts and keep-alive reuse.
let server: Server;
let apiRoot: string;
const seen: Array<{ method: string; type: string; body: string; socket: number }> = [];
const sockets = new Map<unknown, number>();

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const method = /\/bot[^/]+\/(\w+)/.exec(req.url ?? "")![1]!;
    if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size + 1);
    void bodyOf(req).then((body) => {
      seen.push({ method, type: req.headers["content-type"] ?? "", body, socket: sockets.get(req.socket)! });
      if (method === "hang") return; // never answers
      const answer =
        method === "refuse"
          ? { ok: false, error_code: 400, description: "Bad Request: refused «как надо»" }
          : { ok: true, result: { echo: body.startsWith("{") ? JSON.parse(body) : body.length } };
      res.writeHead(answer.ok ? 200 : 400, { "content-type": "application/json" }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

const api = (timeoutSeconds = 10) => new Api("123:TEST-token-abcdefghijklmnopqrstuv", { apiRoot, fetch: botApiFetch, timeoutSeconds });

describe("botApiFetch", () => {
  it("sends JSON with non-ASCII text and returns the result, reusing the keep-alive connection", async () => {
    const a = api();
    const first = (await a.raw.sendMessage({ chat_id: 1, text: "Привет, «мир» 👋" })) as unknown as { echo: { text: string } };
    expect(first.echo.text).toBe("Привет, «мир» 👋");
    await a.raw.sendMessage({ chat_id: 1, text: "second" });
    const calls = seen.filter((c) => c.method === "sendMessage");
    expect(calls.map((c) => c.type)).toEqual(["application/json", "application/json"]);
    expect(calls[1]!.socket).toBe(calls[0]!.socket);
  });

  it("turns a refusal into a GrammyError with Telegram's description", async () => {
    const error = await (api().raw as unknown as { refuse(p: object): Promise<unknown> }).refuse({ chat_id: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).description).toBe("Bad Request: refused «как надо»");
  });

  it("uploads an InputFile as multipart form data", async () => {
    await api().sendDocument(1, new InputFile(Buffer.from("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), "event.ics"), { caption: "Календарь" });
    const upload = seen.find((c) => c.method === "sendDocument")!;
    expect(upload.type).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.body).toContain("filename=event.ics");
    expect(upload.body).toContain("BEGIN:VCALENDAR");
    expect(upload.body).toContain("Календарь");
  });

  it("gives up on a call that is never answered after the client's timeout", async () => {
    const started = Date.now();
    const error = await (api(1).raw as unknown as { hang(p: object): Promise<unknown> }).hang({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
