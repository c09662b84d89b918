import { InlineKeyboard } from "grammy";
import type { Translate } from "../i18n.js";
import { stepCb, withNavigation } from "../questionnaire.js";

/**
 * An option of a choice question: the code its button carries and the label
 * it shows. Catalogue items (subjects, grades) become options in the feature
 * that asks, so the form engine knows no feature.
 */
export interface Choice<T extends string = string> {
  value: T;
  label: string;
  /** What the button carries, when not the value itself (short codes keep callback data small). */
  code?: string;
}

/** One button per option, `columns` to a row, a tick on the current one; then Back/Cancel. */
export function choiceKeyboard(t: Translate, options: readonly Choice[], opts: { back: boolean; action: string; columns: number; current?: string }): InlineKeyboard {
  const kb = new InlineKeyboard();
  options.forEach((option, i) => {
    kb.text(opts.current === option.value ? `✅ ${option.label}` : option.label, stepCb.pack(opts.action, option.code ?? option.value));
    if ((i + 1) % opts.columns === 0) kb.row();
  });
  return withNavigation(kb, t, opts);
}

/** Toggle buttons (ticked when selected), then "Done (n)", then Back/Cancel. */
export function multiSelectKeyboard(t: Translate, items: readonly Choice[], selected: ReadonlySet<string>, opts: { back: boolean; columns: number }): InlineKeyboard {
  const kb = new InlineKeyboard();
  items.forEach((item, i) => {
    kb.text(selected.has(item.value) ? `✅ ${item.label}` : item.label, stepCb.pack("toggle", item.value));
    if ((i + 1) % opts.columns === 0) kb.row();
  });
  kb.row().text(t("step-done", { count: selected.size }), stepCb.pack("done"));
  return withNavigation(kb, t, opts);
}
