// Request decoding: JSON, urlencoded and grammY's multipart bodies into one payload.
import type { IncomingMessage } from "node:http";
import type { UploadedFile } from "./types.js";

export interface DecodedRequest {
  payload: Record<string, unknown>;
  files: Map<string, { upload: UploadedFile; data: Buffer }>;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * grammY's multipart bodies are not RFC 7578-clean (`content-disposition:form-data;name="x";filename=a b.txt`,
 * no spaces, filename unquoted), which undici's `Request.formData()` rejects,
 * so they are parsed by hand here.
 */
function parseMultipart(body: Buffer, boundary: string): { name: string; filename?: string; contentType?: string; data: Buffer }[] {
  const parts: { name: string; filename?: string; contentType?: string; data: Buffer }[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  const separator = Buffer.from(`\r\n--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos < 0) return parts;
  pos += delimiter.length;
  for (;;) {
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing "--"
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const next = body.indexOf(separator, pos);
    if (next < 0) break;
    const part = body.subarray(pos, next);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const data = part.subarray(headerEnd + 4);
      const disposition = /content-disposition\s*:([^\r\n]*)/i.exec(headers)?.[1] ?? "";
      const name = /(?:^|;)\s*name="([^"]*)"|(?:^|;)\s*name=([^;\s]*)/i.exec(disposition);
      const filename = /;\s*filename="([^"]*)"|;\s*filename=([^;\r\n]*)/i.exec(disposition);
      const contentType = /content-type\s*:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim();
      const entry: { name: string; filename?: string; contentType?: string; data: Buffer } = {
        name: name?.[1] ?? name?.[2] ?? "",
        data,
      };
      if (filename) entry.filename = filename[1] ?? filename[2] ?? "";
      if (contentType) entry.contentType = contentType;
      parts.push(entry);
    }
    pos = next + separator.length;
  }
  return parts;
}

const INTEGER_FIELDS = new Set([
  "chat_id",
  "from_chat_id",
  "message_id",
  "message_thread_id",
  "reply_to_message_id",
  "user_id",
  "duration",
  "width",
  "height",
  "offset",
  "limit",
  "timeout",
  "cache_time",
  "max_connections",
  "until_date",
]);
const STRING_FIELDS = new Set([
  "text",
  "caption",
  "title",
  "description",
  "performer",
  "question",
  "query",
  "emoji",
  "parse_mode",
  "caption_parse_mode",
  "file_name",
  "callback_query_id",
  "inline_query_id",
  "inline_message_id",
]);

/** Form fields arrive as strings; turn them back into what JSON would have carried. */
function coerceFormValue(key: string, value: string): unknown {
  if (STRING_FIELDS.has(key)) return value;
  if ((value.startsWith("{") || value.startsWith("[")) && value.length > 1) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  if (INTEGER_FIELDS.has(key) && /^-?\d+$/.test(value)) return Number(value);
  if (value === "true") return true;
  if (value === "false") return false;
  return value;
}

export async function decodeRequest(req: IncomingMessage, url: URL): Promise<DecodedRequest> {
  const payload: Record<string, unknown> = {};
  const files = new Map<string, { upload: UploadedFile; data: Buffer }>();
  for (const [k, v] of url.searchParams) payload[k] = coerceFormValue(k, v);
  const body = await readBody(req);
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  if (body.length === 0) return { payload, files };
  if (type.startsWith("application/json")) {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) Object.assign(payload, parsed);
  } else if (type.startsWith("multipart/form-data")) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers["content-type"] ?? "");
    const parts = parseMultipart(body, boundary?.[1] ?? boundary?.[2] ?? "");
    for (const part of parts) {
      if (part.filename !== undefined) {
        const upload: UploadedFile = { kind: "upload", field: part.name, filename: part.filename, size: part.data.length };
        if (part.contentType) upload.contentType = part.contentType;
        files.set(part.name, { upload, data: Buffer.from(part.data) });
      } else {
        payload[part.name] = coerceFormValue(part.name, part.data.toString("utf8"));
      }
    }
    // Resolve "attach://<field>" references (top level and inside InputMedia arrays).
    const resolve = (value: unknown): unknown => {
      if (typeof value === "string" && value.startsWith("attach://")) return files.get(value.slice(9))?.upload ?? value;
      if (Array.isArray(value)) return value.map(resolve);
      if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
      }
      return value;
    };
    for (const [k, v] of Object.entries(payload)) payload[k] = resolve(v);
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(body.toString("utf8"))) payload[k] = coerceFormValue(k, v);
  }
  return { payload, files };
}
