import { InlineKeyboard } from "grammy";
import { createCallbackCodec } from "../../bot/callback-data.js";
import type { Translate } from "../../bot/i18n.js";
import { truncate } from "../../shared/html.js";
import type { ContestCard, OwnEntry } from "./contests.entries.service.js";
import { entryCode, type ContestView } from "./contests.types.js";
import { voteCb } from "./contests.votes.keyboards.js";

/**
 * Members' screens of contests: `l:<page>` the list, `c:<contestId>[:<page>]`
 * a card (the page its Back returns to), `rd:<contestId>` the rules,
 * `s:<contestId>` submit, `m` my entries, `e:<entryId>` an entry, `ed:<entryId>`
 * what to change, `ef:<entryId>:<field>` change it, `w` / `wy:<entryId>`
 * withdraw (asked, confirmed), `r:<entryId>` results, `p:<contestId>` the
 * published protocol.
 */
export const ctstCb = createCallbackCodec("ctst", 1);

/** Fields an author changes one at a time. */
export const ENTRY_EDIT_FIELDS = ["title", "description", "work"] as const;
export type EntryEditField = (typeof ENTRY_EDIT_FIELDS)[number];
const FIELD_CODES: Record<EntryEditField, string> = { title: "t", description: "d", work: "w" };
export function entryFieldCode(f: EntryEditField): string {
  return FIELD_CODES[f];
}
export function entryFieldFromCode(code: string | undefined): EntryEditField | undefined {
  return ENTRY_EDIT_FIELDS.find((f) => FIELD_CODES[f] === code);
}

export function listData(page: number): string {
  return ctstCb.pack("l", page);
}

export function cardData(contestId: number, page?: number): string {
  return page === undefined ? ctstCb.pack("c", contestId) : ctstCb.pack("c", contestId, page);
}

/** The list's buttons: one per contest, paging, my entries. */
export function listKeyboard(t: Translate, items: readonly ContestView[], page: number, pages: number, firstNumber: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  items.forEach((c, i) => kb.text(`${firstNumber + i}. ${truncate(c.title, 40)}`, cardData(c.id, page)).row());
  if (pages > 1) {
    if (page > 0) kb.text("◀️", listData(page - 1));
    kb.text(`${page + 1}/${pages}`, listData(page));
    if (page + 1 < pages) kb.text("▶️", listData(page + 1));
    kb.row();
  }
  return kb.text(t("contests-my-entries-button"), ctstCb.pack("m"));
}

/** A contest card's buttons: submit while open, the rules, the viewer's entries, the audience vote while it runs, Back. */
export function cardKeyboard(t: Translate, card: ContestCard, options: { letter: string; page?: number; rulesButton: boolean }): InlineKeyboard {
  const { contest } = card;
  const kb = new InlineKeyboard();
  if (card.available.length > 0) kb.text(t("contests-submit-button"), ctstCb.pack("s", contest.id)).row();
  if (options.rulesButton) kb.text(t("contests-rules-button"), ctstCb.pack("rd", contest.id)).row();
  for (const e of card.mine) {
    const mark = e.status === "WITHDRAWN" ? "↩️" : "📄";
    kb.text(`${mark} ${entryCode(options.letter, e.number)} ${truncate(e.title, 30)}`, ctstCb.pack("e", e.id)).row();
  }
  if (contest.status === "JUDGING" && contest.audienceVote) kb.text(t("contests-audience-vote-button"), voteCb.pack("o", contest.id)).row();
  // Once the vote closed, the same screen shows its counts.
  if ((contest.status === "CONFIRMING" || contest.status === "PUBLISHED") && contest.audienceVote)
    kb.text(t("contests-audience-results-button"), voteCb.pack("o", contest.id)).row();
  if (contest.status === "PUBLISHED") kb.text(t("contests-protocol-button"), ctstCb.pack("p", contest.id)).row();
  return kb.text(t("contests-back"), listData(options.page ?? 0));
}

/** An entry card's buttons: change and withdraw until the deadline, results once published, Back to the contest. */
export function entryKeyboard(t: Translate, own: OwnEntry): InlineKeyboard {
  const { entry } = own;
  const kb = new InlineKeyboard();
  if (own.editable) kb.text(t("contests-edit-button"), ctstCb.pack("ed", entry.id)).text(t("contests-withdraw-button"), ctstCb.pack("w", entry.id)).row();
  if (own.published && entry.status !== "WITHDRAWN") kb.text(t("contests-results-button"), ctstCb.pack("r", entry.id)).row();
  return kb.text(t("contests-back"), cardData(entry.contestId));
}

export function editFieldsKeyboard(t: Translate, entryId: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const f of ENTRY_EDIT_FIELDS) kb.text(t(`contests-field-${f}`), ctstCb.pack("ef", entryId, entryFieldCode(f))).row();
  return kb.text(t("contests-back"), ctstCb.pack("e", entryId));
}

export function withdrawConfirmKeyboard(t: Translate, entryId: number): InlineKeyboard {
  return new InlineKeyboard().text(t("contests-withdraw-yes"), ctstCb.pack("wy", entryId)).row().text(t("contests-back"), ctstCb.pack("e", entryId));
}

/** My entries: one button per entry. */
export function mineKeyboard(t: Translate, items: readonly OwnEntry[], letter: string): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const { entry } of items.slice(0, 30)) kb.text(`${entryCode(letter, entry.number)} ${truncate(entry.title, 36)}`, ctstCb.pack("e", entry.id)).row();
  return kb.text(t("contests-back"), listData(0));
}

export function backToEntryKeyboard(t: Translate, entryId: number): InlineKeyboard {
  return new InlineKeyboard().text(t("contests-back"), ctstCb.pack("e", entryId));
}
