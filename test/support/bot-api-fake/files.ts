// Files the fake knows: uploads, file ids seen in messages, files put by tests; what
// getFile and GET /file/bot<token>/<path> serve, and the media objects of sent messages.
import type { DecodedRequest } from "./request.js";
import { bad, BotApiFakeError, type FakeMode, type UploadedFile } from "./types.js";
import { isRecord } from "./util.js";

export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export interface StoredFile {
  fileId: string;
  uniqueId: string;
  path: string;
  size: number;
  name?: string;
  mime?: string;
  data?: Buffer;
}

function guessMime(name: string): string | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  const known: Record<string, string> = {
    pdf: "application/pdf",
    txt: "text/plain",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    png: "image/png",
    doc: "application/msword",
    docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    zip: "application/zip",
    mp4: "video/mp4",
    mp3: "audio/mpeg",
    ogg: "audio/ogg",
  };
  return ext ? known[ext] : undefined;
}

export function mediaObject(kind: string, file: StoredFile): unknown {
  const base = { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.size };
  switch (kind) {
    case "photo":
      return [
        { ...base, file_id: `${file.fileId}-s`, file_unique_id: `${file.uniqueId}s`, file_size: Math.min(file.size, 1500), width: 90, height: 90 },
        { ...base, width: 800, height: 800 },
      ];
    case "document":
    case "audio":
    case "animation": {
      const obj: Record<string, unknown> = { ...base, file_name: file.name ?? `file.${kind === "audio" ? "mp3" : "dat"}` };
      if (file.mime) obj.mime_type = file.mime;
      if (kind === "audio") obj.duration = 1;
      if (kind === "animation") Object.assign(obj, { width: 320, height: 240, duration: 1 });
      return obj;
    }
    case "video":
      return { ...base, width: 640, height: 360, duration: 1, file_name: file.name, mime_type: file.mime ?? "video/mp4" };
    case "voice":
      return { ...base, duration: 1, mime_type: "audio/ogg" };
    case "video_note":
      return { ...base, length: 240, duration: 1 };
    case "sticker":
      return { ...base, type: "regular", width: 512, height: 512, is_animated: false, is_video: false };
    default:
      return base;
  }
}

export type FileStore = ReturnType<typeof createFileStore>;

export function createFileStore(mode: FakeMode) {
  let files = new Map<string, StoredFile>();
  // Not reset: ids stay unique over the fake's life. Media group ids count on it too.
  let fileCounter = 0;

  function newFile(kind: string, size: number, name?: string, mime?: string, data?: Buffer): StoredFile {
    const n = ++fileCounter;
    const ext = name && /\.[A-Za-z0-9]+$/.exec(name)?.[0];
    const file: StoredFile = {
      fileId: `fake-${kind}-${n}-${Math.random().toString(36).slice(2, 10)}`,
      uniqueId: `u${kind.slice(0, 2)}${n}`,
      path: `${kind}s/file_${n}${ext ?? ""}`,
      size,
    };
    if (name !== undefined) file.name = name;
    if (mime !== undefined) file.mime = mime;
    if (data !== undefined) file.data = data;
    files.set(file.fileId, file);
    return file;
  }

  function rememberFile(fileId: unknown, uniqueId: unknown, size: unknown, kind: string): void {
    if (typeof fileId !== "string" || files.has(fileId)) return;
    files.set(fileId, {
      fileId,
      uniqueId: typeof uniqueId === "string" ? uniqueId : `u${fileId.slice(0, 8)}`,
      path: `${kind}s/${fileId.replace(/[^A-Za-z0-9_-]/g, "_")}`,
      size: typeof size === "number" ? size : 0,
    });
  }

  return {
    newFile,
    rememberFile,

    /** Turns an InputFile value (upload, file_id or URL) into a stored file. */
    resolveInputFile(value: unknown, kind: string, decoded: DecodedRequest): StoredFile {
      const { strict } = mode;
      if (isRecord(value) && value.kind === "upload") {
        const upload = value as unknown as UploadedFile;
        const data = decoded.files.get(upload.field)?.data;
        if (strict && upload.size > MAX_UPLOAD_BYTES) throw new BotApiFakeError(413, "Request Entity Too Large");
        if (strict && upload.size === 0) throw bad("file must be non-empty");
        return newFile(
          kind,
          upload.size,
          upload.filename,
          upload.contentType && upload.contentType !== "application/octet-stream" ? upload.contentType : guessMime(upload.filename),
          data,
        );
      }
      if (typeof value === "string" && value !== "") {
        const known = files.get(value);
        if (known) return known;
        if (/^https?:\/\//.test(value)) {
          const name = decodeURIComponent(new URL(value).pathname.split("/").pop() || "file");
          return newFile(kind, 1024, name, guessMime(name));
        }
        if (!strict) {
          rememberFile(value, undefined, 1024, kind);
          return files.get(value)!;
        }
        throw bad("wrong file identifier/HTTP URL specified");
      }
      throw bad(`there is no ${kind} in the request`);
    },

    /** A new media_group_id for an album. */
    mediaGroupId(): string {
      return String(Date.now()) + String(++fileCounter);
    },

    get(fileId: string): StoredFile | undefined {
      return files.get(fileId);
    },

    byPath(path: string): StoredFile | undefined {
      return [...files.values()].find((f) => f.path === path);
    },

    /** Makes a file downloadable via getFile + GET /file/bot<token>/<path>. */
    put(fileId: string, content: Uint8Array | string, opts: { fileSize?: number; filePath?: string } = {}): void {
      const data = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
      files.set(fileId, {
        fileId,
        uniqueId: `u${fileId.slice(0, 12)}`,
        path: opts.filePath ?? `documents/${fileId.replace(/[^A-Za-z0-9_-]/g, "_")}`,
        size: opts.fileSize ?? data.length,
        data,
      });
    },

    reset(): void {
      files = new Map();
    },
  };
}
