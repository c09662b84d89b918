import { InlineKeyboard } from "grammy";
import type { BotContext, BotConversation, ConvContext, ConversationDeps } from "../../bot/context.js";
import type { Translate } from "../../bot/i18n.js";
import { truncate } from "../../shared/html.js";
import { attempt, BACK, CANCEL, runStep, stepCb, type StepEnv } from "../../bot/questionnaire.js";
import { runForm } from "../../bot/form/run-form.js";
import { DRAFT_FIELDS, fieldCode, fieldFromCode, matCb, type DraftField } from "./materials.keyboards.js";
import { renderDraft } from "./materials.render.js";
import { materialForm } from "./materials.form.js";
import { askAttachment, askText, describeAttachment } from "./materials.steps.js";
import { COMMENT_MAX, MODERATOR_NOTE_MAX, REPORT_REASON_MAX, type MaterialAttachment, fileNameOf } from "./materials.types.js";
import { sendModerationCard } from "./materials.ui.js";
import { isStaffRole } from "../members/members.types.js";

export const MATERIAL_UPLOAD = "material-upload";
export const MATERIAL_EDIT = "material-edit";
export const MATERIAL_COMMENT = "material-comment";
export const MATERIAL_REPORT = "material-report";
export const MODERATION_NOTE = "moderation-note";
export const MATERIAL_SEARCH = "material-search";

type Deps = ConversationDeps;

/** Who is talking, as plain JSON for the conversation log. */
async function whoIs(conversation: BotConversation, options: { registered: boolean } = { registered: true }) {
  return conversation.external((outer) =>
    outer.member && (outer.member.registered || !options.registered) ? { id: outer.member.id, locale: outer.locale, role: outer.member.role } : undefined,
  );
}

/** Sharing a material: the file or link, the description questions, a summary to confirm or edit. */
export function createUploadConversation(deps: Deps) {
  const { catalogue, profile, materials } = deps.services;
  return async function upload(conversation: BotConversation, ctx: ConvContext, initial?: MaterialAttachment) {
    const who = await whoIs(conversation);
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.fromTelegram(ctx.from?.language_code));
    if (!who) {
      await ctx.reply(t("materials-register-first"));
      return;
    }
    const ownSubjects = await conversation.external(async () => (await profile.get(who.id))?.subjectCodes ?? []);
    const env: StepEnv = { conversation, t, locale: who.locale, back: false, ctx };

    let attachment = initial;
    if (!attachment) {
      const answer = await askAttachment(env);
      if (answer === CANCEL || answer === BACK) return void (await env.ctx.reply(t("materials-upload-cancelled")));
      attachment = answer;
    } else {
      await ctx.reply(t("materials-upload-start", { file: describeAttachment(attachment) }));
    }

    const form = materialForm({ catalogue, ownSubjects, fileName: fileNameOf(attachment) });
    const draft = await runForm(env, form, { description: "", tags: [] }, { header: (n, total) => t("materials-step", { n, total }) });
    if (draft === CANCEL || draft === BACK) return void (await env.ctx.reply(t("materials-upload-cancelled")));

    env.header = undefined;
    for (;;) {
      const summary = await renderDraft(t, who.locale, catalogue, draft, describeAttachment(attachment));
      env.back = false;
      const choice = await runStep<null, "send" | DraftField>(env, {
        initial: null,
        render: () => {
          const kb = new InlineKeyboard().text(t("materials-send"), stepCb.pack("send")).row();
          DRAFT_FIELDS.forEach((f, i) => {
            kb.text(t(`materials-field-${f}`), stepCb.pack("edit", fieldCode(f)));
            if (i % 2 === 1) kb.row();
          });
          return { text: summary, keyboard: kb.row().text(t("step-cancel"), stepCb.pack("cancel")) };
        },
        onCallback: (data) =>
          data.action === "send"
            ? { value: "send" }
            : data.action === "edit"
              ? fieldFromCode(data.args[0])
                ? { value: fieldFromCode(data.args[0])! }
                : undefined
              : undefined,
        answered: (v) => (v === "send" ? `${summary}\n\n${t("materials-sent-short")}` : summary),
      });
      if (choice === CANCEL || choice === BACK) return void (await env.ctx.reply(t("materials-upload-cancelled")));
      if (choice !== "send") {
        // The answer replaces the old one in the draft; Back or Cancel keep it.
        await runForm(env, form, draft, { only: choice, back: true });
        continue;
      }
      const file = attachment;
      const created = await attempt(conversation, (outer) => materials.create(outer.member, draft, file));
      if (!created.ok) {
        await env.ctx.reply(t(created.key, created.vars));
        continue;
      }
      await env.ctx.reply(t("materials-sent", { id: created.value }));
      return;
    }
  };
}

/** Changes one field of a material (author or staff), with the upload question. */
export function createEditConversation(deps: Deps) {
  const { catalogue, profile, materials } = deps.services;
  return async function edit(conversation: BotConversation, ctx: ConvContext, id: number, code: string) {
    const who = await whoIs(conversation, { registered: false });
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    const field = fieldFromCode(code);
    if (!who || !field) return void (await ctx.reply(t("errors-stale-button")));
    const current = await attempt(conversation, async (outer) => {
      const m = await materials.editable(outer.member, id);
      return { gradeCodes: m.gradeCodes, fileName: fileNameOf(m) ?? null };
    });
    if (!current.ok) return void (await ctx.reply(t(current.key)));
    const ownSubjects = await conversation.external(async () => (await profile.get(who.id))?.subjectCodes ?? []);
    const env: StepEnv = { conversation, t, locale: who.locale, back: true, ctx };
    const form = materialForm({ catalogue, ownSubjects, fileName: current.value.fileName ?? undefined });
    const edited = await runForm(env, form, { gradeCodes: current.value.gradeCodes }, { only: field, back: true });
    if (edited === BACK || edited === CANCEL) return void (await env.ctx.reply(t("materials-edit-cancelled")));
    const value = edited[field];
    const saved = await attempt(conversation, async (outer) => {
      const m = await materials.edit(outer.member, id, field, value);
      return m.status;
    });
    if (!saved.ok) return void (await env.ctx.reply(t(saved.key)));
    await env.ctx.reply(t(saved.value === "PENDING" ? "materials-edited-pending" : "materials-edited"), {
      reply_markup: new InlineKeyboard().text(t("materials-open-card"), matCb.pack("card", id)),
    });
  };
}

/** A comment on a material (up to 1,000 characters). */
export function createCommentConversation(deps: Deps) {
  const { materials } = deps.services;
  return async function comment(conversation: BotConversation, ctx: ConvContext, id: number) {
    const who = await whoIs(conversation);
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    if (!who) return void (await ctx.reply(t("materials-register-first")));
    const env: StepEnv = { conversation, t, locale: who.locale, back: false, ctx };
    const text = await askText(env, {
      question: t("materials-ask-comment", { max: COMMENT_MAX }),
      max: COMMENT_MAX,
      tooLong: "materials-comment-long",
      answered: (v) => t("materials-answered-comment", { value: truncate(v, 300) }),
    });
    if (text === BACK || text === CANCEL) return void (await env.ctx.reply(t("materials-comment-cancelled")));
    const saved = await attempt(conversation, (outer) => materials.comment(outer.member, id, text));
    if (!saved.ok) return void (await env.ctx.reply(t(saved.key)));
    await env.ctx.reply(t("materials-comment-added"), {
      reply_markup: new InlineKeyboard().text(t("materials-comments-open"), matCb.pack("com", id, 0)).text(t("materials-open-card"), matCb.pack("card", id)),
    });
  };
}

/** Search mode: asks for the words, then shows results like /search <words>. */
export function createSearchConversation(deps: Deps, run: (ctx: BotContext, query: string) => Promise<void>) {
  return async function searchMode(conversation: BotConversation, ctx: ConvContext) {
    const locale = await conversation.external((outer) => outer.locale);
    const t = deps.translator.forLocale(locale);
    const env: StepEnv = { conversation, t, locale, back: false, ctx };
    const query = await askText(env, {
      question: t("search-ask"),
      max: 2000,
      tooLong: "search-bad-query",
      answered: (v) => t("search-asked", { query: truncate(v, 100) }),
    });
    if (query === BACK || query === CANCEL) return void (await env.ctx.reply(t("search-cancelled")));
    // The results use the outside context (Redis state, paging buttons); run once, not on replays.
    await conversation.external((outer) => run(outer, query));
  };
}

const REPORT_PRESETS = ["spam", "copyright", "wrong", "offensive"] as const;

/** A report of a material or of a comment, with preset reasons or a typed one. */
export function createReportConversation(deps: Deps) {
  const { materials } = deps.services;
  return async function report(conversation: BotConversation, ctx: ConvContext, id: number, commentId: number | null) {
    const who = await whoIs(conversation);
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    if (!who) return void (await ctx.reply(t("materials-register-first")));
    const env: StepEnv = { conversation, t, locale: who.locale, back: false, ctx };
    const reason = await askText(env, {
      question: t(commentId === null ? "materials-ask-report" : "materials-ask-report-comment"),
      max: REPORT_REASON_MAX,
      tooLong: "materials-reason-long",
      presets: REPORT_PRESETS.map((p) => ({ label: t(`materials-report-${p}`), value: t(`materials-report-${p}`) })),
      answered: (v) => t("materials-answered-report", { value: truncate(v, 200) }),
    });
    if (reason === BACK || reason === CANCEL) return void (await env.ctx.reply(t("materials-report-cancelled")));
    const saved = await attempt(conversation, (outer) => materials.report(outer.member, id, commentId, reason));
    if (!saved.ok) return void (await env.ctx.reply(t(saved.key)));
    await env.ctx.reply(t(saved.value.created ? "materials-report-thanks" : "materials-report-already"));
  };
}

/** A moderator's reason for rejecting, sending back or unpublishing; then the next card. */
export function createModerationNoteConversation(deps: Deps) {
  const { materials } = deps.services;
  return async function moderationNote(conversation: BotConversation, ctx: ConvContext, id: number, action: "reject" | "changes" | "unpublish") {
    // Staff from ADMIN_IDS may moderate before filling in a profile of their own.
    const who = await whoIs(conversation, { registered: false });
    const t: Translate = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    if (!who || !isStaffRole(who.role)) return void (await ctx.reply(t("materials-moderators-only")));
    const env: StepEnv = { conversation, t, locale: who.locale, back: false, ctx };
    const note = await askText(env, {
      question: t(`moderation-ask-${action}`, { id }),
      max: MODERATOR_NOTE_MAX,
      tooLong: "materials-reason-long",
      answered: (v) => t("moderation-answered-note", { value: truncate(v, 300) }),
    });
    if (note === BACK || note === CANCEL) return void (await env.ctx.reply(t("moderation-note-cancelled")));
    const done = await attempt(conversation, (outer) =>
      action === "unpublish" ? materials.unpublish(outer.member, id, note) : materials.decide(outer.member, id, action, note),
    );
    if (!done.ok) return void (await env.ctx.reply(t(done.key)));
    await env.ctx.reply(t(`moderation-done-${action}`, { id }));
    if (action === "unpublish") return;
    const next = await conversation.external(async (outer) => {
      const { next: n, pending } = await materials.nextForModeration(outer.member, []);
      return { id: n?.id ?? null, pending };
    });
    if (next.id === null) return void (await env.ctx.reply(t("moderation-queue-empty")));
    await env.ctx.reply(t("moderation-next", { pending: next.pending }), {
      reply_markup: new InlineKeyboard().text(t("moderation-open-next"), "mod1:next"),
    });
  };
}

export { sendModerationCard };
