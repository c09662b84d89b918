import { startConversation } from "../../bot/questionnaire.js";
import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { parseId } from "../../bot/callback-data.js";
import { DomainError } from "../../shared/errors.js";
import { truncate } from "../../shared/html.js";
import { MODERATION_NOTE } from "./materials.conversation.js";
import { matCb, modCb, moderationKeyboard, REJECT_PRESETS, rejectReasonsKeyboard } from "./materials.keyboards.js";
import { isStaff } from "../members/members.types.js";
import { editButtonMessage, sendModerationCard, type UiDeps } from "./materials.ui.js";

const REPORTS_SHOWN = 10;

function ui(ctx: BotContext): UiDeps {
  return { t: ctx.t, locale: ctx.locale, catalogue: ctx.services.catalogue, botUsername: ctx.me.username };
}

async function nextCard(ctx: BotContext, skip: number[] = []): Promise<void> {
  const { materials, profile } = ctx.services;
  const { next, pending } = await materials.nextForModeration(ctx.member, skip);
  // Staff from ADMIN_IDS may have no profile yet: the community's zone then.
  const zone = (ctx.member?.registered ? (await profile.get(ctx.member.id))?.timezone : undefined) ?? ctx.deps.config.defaultTimezone;
  await sendModerationCard(ctx, ui(ctx), next, pending, zone);
}

async function showReports(ctx: BotContext): Promise<void> {
  const groups = await ctx.services.materials.openReports(ctx.member, REPORTS_SHOWN);
  if (groups.length === 0) return void (await ctx.reply(ctx.t("moderation-reports-empty")));
  for (const g of groups) {
    const text = ctx.t(g.commentId === null ? "moderation-report-material" : "moderation-report-comment", {
      title: truncate(g.title, 150),
      comment: truncate(g.commentText ?? "", 300),
      reporters: g.reporters,
      reasons: g.reasons.map((r) => `• ${truncate(r, 150)}`).join("\n"),
    });
    const kb = new InlineKeyboard().text(ctx.t("materials-open-card"), matCb.pack("card", g.materialId)).row();
    kb.text(ctx.t("moderation-dismiss"), modCb.pack("rd", g.materialId, g.commentId ?? 0));
    if (g.commentId === null) kb.text(ctx.t("moderation-unpublish"), modCb.pack("unp", g.materialId));
    else kb.text(ctx.t("moderation-delete-comment"), modCb.pack("cdel", g.commentId));
    await ctx.reply(text, { reply_markup: kb });
  }
}

/** /moderate: open reports first (if any), then the oldest pending material. */
export async function startModeration(ctx: BotContext): Promise<void> {
  if (!isStaff(ctx.member)) return void (await ctx.reply(ctx.t("materials-moderators-only")));
  const reports = await ctx.services.materials.openReports(ctx.member, REPORTS_SHOWN);
  if (reports.length) {
    await ctx.reply(ctx.t("moderation-reports-waiting", { count: reports.length }), {
      reply_markup: new InlineKeyboard().text(ctx.t("moderation-open-reports"), modCb.pack("reps")),
    });
  }
  await nextCard(ctx);
}

/** /moderate: the queue of pending materials, decisions, reports. Staff only; every action is checked in the service. */
export function moderationFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.command("moderate", startModeration);

  pm.callbackQuery(modCb.pattern, async (ctx) => {
    const data = modCb.unpack(ctx.callbackQuery.data);
    if (!isStaff(ctx.member)) return void (await ctx.answerCallbackQuery({ text: ctx.t("materials-moderators-only"), show_alert: true }));
    const { materials } = ctx.services;
    const id = parseId(data?.args[0]);
    try {
      switch (data?.action) {
        case "next":
          await ctx.answerCallbackQuery();
          return void (await nextCard(ctx));
        case "reps":
          await ctx.answerCallbackQuery();
          return void (await showReports(ctx));
        case "skip":
          if (id === undefined) break;
          await ctx.answerCallbackQuery();
          await editButtonMessage(ctx, ctx.t("moderation-skipped", { id }));
          return void (await nextCard(ctx, [id]));
        case "ap":
          if (id === undefined) break;
          await materials.decide(ctx.member, id, "approve");
          await ctx.answerCallbackQuery({ text: ctx.t("moderation-done-approve", { id }) });
          await editButtonMessage(ctx, ctx.t("moderation-done-approve", { id }));
          return void (await nextCard(ctx));
        case "rj":
          if (id === undefined) break;
          await ctx.answerCallbackQuery();
          return void (await ctx.editMessageReplyMarkup({ reply_markup: rejectReasonsKeyboard(ctx.t, id) }));
        case "back":
          if (id === undefined) break;
          await ctx.answerCallbackQuery();
          return void (await ctx.editMessageReplyMarkup({ reply_markup: moderationKeyboard(ctx.t, id) }));
        case "rr": {
          const preset = REJECT_PRESETS[Number(data.args[1])];
          if (id === undefined || !preset || !/^\d$/.test(data.args[1] ?? "")) break;
          await materials.decide(ctx.member, id, "reject", ctx.deps.translator.forLocale("ru")(`moderation-reason-${preset}`));
          await ctx.answerCallbackQuery({ text: ctx.t("moderation-done-reject", { id }) });
          await editButtonMessage(ctx, ctx.t("moderation-done-reject", { id }));
          return void (await nextCard(ctx));
        }
        case "rjt":
        case "ch":
        case "unp":
          if (id === undefined) break;
          await ctx.answerCallbackQuery();
          return void (await startConversation(ctx, MODERATION_NOTE, id, data.action === "rjt" ? "reject" : data.action === "ch" ? "changes" : "unpublish"));
        case "del":
          if (id === undefined) break;
          await ctx.answerCallbackQuery();
          return void (await ctx.editMessageReplyMarkup({
            reply_markup: new InlineKeyboard().text(ctx.t("moderation-delete-yes"), modCb.pack("dely", id)).text(ctx.t("materials-back"), matCb.pack("card", id)),
          }));
        case "dely":
          if (id === undefined) break;
          await materials.remove(ctx.member, id);
          await ctx.answerCallbackQuery({ text: ctx.t("moderation-deleted") });
          return void (await editButtonMessage(ctx, ctx.t("moderation-deleted")));
        case "cdel":
          if (id === undefined) break;
          await materials.deleteComment(ctx.member, id);
          return void (await ctx.answerCallbackQuery({ text: ctx.t("moderation-comment-deleted"), show_alert: true }));
        case "rd": {
          const commentId = data.args[1] === "0" ? null : parseId(data.args[1]);
          if (id === undefined || commentId === undefined) break;
          const closed = await materials.dismissReports(ctx.member, id, commentId);
          await ctx.answerCallbackQuery({ text: ctx.t("moderation-dismissed", { count: closed }) });
          return void (await editButtonMessage(ctx, ctx.t("moderation-dismissed", { count: closed })));
        }
        case undefined: // data this version cannot read: answered as a stale button below
          break;
      }
    } catch (error) {
      if (error instanceof DomainError) return void (await ctx.answerCallbackQuery({ text: ctx.t(error.key, error.vars), show_alert: true }));
      throw error;
    }
    await ctx.answerCallbackQuery({ text: ctx.t("errors-stale-button") });
  });
  return composer;
}
