import { InlineKeyboard } from "grammy";
import { createCallbackCodec } from "../../bot/callback-data.js";
import type { Translate } from "../../bot/i18n.js";
import type { MemberSearchHit } from "../members/members.repository.js";
import type { JurorProgress } from "./contests.admin.repository.js";
import { DATE_FIELDS, passedDates, type DateField } from "./contests.service.js";
import type { ContestView } from "./contests.types.js";

/**
 * Organisers' screens (/contestadmin): `l` the list, `n` a new contest, `c` a contest's card,
 * `d`/`dd` its dates, `x`/`xy` cancelling, `j` the jury (`js` search, `ja`
 * appoint, `jc` chair, `jr`/`jry` remove), `p` progress and `r` a reminder.
 */
export const cadmCb = createCallbackCodec("cadm", 1);

/** Buttons carry a date as its index in DATE_FIELDS. */
export function dateFieldFromCode(code: string | undefined): DateField | undefined {
  if (code === undefined || !/^[0-3]$/.test(code)) return undefined;
  return DATE_FIELDS[Number(code)];
}

/** Button texts are plain text: at most 64 characters are useful. */
function label(text: string): string {
  return Array.from(text).slice(0, 60).join("");
}

export function listKeyboard(contests: readonly ContestView[], t: Translate): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const c of contests) kb.text(label(`${t(`contests-admin-status-icon-${c.status}`)} ${c.title}`), cadmCb.pack("c", c.id)).row();
  return kb.text(t("contests-admin-new-button"), cadmCb.pack("n"));
}

export function cardKeyboard(t: Translate, contest: ContestView): InlineKeyboard {
  const kb = new InlineKeyboard();
  const live = contest.status !== "CANCELLED" && contest.status !== "PUBLISHED";
  if (live) kb.text(t("contests-admin-dates-button"), cadmCb.pack("d", contest.id));
  kb.text(t("contests-admin-jury-button"), cadmCb.pack("j", contest.id)).row();
  kb.text(t("contests-admin-progress-button"), cadmCb.pack("p", contest.id));
  if (live) kb.text(t("contests-admin-cancel-button"), cadmCb.pack("x", contest.id));
  // Entries can be removed while they are taken or judged, and until the chair confirmed the results.
  const removable = contest.status === "OPEN" || contest.status === "JUDGING" || (contest.status === "CONFIRMING" && !contest.confirmedAt);
  if (removable) kb.row().text(t("contests-admin-remove-button"), cadmCb.pack("rm", contest.id));
  return kb.row().text(t("contests-admin-list-button"), cadmCb.pack("l"));
}

/** One button per date that may still move. */
export function datesKeyboard(t: Translate, contest: ContestView): InlineKeyboard {
  const kb = new InlineKeyboard();
  const passed = passedDates(contest.status);
  DATE_FIELDS.forEach((field, i) => {
    if (!passed.includes(field)) kb.text(t(`contests-admin-date-${field}`), cadmCb.pack("dd", contest.id, i)).row();
  });
  return kb.text(t("contests-admin-back"), cadmCb.pack("c", contest.id));
}

export function cancelConfirmKeyboard(t: Translate, id: number): InlineKeyboard {
  return new InlineKeyboard().text(t("contests-admin-cancel-yes"), cadmCb.pack("xy", id)).row().text(t("contests-admin-back"), cadmCb.pack("c", id));
}

export function juryKeyboard(t: Translate, contest: ContestView, jurors: readonly JurorProgress[], editable: boolean): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (editable) {
    kb.text(t("contests-admin-jury-add"), cadmCb.pack("js", contest.id)).row();
    jurors.slice(0, 40).forEach((j, i) => {
      if (!j.chair) kb.text(t("contests-admin-jury-chair-button", { n: i + 1 }), cadmCb.pack("jc", contest.id, j.memberId));
      kb.text(t("contests-admin-jury-remove-button", { n: i + 1 }), cadmCb.pack("jr", contest.id, j.memberId)).row();
    });
  }
  return kb.text(t("contests-admin-back"), cadmCb.pack("c", contest.id));
}

export function removeConfirmKeyboard(t: Translate, contestId: number, memberId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("contests-admin-jury-remove-yes"), cadmCb.pack("jry", contestId, memberId))
    .row()
    .text(t("contests-admin-back"), cadmCb.pack("j", contestId));
}

export function hitName(t: Translate, hit: Pick<MemberSearchHit, "fullName" | "username" | "id">): string {
  return hit.fullName ?? (hit.username ? `@${hit.username}` : t("contests-admin-member-no-name", { id: hit.id }));
}

export function searchHitsKeyboard(t: Translate, contestId: number, hits: readonly MemberSearchHit[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const hit of hits) kb.text(label(`➕ ${hitName(t, hit)}`), cadmCb.pack("ja", contestId, hit.id)).row();
  return kb.text(t("contests-admin-jury-search-again"), cadmCb.pack("js", contestId)).row().text(t("contests-admin-back"), cadmCb.pack("j", contestId));
}

/** «🔔 Напомнить» for each juror with unscored reviews (judging only). */
export function progressKeyboard(t: Translate, contest: ContestView, jurors: readonly JurorProgress[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (contest.status === "JUDGING") {
    jurors.forEach((j, i) => {
      if (j.submitted < j.assigned) kb.text(t("contests-admin-remind-button", { n: i + 1 }), cadmCb.pack("r", contest.id, j.memberId)).row();
    });
  }
  return kb.text(t("contests-admin-refresh"), cadmCb.pack("p", contest.id)).text(t("contests-admin-back"), cadmCb.pack("c", contest.id));
}
