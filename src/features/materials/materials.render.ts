import type { Translate } from "../../bot/i18n.js";
import { escapeHtml, truncate, trusted, type TrustedHtml } from "../../shared/html.js";
import { localName, type CatalogueService } from "../catalogue/catalogue.service.js";
import { averageRating, type MaterialDraft, type MaterialView } from "./materials.types.js";

const KIND_ICON = { DOCUMENT: "📄", PHOTO: "🖼", VIDEO: "🎬", AUDIO: "🎧", LINK: "🔗" } as const;

export interface CardOptions {
  /** Characters the description may take (captions are limited to 1,024). */
  descriptionMax?: number;
  showStatus?: boolean;
}

/** Subject and grade names for a draft. */
async function names(t: Translate, locale: string, catalogue: CatalogueService, d: Pick<MaterialDraft, "subjectCode" | "gradeCodes" | "type">) {
  const subject = await catalogue.subject(d.subjectCode);
  const grades = (await catalogue.grades()).filter((g) => d.gradeCodes.includes(g.code)).map((g) => localName(g, locale));
  return { subject: subject ? localName(subject, locale) : d.subjectCode, grades: grades.join(", "), type: t(`materials-type-${d.type}`) };
}

/** The material card (HTML), within Telegram's limits for a message or, with descriptionMax, a caption. */
export async function renderCard(t: Translate, locale: string, catalogue: CatalogueService, m: MaterialView, options: CardOptions = {}): Promise<string> {
  const n = await names(t, locale, catalogue, m);
  const average = averageRating(m);
  return t("materials-card", {
    icon: KIND_ICON[m.kind],
    title: m.title,
    type: n.type,
    subject: n.subject,
    grades: n.grades,
    author: m.authorName ?? t("materials-deleted-author"),
    rating: average === undefined ? t("materials-no-rating") : `${average.toFixed(1)} (${m.ratingCount})`,
    downloads: m.downloadCount,
    comments: m.commentCount,
    // Description and tags, when there are any, after a blank line; a card without them ends at the counts.
    details: cardDetails(truncate(m.description, options.descriptionMax ?? 2000), m.tags),
    // Authors and moderators also see where the material is in moderation.
    status: options.showStatus ? trusted(`\n${statusLabel(t, m)}` + (m.moderatorNote ? `\n📝 ${escapeHtml(truncate(m.moderatorNote, 300))}` : "")) : "",
  });
}

function cardDetails(description: string, tags: string[]): TrustedHtml {
  const parts = [description.trim(), tags.map((tag) => `#${tag}`).join(" ")].filter(Boolean);
  return trusted(parts.length ? `\n\n${parts.map(escapeHtml).join("\n")}` : "");
}

/**
 * Where a material stands, as its author and staff see it: a published
 * material hidden by reports reads as hidden, not as published.
 */
export function statusLabel(t: Translate, m: Pick<MaterialView, "status" | "hidden">): string {
  return m.status === "APPROVED" && m.hidden ? t("materials-status-hidden") : t(`materials-status-${m.status}`);
}

/** The upload summary. */
export async function renderDraft(t: Translate, locale: string, catalogue: CatalogueService, d: MaterialDraft, attachment: string): Promise<string> {
  const n = await names(t, locale, catalogue, d);
  return t("materials-draft", {
    title: d.title,
    description: d.description ? truncate(d.description, 1500) : "—",
    subject: n.subject,
    grades: n.grades,
    type: n.type,
    tags: d.tags.length ? d.tags.map((tag) => `#${tag}`).join(" ") : "—",
    attachment,
  });
}

/** One line of a list of materials. */
export function listLine(t: Translate, index: number, m: { title: string; downloadCount: number; ratingSum: number; ratingCount: number }): string {
  const average = averageRating(m);
  return t("materials-list-line", {
    n: index,
    title: truncate(m.title, 120),
    rating: average === undefined ? "—" : average.toFixed(1),
    downloads: m.downloadCount,
  });
}

/** Short button label for a material in a list. */
export function listButton(index: number, title: string): string {
  return truncate(`${index}. ${title}`, 60);
}
