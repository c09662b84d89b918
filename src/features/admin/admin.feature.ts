import { startConversation } from "../../bot/questionnaire.js";
import { Composer } from "grammy";
import type { BotContext, BotConversation, ConvContext, ConversationDeps } from "../../bot/context.js";
import type { Translate } from "../../bot/i18n.js";
import { parseId, parsePage } from "../../bot/callback-data.js";
import { DomainError } from "../../shared/errors.js";
import { truncate } from "../../shared/html.js";
import type { MemberSearchHit } from "../members/members.repository.js";
import { BACK, CANCEL, navigationKeyboard, runStep } from "../../bot/questionnaire.js";
import { AUDIT_PAGE_SIZE } from "./admin.service.js";
import {
  adminCb,
  adminMenuKeyboard,
  auditKeyboard,
  confirmRoleKeyboard,
  displayName,
  memberCardKeyboard,
  roleFromCode,
  searchResultsKeyboard,
} from "./admin.keyboards.js";
import { isAdmin, type AdminMember } from "../members/members.types.js";

export const ADMIN_FIND = "admin-find";

export async function showAdminMenu(ctx: BotContext): Promise<void> {
  if (!isAdmin(ctx.member)) {
    await ctx.reply(ctx.t("admin-only"));
    return;
  }
  await ctx.reply(ctx.t("admin-menu"), { reply_markup: adminMenuKeyboard(ctx.t) });
}

/** The member card with the role buttons the admin may use, and why there are none when there are none. */
function memberCard(ctx: BotContext, actor: AdminMember, hit: MemberSearchHit): { text: string; reply_markup: ReturnType<typeof memberCardKeyboard> } {
  const { roles, locked } = ctx.services.admin.roleChoices(actor, hit);
  const note = locked === "admin-role-self" ? ctx.t("admin-card-self") : locked === "admin-role-configured" ? ctx.t("admin-card-configured") : undefined;
  return { text: note ? `${cardText(ctx.t, hit)}\n\n${note}` : cardText(ctx.t, hit), reply_markup: memberCardKeyboard(ctx.t, hit, roles) };
}

function cardText(t: Translate, hit: MemberSearchHit): string {
  return t("admin-member-card", {
    name: displayName(t, hit),
    username: hit.username ? `@${hit.username}` : "—",
    telegramId: hit.telegramId?.toString() ?? "—",
    id: String(hit.id),
    role: t(`member-role-${hit.role}`),
    status: t(hit.isActive ? "admin-member-active" : "admin-member-inactive"),
  });
}

function resultsText(t: Translate, query: string, hits: MemberSearchHit[]): string {
  return hits.length === 0 ? t("admin-search-empty", { query: truncate(query, 100) }) : t("admin-search-results", { query: truncate(query, 100), count: hits.length });
}

async function showAuditPage(ctx: BotContext, page: number, edit: boolean): Promise<void> {
  const { entries, total } = await ctx.services.admin.auditPage(ctx.member, page);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const tz = ctx.deps.config.defaultTimezone;
  const fmt = new Intl.DateTimeFormat(ctx.locale === "en" ? "en-GB" : "ru-RU", { timeZone: tz, dateStyle: "short", timeStyle: "short" });
  const lines = entries.map((e) => {
    const details = (e.details ?? {}) as Record<string, unknown>;
    return ctx.t("admin-audit-line", {
      at: fmt.format(e.createdAt),
      actor: e.actorId === null ? ctx.t("admin-audit-system") : truncate(e.actorName ?? `#${e.actorId}`, 60),
      action: ctx.t(`audit-${e.action.replace(/\./g, "-")}`, {
        from: typeof details.from === "string" ? ctx.t(`member-role-${details.from}`) : "",
        to: typeof details.to === "string" ? ctx.t(`member-role-${details.to}`) : "",
      }),
      target: e.targetMemberId === null ? "" : truncate(e.targetName ?? `#${e.targetMemberId}`, 60),
    });
  });
  const text = `${ctx.t("admin-audit-title", { page: page + 1, pages, total })}\n\n${lines.join("\n") || ctx.t("admin-audit-empty")}`;
  const reply_markup = auditKeyboard(ctx.t, Math.min(page, pages - 1), pages);
  if (edit) await ctx.editMessageText(text, { reply_markup });
  else await ctx.reply(text, { reply_markup });
}

/** Asks an admin for a name or id and shows the matching members. */
export function createAdminFindConversation(deps: ConversationDeps) {
  return async function adminFind(conversation: BotConversation, ctx: ConvContext) {
    const who = await conversation.external((outer) => (outer.member ? { id: outer.member.id, locale: outer.member.locale, role: outer.member.role } : undefined));
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    if (who?.role !== "ADMIN") {
      await ctx.reply(t("admin-only"));
      return;
    }
    const env = { conversation, t, locale: who.locale, back: false, ctx };
    const query = await runStep<null, string>(env, {
      initial: null,
      render: () => ({ text: t("admin-find-prompt"), keyboard: navigationKeyboard(t, { back: false }) }),
      onText: (text) => (text.trim().length > 0 && text.trim().length <= 100 ? { value: text.trim() } : { error: "admin-search-bad-query" }),
      answered: (q) => t("admin-find-asked", { query: q }),
    });
    if (query === CANCEL || query === BACK) {
      await env.ctx.reply(t("admin-find-cancelled"));
      return;
    }
    const hits = await conversation.external(async (outer) => {
      const found = await deps.services.admin.search(outer.member, query);
      // Conversation state is JSON: bigint ids travel as strings.
      return found.map((h) => ({ ...h, telegramId: h.telegramId?.toString() ?? null }));
    });
    const restored = hits.map((h) => ({ ...h, telegramId: h.telegramId === null ? null : BigInt(h.telegramId) }));
    await env.ctx.reply(resultsText(t, query, restored), { reply_markup: searchResultsKeyboard(t, restored) });
  };
}

/** /admin: find members, change roles, read the audit log. */
export function adminFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.command("admin", async (ctx) => {
    const query = ctx.match.trim();
    if (!isAdmin(ctx.member)) {
      await ctx.reply(ctx.t("admin-only"));
      return;
    }
    if (!query) return showAdminMenu(ctx);
    const hits = await ctx.services.admin.search(ctx.member, query);
    await ctx.reply(resultsText(ctx.t, query, hits), { reply_markup: searchResultsKeyboard(ctx.t, hits) });
  });

  pm.callbackQuery(adminCb.pattern, async (ctx) => {
    const data = adminCb.unpack(ctx.callbackQuery.data);
    const actor = ctx.member;
    if (!isAdmin(actor)) {
      await ctx.answerCallbackQuery({ text: ctx.t("admin-only"), show_alert: true });
      return;
    }
    const admin = ctx.services.admin;
    const [a0, a1, a2] = data?.args ?? [];
    try {
      switch (data?.action) {
        case "menu":
          await ctx.answerCallbackQuery();
          await ctx.editMessageText(ctx.t("admin-menu"), { reply_markup: adminMenuKeyboard(ctx.t) });
          return;
        case "find":
          await ctx.answerCallbackQuery();
          await startConversation(ctx, ADMIN_FIND);
          return;
        case "audit": {
          const page = parsePage(a0);
          if (page === undefined) break;
          await ctx.answerCallbackQuery();
          await showAuditPage(ctx, page, true);
          return;
        }
        case "card": {
          const id = parseId(a0);
          if (id === undefined) break;
          const hit = await admin.member(ctx.member, id);
          await ctx.answerCallbackQuery();
          const card = memberCard(ctx, actor, hit);
          await ctx.editMessageText(card.text, { reply_markup: card.reply_markup });
          return;
        }
        case "rc":
        case "ry": {
          const id = parseId(a0);
          const from = roleFromCode(a1);
          const to = roleFromCode(a2);
          if (id === undefined || !from || !to) break;
          if (data.action === "rc") {
            // Refused before asking, not after "Yes".
            const hit = await admin.roleChangeTarget(ctx.member, id, to);
            await ctx.answerCallbackQuery();
            await ctx.editMessageText(
              ctx.t("admin-confirm-role", { name: displayName(ctx.t, hit), from: ctx.t(`member-role-${from}`), to: ctx.t(`member-role-${to}`) }),
              { reply_markup: confirmRoleKeyboard(ctx.t, { ...hit, role: from }, to) },
            );
            return;
          }
          const updated = await admin.changeRole(ctx.member, id, from, to);
          await ctx.answerCallbackQuery({ text: ctx.t("admin-role-changed") });
          const card = memberCard(ctx, actor, updated);
          await ctx.editMessageText(card.text, { reply_markup: card.reply_markup });
          return;
        }
        case undefined: // data this version cannot read: answered as a stale button below
          break;
      }
    } catch (error) {
      if (error instanceof DomainError) {
        await ctx.answerCallbackQuery({ text: ctx.t(error.key, error.vars), show_alert: true });
        return;
      }
      throw error;
    }
    await ctx.answerCallbackQuery({ text: ctx.t("errors-stale-button") });
  });

  pm.command("audit", async (ctx) => {
    if (!isAdmin(ctx.member)) {
      await ctx.reply(ctx.t("admin-only"));
      return;
    }
    await showAuditPage(ctx, 0, false);
  });
  return composer;
}
