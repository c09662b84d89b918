import { Composer, type Filter } from "grammy";
import { answerStale } from "../../bot/callback-data.js";
import type { BotContext } from "../../bot/context.js";
import type { Translate } from "../../bot/i18n.js";
import { DomainError } from "../../shared/errors.js";
import { truncate, trusted } from "../../shared/html.js";
import { localName, type CatalogueItem } from "../catalogue/catalogue.service.js";
import { isStaff } from "../members/members.types.js";
import { rightsList } from "./groups.chat.feature.js";
import { GROUP_CHAT_TYPES } from "./groups.front.js";
import { decodeChoice, linkCb, linkKeyboard, type SubjectChoice } from "./groups.keyboards.js";
import type { GroupSettingsPatch } from "./groups.repository.js";
import type { BotMembership } from "./groups.service.js";
import { pinRules, setUpTopics, type TopicsOutcome } from "./groups.topics.js";
import type { GroupView } from "./groups.types.js";

type GroupCtx = Filter<BotContext, "message"> & { chat: { type: "group" | "supergroup" } };
type GroupCallbackCtx = Filter<BotContext, "callback_query">;

/** Group texts are in the group's language (Russian until it is set). */
function groupT(ctx: BotContext, group: GroupView | undefined): { gt: Translate; locale: string } {
  const locale = group?.locale ?? ctx.deps.translator.defaultLocale;
  return { gt: ctx.deps.translator.forLocale(locale), locale };
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : err);

/** Names of subjects in a language, in catalogue order. */
function subjectNames(subjects: readonly CatalogueItem[], codes: readonly string[], locale: string): string {
  const wanted = new Set(codes);
  return subjects
    .filter((s) => wanted.has(s.code))
    .map((s) => localName(s, locale))
    .join(", ");
}

/** /link: staff only, in a supergroup where the bot has its rights; then the subject choice. */
async function openLink(ctx: GroupCtx): Promise<void> {
  const { groups, catalogue } = ctx.services;
  const known = await groups.group(ctx.chat.id);
  const { gt } = groupT(ctx, known);
  if (!isStaff(ctx.member)) return void (await ctx.reply(gt("groups-staff-only")));
  if (ctx.chat.type !== "supergroup") return void (await ctx.reply(gt("groups-link-not-supergroup")));
  // The rights as they are now (my_chat_member may have been missed, or came before this feature existed).
  const me = await ctx.getChatMember(ctx.me.id);
  const membership: BotMembership = { status: me.status, rights: me.status === "administrator" ? me : undefined };
  const { group, missing } = await groups.botMembershipChanged(ctx.chat, membership, undefined);
  const { gt: t, locale } = groupT(ctx, group);
  if (missing.length > 0) return void (await ctx.reply(t("groups-missing-rights", { rights: trusted(rightsList(t, missing)) })));
  const subjects = await catalogue.subjects();
  const choice: SubjectChoice = { general: group.isGeneral, codes: new Set(group.subjects) };
  const key = group.linked ? "groups-link-choose-again" : "groups-link-choose";
  await ctx.reply(t(key, { title: group.title }), { reply_markup: linkKeyboard(t, locale, subjects, choice) });
}

/** The buttons of /link: community staff only, whoever else taps them. */
async function staffOnly(ctx: GroupCallbackCtx): Promise<boolean> {
  if (isStaff(ctx.member)) return true;
  await ctx.answerCallbackQuery({ text: ctx.t("groups-staff-only"), show_alert: true });
  return false;
}

async function toggle(ctx: GroupCallbackCtx, [mask, which, ...rest]: string[]): Promise<void> {
  if (!(await staffOnly(ctx))) return;
  const subjects = await ctx.services.catalogue.subjects();
  const choice = decodeChoice(subjects, mask);
  const index = which !== undefined && /^\d{1,3}$/.test(which) ? Number(which) : undefined;
  if (!choice || rest.length > 0 || (which !== "g" && (index === undefined || !subjects[index]))) return answerStale(ctx);
  if (which === "g") {
    choice.general = !choice.general;
    if (choice.general) choice.codes.clear();
  } else {
    const code = subjects[index!]!.code;
    if (!choice.codes.delete(code)) choice.codes.add(code);
    choice.general = false;
  }
  await ctx.answerCallbackQuery();
  const { gt, locale } = groupT(ctx, await ctx.services.groups.group(ctx.chat!.id));
  await ctx.editMessageReplyMarkup({ reply_markup: linkKeyboard(gt, locale, subjects, choice) });
}

/**
 * Updates of one group are ordered per sender only (a busy group must not
 * wait behind one sender), so two moderators pressing Done at once would both
 * create a join link and topics. Setting up a group runs one at a time per chat
 * in this process (the bot has one handling process).
 */
const settingUp = new Map<number, Promise<unknown>>();
function oneAtATime(chatId: number, fn: () => Promise<void>): Promise<void> {
  const previous = settingUp.get(chatId) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  settingUp.set(chatId, tail);
  void tail.then(() => {
    if (settingUp.get(chatId) === tail) settingUp.delete(chatId);
  });
  return run;
}

/** Done: link, then the bot's own join link, the topics and the pinned rules. */
function done(ctx: GroupCallbackCtx, args: string[]): Promise<void> {
  return oneAtATime(ctx.chat!.id, () => linkNow(ctx, args));
}

async function linkNow(ctx: GroupCallbackCtx, [mask, ...rest]: string[]): Promise<void> {
  if (!(await staffOnly(ctx))) return;
  const { groups, catalogue } = ctx.services;
  const subjects = await catalogue.subjects();
  const choice = decodeChoice(subjects, mask);
  const group = await groups.group(ctx.chat!.id);
  if (!choice || rest.length > 0 || !group) return answerStale(ctx);
  let linked: GroupView;
  try {
    linked = await groups.link(ctx.member, group, [...choice.codes], choice.general);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // An alert holds at most 200 characters.
    return void (await ctx.answerCallbackQuery({ text: truncate(ctx.t(error.key, error.vars), 200), show_alert: true }));
  }
  await ctx.answerCallbackQuery();
  ctx.logger.info({ chatId: ctx.chat!.id, subjects: linked.subjects, general: linked.isGeneral }, "group linked");
  const { gt, locale } = groupT(ctx, linked);
  const setup = await finishSetup(ctx, linked, gt);
  const subjectsText = linked.isGeneral ? gt("groups-link-general") : subjectNames(subjects, linked.subjects, locale);
  const lines = [gt("groups-linked", { title: linked.title, subjects: subjectsText })];
  if (setup.topics.created.length + setup.topics.adopted.length > 0) {
    lines.push(gt("groups-linked-topics", { created: setup.topics.created.length, adopted: setup.topics.adopted.length }));
  }
  if (setup.topics.failed.length > 0) lines.push(gt("groups-linked-topics-failed"));
  lines.push(gt(setup.inviteLink ? "groups-linked-invite" : "groups-linked-no-invite"));
  await ctx.editMessageText(lines.join("\n"));
}

/** What the bot keeps of a linked group in Telegram: its join link, topics and pinned rules (each failure logged, the rest goes on). */
async function finishSetup(ctx: BotContext, group: GroupView, gt: Translate): Promise<{ inviteLink: string | null; topics: TopicsOutcome }> {
  const chatId = Number(group.chatId);
  const patch: GroupSettingsPatch = {};
  let inviteLink = group.inviteLink;
  if (!inviteLink) {
    try {
      // Bots can approve join requests only through links they made themselves.
      const link = await ctx.api.createChatInviteLink(chatId, { creates_join_request: true, name: gt("groups-invite-link-name") });
      inviteLink = patch.inviteLink = link.invite_link;
    } catch (err) {
      ctx.logger.warn({ chatId, err: errorText(err) }, "could not create the group's join link");
    }
  }
  const topics = await setUpTopics(ctx.api, group, gt, ctx.logger);
  patch.materialsThreadId = topics.threads.materials;
  patch.eventsThreadId = topics.threads.events;
  patch.questionsThreadId = topics.threads.questions;
  const rules = gt("groups-rules", { title: group.title, hours: group.newcomerHours });
  const rulesMessageId = await pinRules(ctx.api, group, rules, ctx.logger);
  if (rulesMessageId !== null) patch.rulesMessageId = rulesMessageId;
  await ctx.services.groups.record(group, patch);
  return { inviteLink, topics };
}

/**
 * After a change of the group's language or newcomer period (/groupsettings):
 * the topics' names (language only) and the pinned rules follow. Each failure
 * is logged; the setting is saved anyway.
 */
export function refreshGroupTexts(ctx: BotContext, group: GroupView, renameTopics: boolean): Promise<void> {
  return oneAtATime(Number(group.chatId), async () => {
    const gt = ctx.deps.translator.forLocale(group.locale);
    const patch: GroupSettingsPatch = {};
    if (renameTopics && group.isForum) {
      const topics = await setUpTopics(ctx.api, group, gt, ctx.logger);
      patch.materialsThreadId = topics.threads.materials;
      patch.eventsThreadId = topics.threads.events;
      patch.questionsThreadId = topics.threads.questions;
    }
    const rulesMessageId = await pinRules(ctx.api, group, gt("groups-rules", { title: group.title, hours: group.newcomerHours }), ctx.logger);
    if (rulesMessageId !== null) patch.rulesMessageId = rulesMessageId;
    await ctx.services.groups.record(group, patch);
  });
}

async function cancel(ctx: GroupCallbackCtx, args: string[]): Promise<void> {
  if (!(await staffOnly(ctx))) return;
  if (args.length > 0) return answerStale(ctx);
  await ctx.answerCallbackQuery();
  const { gt } = groupT(ctx, await ctx.services.groups.group(ctx.chat!.id));
  await ctx.editMessageText(gt("groups-link-cancelled"));
}

/** /unlink: staff only; the group is no longer linked and its join link is revoked. */
async function unlink(ctx: GroupCtx): Promise<void> {
  const { groups } = ctx.services;
  const group = await groups.group(ctx.chat.id);
  const { gt } = groupT(ctx, group);
  if (!isStaff(ctx.member)) return void (await ctx.reply(gt("groups-staff-only")));
  if (!group?.linked) return void (await ctx.reply(gt("groups-unlink-not-linked")));
  await groups.unlink(ctx.member, group);
  if (group.inviteLink) {
    await ctx.api.revokeChatInviteLink(ctx.chat.id, group.inviteLink).catch((err) => ctx.logger.info({ err: errorText(err) }, "could not revoke the join link"));
  }
  ctx.logger.info({ chatId: ctx.chat.id }, "group unlinked");
  await ctx.reply(gt("groups-unlinked", { title: group.title }));
}

/** /link and /unlink in groups, and the buttons of the subject choice. */
export function groupsLinkFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const groups = composer.chatType(GROUP_CHAT_TYPES);
  groups.command("link", openLink);
  groups.command("unlink", unlink);
  groups.callbackQuery(linkCb.action("t"), linkCb.handle(toggle));
  groups.callbackQuery(linkCb.action("d"), linkCb.handle(done));
  groups.callbackQuery(linkCb.action("c"), linkCb.handle(cancel));
  return composer;
}
