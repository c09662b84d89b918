import type { MaterialKind, MaterialStatus, MaterialType } from "../../generated/prisma/enums.js";

export type { MaterialKind, MaterialStatus, MaterialType };

export const MATERIAL_TYPES = [
  "LESSON_PLAN",
  "PRESENTATION",
  "WORKSHEET",
  "TEST",
  "WORK_PROGRAMME",
  "METHODOLOGICAL_DEVELOPMENT",
  "EVENT_SCRIPT",
  "ARTICLE",
  "VIDEO_LESSON",
  "OTHER",
] as const satisfies readonly MaterialType[];

/** Telegram's upload limit for bots through the public Bot API. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
export const TITLE_MIN = 3;
export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 2000;
export const TAGS_MAX = 10;
export const TAG_MAX_LENGTH = 40;
export const COMMENT_MAX = 1000;
export const REPORT_REASON_MAX = 500;
export const MODERATOR_NOTE_MAX = 1000;
/** Distinct members whose open reports hide a material until a moderator looks. */
export const REPORTS_TO_HIDE = 3;

/** The kinds of material that are a Telegram file. */
export type FileKind = Exclude<MaterialKind, "LINK">;

/** A Telegram file, sent again by its file_id. */
export interface FileAttachment {
  kind: FileKind;
  fileId: string;
  fileUniqueId?: string;
  fileName?: string;
  mimeType?: string;
  fileSize?: number;
}

/** A web page. */
export interface LinkAttachment {
  kind: "LINK";
  url: string;
}

/** The file or link a material delivers. */
export type MaterialAttachment = FileAttachment | LinkAttachment;

/**
 * An attachment as a caller hands it in, before `checkAttachment` has made it
 * a MaterialAttachment (a file without a file_id, or a link with stray file
 * fields, is refused or cleaned there).
 */
export interface AttachmentInput {
  kind: MaterialKind;
  fileId?: string;
  fileUniqueId?: string;
  fileName?: string;
  mimeType?: string;
  fileSize?: number;
  url?: string;
}

/** The file's name, when the attachment is a file that has one. */
export function fileNameOf(a: MaterialAttachment): string | undefined {
  return a.kind === "LINK" ? undefined : a.fileName;
}

/** What the author fills in. */
export interface MaterialDraft {
  title: string;
  description: string;
  subjectCode: string;
  gradeCodes: string[];
  type: MaterialType;
  tags: string[];
}

/** A stored material, whatever it delivers. */
export interface MaterialRecord extends MaterialDraft {
  id: number;
  authorId: number;
  /** Profile name, or undefined when the author erased their data. */
  authorName: string | undefined;
  status: MaterialStatus;
  moderatorNote: string | null;
  hidden: boolean;
  deleted: boolean;
  publishedAt: Date | null;
  createdAt: Date;
  viewCount: number;
  downloadCount: number;
  ratingSum: number;
  ratingCount: number;
  commentCount: number;
}

/** A stored material with its file or link: `kind` tells which fields it has. */
export type MaterialView = MaterialRecord & MaterialAttachment;

/** Average rating with one decimal, or undefined without votes. */
export function averageRating(m: { ratingSum: number; ratingCount: number }): number | undefined {
  return m.ratingCount === 0 ? undefined : Math.round((m.ratingSum / m.ratingCount) * 10) / 10;
}
