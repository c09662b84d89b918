import { InlineKeyboard } from "grammy";
import { createCallbackCodec } from "../../bot/callback-data.js";
import type { Translate } from "../../bot/i18n.js";
import type { MaterialCardLink } from "./materials.card-links.js";
import { listButton } from "./materials.render.js";
import type { MaterialListItem } from "./materials.search.js";
import { MATERIAL_TYPES, type MaterialType, type MaterialView } from "./materials.types.js";

/** Library, cards, ratings, comments, reports, "my materials". */
export const matCb = createCallbackCodec("mat", 1);
/** Moderation queue and reports. */
export const modCb = createCallbackCodec("mod", 1);

/** Materials per page of the library, search results and "my materials". */
export const PAGE_SIZE = 8;

/** "_" in browse callbacks means "any". */
export const ANY = "_";

const TYPE_CODES: Record<MaterialType, string> = {
  LESSON_PLAN: "lp",
  PRESENTATION: "pr",
  WORKSHEET: "ws",
  TEST: "ts",
  WORK_PROGRAMME: "wp",
  METHODOLOGICAL_DEVELOPMENT: "md",
  EVENT_SCRIPT: "es",
  ARTICLE: "ar",
  VIDEO_LESSON: "vl",
  OTHER: "ot",
};
export function typeCode(type: MaterialType): string {
  return TYPE_CODES[type];
}
export function typeFromCode(code: string | undefined): MaterialType | undefined {
  return MATERIAL_TYPES.find((t) => TYPE_CODES[t] === code);
}

/** Draft fields, with short codes for callback data. */
export const DRAFT_FIELDS = ["title", "description", "subjectCode", "gradeCodes", "type", "tags"] as const;
export type DraftField = (typeof DRAFT_FIELDS)[number];
const FIELD_CODES: Record<DraftField, string> = { title: "t", description: "d", subjectCode: "s", gradeCodes: "g", type: "y", tags: "h" };
export function fieldCode(f: DraftField): string {
  return FIELD_CODES[f];
}
export function fieldFromCode(code: string | undefined): DraftField | undefined {
  return DRAFT_FIELDS.find((f) => FIELD_CODES[f] === code);
}

export function shareUrl(botUsername: string, id: number, title: string): string {
  const link = `https://t.me/${botUsername}?start=m_${id}`;
  return `https://t.me/share/url?url=${encodeURIComponent(link)}&text=${encodeURIComponent(title.slice(0, 200))}`;
}

/** Buttons under a material card. */
export function cardKeyboard(
  t: Translate,
  m: MaterialView,
  opts: { botUsername: string; visible: boolean; own: boolean; staff: boolean; back?: string; links?: readonly MaterialCardLink[] },
): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (m.kind === "LINK" && m.url) kb.url(t("materials-open-link"), m.url);
  else kb.text(t("materials-get-file"), matCb.pack("get", m.id));
  if (opts.visible) {
    if (!opts.own) kb.text(t("materials-rate"), matCb.pack("rate", m.id));
    kb.row().text(t("materials-comments", { count: m.commentCount }), matCb.pack("com", m.id, 0));
    if (!opts.own) kb.text(t("materials-report"), matCb.pack("rep", m.id));
    kb.row().url(t("materials-share"), shareUrl(opts.botUsername, m.id, m.title));
    for (const link of opts.links ?? []) kb.row().url(t(link.label), link.url);
  }
  if (opts.own && !m.deleted) {
    kb.row().text(t("materials-edit"), matCb.pack("edm", m.id));
    if (m.status !== "WITHDRAWN") kb.text(t("materials-withdraw"), matCb.pack("wd", m.id));
  }
  if (opts.staff && !m.deleted) {
    kb.row();
    if (!opts.own) kb.text(t("materials-edit"), matCb.pack("edm", m.id));
    if (m.status === "APPROVED") kb.text(t("moderation-unpublish"), modCb.pack("unp", m.id));
    kb.text(t("moderation-delete"), modCb.pack("del", m.id));
  }
  if (opts.back) kb.row().text(t("materials-back"), opts.back);
  return kb;
}

export function ratingKeyboard(t: Translate, id: number, current: number | undefined): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (let v = 1; v <= 5; v++) kb.text(current === v ? `✅${v}⭐` : `${v}⭐`, matCb.pack("rv", id, v));
  return kb.row().text(t("materials-back"), matCb.pack("card", id));
}

export function editFieldsKeyboard(t: Translate, id: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  DRAFT_FIELDS.forEach((f, i) => {
    kb.text(t(`materials-field-${f}`), matCb.pack("ed", id, fieldCode(f)));
    if (i % 2 === 1) kb.row();
  });
  return kb.row().text(t("materials-back"), matCb.pack("card", id));
}

export function moderationKeyboard(t: Translate, id: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("moderation-approve"), modCb.pack("ap", id))
    .text(t("moderation-reject"), modCb.pack("rj", id))
    .row()
    .text(t("moderation-changes"), modCb.pack("ch", id))
    .text(t("moderation-skip"), modCb.pack("skip", id));
}

export const REJECT_PRESETS = ["not-teaching", "copyright", "duplicate", "quality", "wrong-subject", "ads"] as const;

export function rejectReasonsKeyboard(t: Translate, id: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  REJECT_PRESETS.forEach((p, i) => kb.text(t(`moderation-reason-${p}`), modCb.pack("rr", id, i)).row());
  return kb.text(t("moderation-reason-other"), modCb.pack("rjt", id)).row().text(t("materials-back"), modCb.pack("back", id));
}

/** A page of results: numbered lines, a button per material, paging that edits in place. */
export function resultsKeyboard(
  items: MaterialListItem[],
  offset: number,
  open: (id: number) => string,
  nav: { prev?: string; next?: string; extra?: Array<[string, string]> },
  t: Translate,
): InlineKeyboard {
  const kb = new InlineKeyboard();
  items.forEach((m, i) => {
    kb.text(listButton(offset + i + 1, m.title), open(m.id));
    kb.row();
  });
  if (nav.prev || nav.next) {
    if (nav.prev) kb.text(t("library-prev"), nav.prev);
    if (nav.next) kb.text(t("library-next"), nav.next);
    kb.row();
  }
  for (const [label, data] of nav.extra ?? []) kb.text(label, data).row();
  return kb;
}
