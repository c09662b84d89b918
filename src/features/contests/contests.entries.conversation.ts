import { InlineKeyboard } from "grammy";
import type { Message } from "grammy/types";
import type { BotConversation, ConvContext, ConversationDeps } from "../../bot/context.js";
import type { Translate } from "../../bot/i18n.js";
import { choiceStep } from "../../bot/form/steps.js";
import { attempt, BACK, CANCEL, runStep, stepCb, withNavigation, type Reaction, type StepEnv, type StepResult } from "../../bot/questionnaire.js";
import { trusted, truncate } from "../../shared/html.js";
import { toLocale } from "../../shared/locale.js";
import { formatZonedTime } from "../../shared/time.js";
import {
  checkEntryDescription,
  checkEntryFile,
  checkEntryLink,
  checkEntryText,
  checkEntryTitle,
  type EntryWork,
  type SubmissionRules,
} from "./contests.entries.service.js";
import { ctstCb, entryFieldFromCode } from "./contests.keyboards.js";
import { formatsText, workText } from "./contests.render.js";
import { entryCode, type EntryFileView } from "./contests.types.js";

export const CONTEST_SUBMIT = "contest-submit";
export const CONTEST_ENTRY_EDIT = "contest-entry-edit";

type Deps = ConversationDeps;

/** Who is talking and in which zone they read dates, as plain JSON for the replay log. */
async function whoIs(conversation: BotConversation, deps: Deps) {
  return conversation.external(async (outer) => {
    if (!outer.member?.registered) return undefined;
    const profile = await deps.services.profile.get(outer.member.id);
    return { id: outer.member.id, locale: outer.locale, zone: profile?.timezone ?? deps.config.defaultTimezone };
  });
}

function cancelOnly(t: Translate, env: StepEnv): InlineKeyboard {
  return withNavigation(new InlineKeyboard(), t, { back: env.back });
}

function askTitle(env: StepEnv): Promise<StepResult<string>> {
  const { t } = env;
  return runStep<null, string>(env, {
    initial: null,
    render: () => ({ text: t("contests-ask-title"), keyboard: cancelOnly(t, env) }),
    onText: (text) => {
      const c = checkEntryTitle(text);
      return c.ok ? { value: c.value } : { error: c.error };
    },
    answered: (v) => t("contests-answered-title", { value: v }),
  });
}

function askDescription(env: StepEnv, skipLabel: string): Promise<StepResult<string>> {
  const { t } = env;
  return runStep<null, string>(env, {
    initial: null,
    render: () => ({ text: t("contests-ask-description"), keyboard: withNavigation(new InlineKeyboard().text(skipLabel, stepCb.pack("skip")), t, { back: env.back }) }),
    onText: (text) => {
      const c = checkEntryDescription(text);
      return c.ok ? { value: c.value } : { error: c.error };
    },
    onCallback: (data) => (data.action === "skip" ? { value: "" } : undefined),
    answered: (v) => (v ? t("contests-answered-description", { value: truncate(v, 200) }) : t("contests-answered-description-none")),
  });
}

/** One piece of the work as a message brings it. */
type Piece = { file: EntryFileView } | { link: string } | { text: string } | "done";

/** Messages that carry a file, but not as a document (compressed photos, videos, voice). */
function isMediaNotDocument(m: Message): boolean {
  return Boolean(m.photo || m.video || m.audio || m.voice || m.video_note || m.animation);
}

/** What the work question says a member may send. */
function howText(t: Translate, rules: SubmissionRules): string {
  const parts: string[] = [];
  const types = formatsText(t, { ...rules, formats: ["file"] });
  if (rules.formats.includes("file")) parts.push(t("contests-how-file", { files: types }));
  if (rules.formats.includes("link")) parts.push(t("contests-how-link"));
  if (rules.formats.includes("text")) parts.push(t("contests-how-text"));
  return parts.join("\n");
}

/**
 * The work: files sent as documents one at a time (then «Готово»), a link, a
 * text — whatever the contest's formats allow. Each piece is its own question,
 * so the next one (with what has been received so far) appears below the
 * member's last message. A message of the wrong kind gets a hint and the
 * question stays. Captions are never read.
 */
async function askWork(env: StepEnv, rules: SubmissionRules): Promise<StepResult<EntryWork>> {
  const { t } = env;
  const work: EntryWork = { files: [], link: null, text: null };
  const fileAllowed = rules.formats.includes("file");
  const linkAllowed = rules.formats.includes("link");
  const textAllowed = rules.formats.includes("text");
  // A link-only or text-only contest takes its one answer and goes on; files need «Готово».
  const single = rules.formats.length === 1 && !fileAllowed;
  for (;;) {
    const has = work.files.length > 0 || work.link !== null || work.text !== null;
    const snapshot: EntryWork = { files: [...work.files], link: work.link, text: work.text };
    const piece = await runStep<null, Piece>(env, {
      initial: null,
      render: () => {
        const kb = new InlineKeyboard();
        if (has) kb.text(t("contests-work-done"), stepCb.pack("done"));
        const text = has
          ? `${t("contests-work-received", { list: trusted(workText(t, snapshot, 300)) })}\n\n${t("contests-work-more", { how: trusted(howText(t, rules)) })}`
          : t("contests-ask-work", { how: trusted(howText(t, rules)) });
        return { text, keyboard: withNavigation(kb, t, { back: env.back }) };
      },
      onText: (text) => {
        const looksLikeLink = /^https?:\/\/\S+$/i.test(text.trim());
        if (linkAllowed && (looksLikeLink || !textAllowed)) {
          const c = checkEntryLink(text);
          return c.ok ? { value: { link: c.value } } : { error: c.error };
        }
        if (textAllowed) {
          const c = checkEntryText(text);
          return c.ok ? { value: { text: c.value } } : { error: c.error, vars: { length: Array.from(text.trim()).length } };
        }
        return { error: "contests-work-send-file" };
      },
      onMessage: (ctx): Reaction<null, Piece> | undefined => {
        const m = ctx.message;
        if (!m) return undefined;
        if (m.document) {
          if (!fileAllowed) return { error: "contests-entry-format-not-allowed" };
          if (snapshot.files.length >= rules.maxFiles) return { error: "contests-entry-files-many", vars: { max: rules.maxFiles } };
          const d = m.document;
          if (snapshot.files.some((f) => f.fileUniqueId === d.file_unique_id)) return { error: "contests-work-file-again" };
          const file: EntryFileView = {
            position: snapshot.files.length + 1,
            fileId: d.file_id,
            fileUniqueId: d.file_unique_id,
            fileName: d.file_name ?? "",
            mimeType: d.mime_type ?? "",
            fileSize: d.file_size ?? 0,
          };
          const c = checkEntryFile(rules, file);
          return c.ok ? { value: { file: c.value } } : { error: c.error, vars: { mb: rules.maxFileMb } };
        }
        if (fileAllowed && isMediaNotDocument(m)) return { error: "contests-work-send-as-file" };
        return { error: "contests-work-wrong-type" };
      },
      onCallback: (data) => (data.action === "done" && has ? { value: "done" } : undefined),
      answered: (p) =>
        p === "done"
          ? t("contests-answered-work", { value: trusted(workText(t, snapshot, 200)) })
          : "file" in p
            ? t("contests-answered-file", { name: p.file.fileName })
            : "link" in p
              ? t("contests-answered-link", { value: truncate(p.link, 200) })
              : t("contests-answered-text", { length: Array.from(p.text).length }),
    });
    if (piece === BACK || piece === CANCEL) return piece;
    if (piece === "done") return work;
    if ("file" in piece) work.files.push({ ...piece.file, position: work.files.length + 1 });
    else if ("link" in piece) work.link = piece.link;
    else work.text = piece.text;
    if (single) return work;
    // Nothing else could be added: files are the only format and the last allowed one came.
    if (!linkAllowed && !textAllowed && work.files.length >= rules.maxFiles) return work;
  }
}

function askDeclaration(env: StepEnv): Promise<StepResult<true>> {
  const { t } = env;
  return runStep<null, true>(env, {
    initial: null,
    render: () => ({
      text: t("contests-ask-declaration"),
      keyboard: withNavigation(new InlineKeyboard().text(t("contests-declare-button"), stepCb.pack("declare")), t, { back: env.back }),
    }),
    onCallback: (data) => (data.action === "declare" ? { value: true } : undefined),
    answered: () => t("contests-answered-declaration"),
  });
}

/**
 * Submitting an entry: the nomination (skipped when only one is left), the
 * title, a short description, the work, the declaration of authorship, a
 * summary, then «Отправить». The service checks everything again at the end
 * (the deadline may pass while the member answers).
 */
export function createSubmitConversation(deps: Deps) {
  const { contestEntries } = deps.services;
  return async function submitEntry(conversation: BotConversation, ctx: ConvContext, contestId: number) {
    const who = await whoIs(conversation, deps);
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    if (!who) return void (await ctx.reply(t("errors-not-registered")));
    const form = await attempt(conversation, (outer) => contestEntries.submissionForm(outer.member, contestId));
    if (!form.ok) return void (await ctx.reply(t(form.key, form.vars)));
    const rules = form.value;
    const env: StepEnv = { conversation, t, locale: who.locale, back: false, ctx };
    const cancelled = () => env.ctx.reply(t("contests-submit-cancelled"));

    let nomination = rules.nominations[0]!;
    if (rules.nominations.length === 1) {
      await ctx.reply(t("contests-submit-start", { contest: truncate(rules.title, 200), nomination: truncate(nomination.title, 200) }));
    } else {
      await ctx.reply(t("contests-submit-start-many", { contest: truncate(rules.title, 200) }));
      const picked = await choiceStep(env, {
        question: t("contests-ask-nomination"),
        options: rules.nominations.map((n) => ({ value: String(n.id), label: truncate(n.title, 60) })),
        action: "nom",
        columns: 1,
        answered: (v) => t("contests-answered-nomination", { value: truncate(rules.nominations.find((n) => String(n.id) === v)?.title ?? "", 200) }),
      });
      if (picked === BACK || picked === CANCEL) return void (await cancelled());
      nomination = rules.nominations.find((n) => String(n.id) === picked)!;
    }
    const title = await askTitle(env);
    if (title === BACK || title === CANCEL) return void (await cancelled());
    const description = await askDescription(env, t("step-skip"));
    if (description === BACK || description === CANCEL) return void (await cancelled());
    const work = await askWork(env, rules);
    if (work === BACK || work === CANCEL) return void (await cancelled());
    const declared = await askDeclaration(env);
    if (declared === BACK || declared === CANCEL) return void (await cancelled());

    const summary = t("contests-summary", {
      contest: truncate(rules.title, 200),
      nomination: truncate(nomination.title, 200),
      title,
      description: description ? truncate(description, 500) : t("contests-none"),
      work: trusted(workText(t, work, 1200)),
    });
    const choice = await runStep<null, "send">(env, {
      initial: null,
      render: () => ({ text: summary, keyboard: new InlineKeyboard().text(t("contests-send"), stepCb.pack("send")).row().text(t("step-cancel"), stepCb.pack("cancel")) }),
      onCallback: (data) => (data.action === "send" ? { value: "send" } : undefined),
      answered: () => summary,
    });
    if (choice !== "send") return void (await cancelled());
    const created = await attempt(conversation, async (outer) => {
      const entry = await contestEntries.submit(outer.member, contestId, { nominationId: nomination.id, title, description, ...work, declared: true });
      return { id: entry.id, number: entry.number };
    });
    if (!created.ok) return void (await env.ctx.reply(t(created.key, created.vars)));
    await env.ctx.reply(
      t("contests-submitted", {
        code: entryCode(t("contests-code-letter"), created.value.number),
        date: formatZonedTime(new Date(rules.closesAt), who.zone, toLocale(who.locale)),
      }),
      { reply_markup: new InlineKeyboard().text(t("contests-open-entry"), ctstCb.pack("e", created.value.id)) },
    );
  };
}

/** Changes the title, the description or the whole work of an entry (the author, until the deadline). */
export function createEntryEditConversation(deps: Deps) {
  const { contestEntries } = deps.services;
  return async function editEntry(conversation: BotConversation, ctx: ConvContext, entryId: number, code: string) {
    const who = await whoIs(conversation, deps);
    const t = deps.translator.forLocale(who?.locale ?? deps.translator.defaultLocale);
    const field = entryFieldFromCode(code);
    if (!who || !field) return void (await ctx.reply(t("errors-stale-button")));
    const form = await attempt(conversation, (outer) => contestEntries.editForm(outer.member, entryId));
    if (!form.ok) return void (await ctx.reply(t(form.key, form.vars)));
    const env: StepEnv = { conversation, t, locale: who.locale, back: false, ctx };
    const cancelled = () => env.ctx.reply(t("contests-edit-cancelled"), { reply_markup: new InlineKeyboard().text(t("contests-open-entry"), ctstCb.pack("e", entryId)) });
    let patch: { title?: string; description?: string; work?: EntryWork };
    if (field === "title") {
      const title = await askTitle(env);
      if (title === BACK || title === CANCEL) return void (await cancelled());
      patch = { title };
    } else if (field === "description") {
      const description = await askDescription(env, t("contests-clear"));
      if (description === BACK || description === CANCEL) return void (await cancelled());
      patch = { description };
    } else {
      const work = await askWork(env, form.value);
      if (work === BACK || work === CANCEL) return void (await cancelled());
      patch = { work };
    }
    const saved = await attempt(conversation, async (outer) => (await contestEntries.edit(outer.member, entryId, patch)).id);
    if (!saved.ok) return void (await env.ctx.reply(t(saved.key, saved.vars)));
    await env.ctx.reply(t("contests-edited"), { reply_markup: new InlineKeyboard().text(t("contests-open-entry"), ctstCb.pack("e", entryId)) });
  };
}
