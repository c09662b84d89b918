import { Composer, InputFile } from "grammy";
import type { BotContext } from "../../bot/context.js";
import { answerStale, parseId, parsePage } from "../../bot/callback-data.js";
import { startConversation } from "../../bot/questionnaire.js";
import { isAdmin } from "../members/members.types.js";
import { CERT_REVOKE } from "./certificates.conversation.js";
import {
  adminVerifyKeyboard,
  cardKeyboard,
  codeArg,
  consentKeyboard,
  crtCb,
  listKeyboard,
  PAGE_SIZE,
  publicKeyboard,
  reissueConfirmKeyboard,
} from "./certificates.keyboards.js";
import { cardText, kindName, listText, verificationText } from "./certificates.render.js";
import type { DocumentView } from "./certificates.types.js";

const zone = (ctx: BotContext) => ctx.deps.config.defaultTimezone;

async function renderList(ctx: BotContext, page: number) {
  const { certificates } = ctx.services;
  const [{ items, total }, settings] = await Promise.all([certificates.mine(ctx.member, page, PAGE_SIZE), certificates.settings(ctx.member)]);
  return {
    text: listText(ctx.t, items, page, total),
    reply_markup: listKeyboard(ctx.t, items, {
      page,
      total,
      nameConsent: settings.nameConsent,
      publicOn: settings.publicSlug !== null,
      publicAvailable: ctx.deps.config.publicUrl !== undefined,
    }),
  };
}

/** /certificates and the menu button: the member's documents, newest first. */
export async function showCertificates(ctx: BotContext): Promise<void> {
  if (!ctx.member?.registered) return void (await ctx.reply(ctx.t("errors-not-registered")));
  const view = await renderList(ctx, 0);
  await ctx.reply(view.text, { reply_markup: view.reply_markup });
}

/**
 * The attestation portfolio as a PDF, built now and not stored. A refusal
 * (wait 30 s) comes before anything else, so a button's query is answered by it.
 */
async function replyPortfolio(ctx: BotContext, answerQuery: boolean): Promise<void> {
  const { bytes, documents, totalHours } = await ctx.services.portfolio.render(ctx.member, {
    started: async () => {
      if (answerQuery) await ctx.answerCallbackQuery();
      // Only a hint while the PDF is drawn: its failure must not stop the file.
      await ctx.replyWithChatAction("upload_document").catch(() => undefined);
    },
  });
  await ctx.replyWithDocument(new InputFile(bytes, "portfolio.pdf"), { caption: ctx.t("certificates-portfolio-caption", { count: documents, hours: totalHours }) });
}

/** /portfolio and the menu. */
export async function sendPortfolio(ctx: BotContext): Promise<void> {
  if (!ctx.member?.registered) return void (await ctx.reply(ctx.t("errors-not-registered")));
  await replyPortfolio(ctx, false);
}

/** The verification answer: the public facts, and for admins the reissue and revoke buttons. */
async function showVerification(ctx: BotContext, rawCode: string, edit = false): Promise<void> {
  const view = await ctx.services.certificates.verify(rawCode);
  if (!view) return void (await ctx.reply(ctx.t("certificates-not-found")));
  const url = await ctx.services.documentLinks.verifyUrl(view.code);
  const text = verificationText(ctx.t, view, url, zone(ctx));
  const other = {
    link_preview_options: { is_disabled: true },
    ...(isAdmin(ctx.member) && view.status === "valid" ? { reply_markup: adminVerifyKeyboard(ctx.t, view.code) } : {}),
  };
  if (edit && ctx.callbackQuery?.message) await ctx.editMessageText(text, other);
  else await ctx.reply(text, other);
}

/** Deep link v_<code>: open to anyone, registered or not. */
export async function openVerifyLink(ctx: BotContext, argument: string): Promise<void> {
  await showVerification(ctx, argument);
}

async function sendDocumentFile(ctx: BotContext, doc: DocumentView): Promise<void> {
  const caption = ctx.t("certificates-file-caption", { kind: kindName(ctx.t, doc.kind), number: doc.number, code: doc.code });
  await ctx.services.certificates.sendFile(doc, (file) =>
    ctx.replyWithDocument(typeof file === "string" ? file : new InputFile(Buffer.from(file.bytes), file.filename), { caption }),
  );
}

/**
 * The document an admin's button (reissue, revoke) names, with the query
 * answered; undefined when the data is forged, the sender is not an admin or
 * the code is unknown (each answered with its reason).
 */
async function adminButtonDocument(ctx: BotContext, arg: string | undefined) {
  const code = codeArg(arg);
  if (!code) return void (await answerStale(ctx));
  if (!isAdmin(ctx.member)) return void (await ctx.answerCallbackQuery({ text: ctx.t("certificates-admins-only"), show_alert: true }));
  const view = await ctx.services.certificates.verify(code);
  if (!view) return void (await ctx.answerCallbackQuery({ text: ctx.t("certificates-not-found"), show_alert: true }));
  await ctx.answerCallbackQuery();
  return view;
}

/** Splits "/revoke CODE reason words": the code is the first word. */
function splitCommand(match: string): { code: string; rest: string } {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(match.trim());
  return { code: m?.[1] ?? "", rest: m?.[2]?.trim() ?? "" };
}

/** /certificates, /portfolio, /verify, /revoke, /reissue and their buttons. */
export function certificatesFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType("private");

  pm.command("certificates", showCertificates);
  pm.command("portfolio", sendPortfolio);

  pm.command("verify", async (ctx) => {
    const raw = ctx.match.trim();
    if (!raw) return void (await ctx.reply(ctx.t("certificates-verify-usage")));
    // Malformed and unknown codes get the same answer: nothing tells one from the other.
    await showVerification(ctx, raw);
  });

  pm.command("revoke", async (ctx) => {
    if (!isAdmin(ctx.member)) return void (await ctx.reply(ctx.t("certificates-admins-only")));
    const { code, rest } = splitCommand(ctx.match);
    if (!code) return void (await ctx.reply(ctx.t("certificates-revoke-usage")));
    if (!rest) {
      // No reason typed: it is asked for, as the button does.
      const view = await ctx.services.certificates.verify(code);
      if (!view) return void (await ctx.reply(ctx.t("certificates-not-found")));
      return startConversation(ctx, CERT_REVOKE, view.code, view.number);
    }
    const doc = await ctx.services.certificates.revoke(ctx.member, code, rest);
    await ctx.reply(ctx.t("certificates-revoked", { number: doc.number }));
  });

  pm.command("reissue", async (ctx) => {
    if (!isAdmin(ctx.member)) return void (await ctx.reply(ctx.t("certificates-admins-only")));
    const { code } = splitCommand(ctx.match);
    if (!code) return void (await ctx.reply(ctx.t("certificates-reissue-usage")));
    const view = await ctx.services.certificates.verify(code);
    if (!view) return void (await ctx.reply(ctx.t("certificates-not-found")));
    await ctx.reply(ctx.t("certificates-reissue-confirm", { number: view.number }), { reply_markup: reissueConfirmKeyboard(ctx.t, view.code) });
  });

  // ------------------------------------------------------------------ the member's list

  pm.callbackQuery(
    crtCb.action("l"),
    crtCb.handle(async (ctx, args) => {
      const page = parsePage(args[0]);
      if (page === undefined || !ctx.member?.registered) return answerStale(ctx);
      const view = await renderList(ctx, page);
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(view.text, { reply_markup: view.reply_markup });
    }),
  );

  pm.callbackQuery(
    crtCb.action("d"),
    crtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      const page = parsePage(args[1]);
      if (id === undefined || page === undefined) return answerStale(ctx);
      // Someone else's id is "not found" (the service decides), answered before anything is shown.
      const doc = await ctx.services.certificates.document(ctx.member, id);
      await ctx.answerCallbackQuery();
      const url = await ctx.services.documentLinks.verifyUrl(doc.code);
      await ctx.editMessageText(cardText(ctx.t, doc, url, zone(ctx)), { reply_markup: cardKeyboard(ctx.t, doc, page), link_preview_options: { is_disabled: true } });
    }),
  );

  pm.callbackQuery(
    crtCb.action("f"),
    crtCb.handle(async (ctx, args) => {
      const id = parseId(args[0]);
      if (id === undefined) return answerStale(ctx);
      const doc = await ctx.services.certificates.document(ctx.member, id);
      if (!doc.fileId && !doc.renderedAt) return void (await ctx.answerCallbackQuery({ text: ctx.t("certificates-being-prepared"), show_alert: true }));
      await sendDocumentFile(ctx, doc);
      await ctx.answerCallbackQuery();
    }),
  );

  // ------------------------------------------------------------------ consent and the public page

  const showConsent = async (ctx: BotContext, answer?: string) => {
    const { nameConsent } = await ctx.services.certificates.settings(ctx.member);
    await ctx.answerCallbackQuery(answer ? { text: answer } : undefined);
    await ctx.editMessageText(ctx.t("certificates-consent-text", { given: nameConsent ? "yes" : "no" }), { reply_markup: consentKeyboard(ctx.t, nameConsent) });
  };
  pm.callbackQuery(
    crtCb.action("cs"),
    crtCb.handle(async (ctx) => showConsent(ctx)),
  );
  pm.callbackQuery(
    crtCb.action("cy"),
    crtCb.handle(async (ctx) => {
      await ctx.services.certificates.setNameConsent(ctx.member, true);
      await showConsent(ctx, ctx.t("certificates-consent-given"));
    }),
  );
  pm.callbackQuery(
    crtCb.action("cn"),
    crtCb.handle(async (ctx) => {
      await ctx.services.certificates.setNameConsent(ctx.member, false);
      await showConsent(ctx, ctx.t("certificates-consent-withdrawn"));
    }),
  );

  const showPublic = async (ctx: BotContext, slug: string | null) => {
    const base = ctx.deps.config.publicUrl;
    await ctx.answerCallbackQuery();
    const state = slug ? ctx.t("certificates-public-on", { url: `${base}/p/${slug}` }) : ctx.t("certificates-public-off");
    await ctx.editMessageText(`${ctx.t("certificates-public-text")}\n\n${state}`, {
      reply_markup: publicKeyboard(ctx.t, slug !== null),
      link_preview_options: { is_disabled: true },
    });
  };
  pm.callbackQuery(
    crtCb.action("ps"),
    crtCb.handle(async (ctx) => {
      if (!ctx.deps.config.publicUrl) return answerStale(ctx);
      await showPublic(ctx, (await ctx.services.certificates.settings(ctx.member)).publicSlug);
    }),
  );
  pm.callbackQuery(
    crtCb.action("po"),
    crtCb.handle(async (ctx, args) => {
      if (!ctx.deps.config.publicUrl || (args[0] !== "0" && args[0] !== "1")) return answerStale(ctx);
      await showPublic(ctx, await ctx.services.certificates.setPublicPortfolio(ctx.member, args[0] === "1"));
    }),
  );

  pm.callbackQuery(
    crtCb.action("pf"),
    crtCb.handle(async (ctx) => {
      if (!ctx.member?.registered) return answerStale(ctx);
      await replyPortfolio(ctx, true);
    }),
  );

  // ------------------------------------------------------------------ admins on /verify

  pm.callbackQuery(
    crtCb.action("vv"),
    crtCb.handle(async (ctx, args) => {
      const code = codeArg(args[0]);
      if (!code) return answerStale(ctx);
      await ctx.answerCallbackQuery();
      await showVerification(ctx, code, true);
    }),
  );

  pm.callbackQuery(
    crtCb.action("rr"),
    crtCb.handle(async (ctx, args) => {
      const view = await adminButtonDocument(ctx, args[0]);
      if (!view) return;
      await ctx.editMessageText(ctx.t("certificates-reissue-confirm", { number: view.number }), { reply_markup: reissueConfirmKeyboard(ctx.t, view.code) });
    }),
  );

  pm.callbackQuery(
    crtCb.action("rry"),
    crtCb.handle(async (ctx, args) => {
      const code = codeArg(args[0]);
      if (!code) return answerStale(ctx);
      const old = await ctx.services.certificates.verify(code);
      // A second tap finds it replaced: certificates-already-revoked, through the error boundary.
      const doc = await ctx.services.certificates.reissue(ctx.member, code);
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(ctx.t("certificates-reissued", { old: old?.number ?? "", number: doc.number, code: doc.code }));
    }),
  );

  pm.callbackQuery(
    crtCb.action("rv"),
    crtCb.handle(async (ctx, args) => {
      const view = await adminButtonDocument(ctx, args[0]);
      if (!view) return;
      await startConversation(ctx, CERT_REVOKE, view.code, view.number);
    }),
  );

  return composer;
}
