import { InlineKeyboard } from "grammy";
import type { Message } from "grammy/types";
import type { ConvContext } from "../../bot/context.js";
import { truncate } from "../../shared/html.js";
import { localName, type CatalogueService } from "../catalogue/catalogue.service.js";
import { runStep, stepCb, type StepEnv, type StepResult } from "../../bot/questionnaire.js";
import { choiceStep } from "../../bot/form/steps.js";
import { checkAttachment, checkDescription, checkTags, checkTitle, checkUrl } from "./materials.validation.js";
import { MATERIAL_TYPES, type MaterialAttachment, type MaterialType } from "./materials.types.js";
import { typeCode } from "./materials.keyboards.js";

/** Reads the file a member sent; undefined for messages that carry none of the supported kinds. */
export function attachmentFromMessage(message: Message): MaterialAttachment | undefined {
  if (message.document) {
    const d = message.document;
    return { kind: "DOCUMENT", fileId: d.file_id, fileUniqueId: d.file_unique_id, fileName: d.file_name, mimeType: d.mime_type, fileSize: d.file_size };
  }
  if (message.photo?.length) {
    const p = message.photo[message.photo.length - 1]!;
    return { kind: "PHOTO", fileId: p.file_id, fileUniqueId: p.file_unique_id, fileSize: p.file_size, mimeType: "image/jpeg" };
  }
  if (message.video) {
    const v = message.video;
    return { kind: "VIDEO", fileId: v.file_id, fileUniqueId: v.file_unique_id, fileName: v.file_name, mimeType: v.mime_type, fileSize: v.file_size };
  }
  if (message.audio) {
    const a = message.audio;
    return { kind: "AUDIO", fileId: a.file_id, fileUniqueId: a.file_unique_id, fileName: a.file_name, mimeType: a.mime_type, fileSize: a.file_size };
  }
  return undefined;
}

/** A message that is only a link (what a member pastes to share one). */
export function linkFromText(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^https?:\/\/\S+$/i.test(trimmed)) return undefined;
  const url = checkUrl(trimmed);
  return url.ok ? url.value : undefined;
}

/** A short description of the attachment for summaries: file name and size, or the link. */
export function describeAttachment(a: MaterialAttachment): string {
  if (a.kind === "LINK") return truncate(a.url, 200);
  const size = a.fileSize ? ` · ${(a.fileSize / 1024 / 1024).toFixed(a.fileSize < 1024 * 1024 ? 2 : 1)} MB` : "";
  return `${truncate(a.fileName ?? a.kind.toLowerCase(), 120)}${size}`;
}

export function askAttachment(env: StepEnv): Promise<StepResult<MaterialAttachment>> {
  const { t } = env;
  return runStep<null, MaterialAttachment>(env, {
    initial: null,
    render: () => ({ text: t("materials-ask-file"), keyboard: new InlineKeyboard().text(t("step-cancel"), stepCb.pack("cancel")) }),
    onText: (text) => {
      const url = linkFromText(text);
      return url ? { value: { kind: "LINK", url } } : { error: "materials-link-bad" };
    },
    onMessage: (ctx) => {
      const a = ctx.message && attachmentFromMessage(ctx.message);
      if (!a) return { error: "materials-file-type" };
      const checked = checkAttachment(a);
      return checked.ok ? { value: checked.value } : { error: checked.error };
    },
    answered: (a) => t("materials-answered-file", { value: describeAttachment(a) }),
  });
}

export function askTitle(env: StepEnv, suggestion?: string): Promise<StepResult<string>> {
  const { t } = env;
  const suggested = suggestion ? checkTitle(suggestion.replace(/\.[A-Za-z0-9]{1,5}$/, "").replace(/[_]+/g, " ")) : undefined;
  return runStep<null, string>(env, {
    initial: null,
    render: () => {
      const kb = new InlineKeyboard();
      if (suggested?.ok) kb.text(truncate(`📎 ${suggested.value}`, 60), stepCb.pack("use")).row();
      if (env.back) kb.text(t("step-back"), stepCb.pack("back"));
      kb.text(t("step-cancel"), stepCb.pack("cancel"));
      return { text: t("materials-ask-title"), keyboard: kb };
    },
    onText: (text) => {
      const c = checkTitle(text);
      return c.ok ? { value: c.value } : { error: c.error };
    },
    onCallback: (data) => (data.action === "use" && suggested?.ok ? { value: suggested.value } : undefined),
    answered: (v) => t("materials-answered-title", { value: v }),
  });
}

export function askDescription(env: StepEnv): Promise<StepResult<string>> {
  const { t } = env;
  return runStep<null, string>(env, {
    initial: null,
    render: () => {
      const kb = new InlineKeyboard().text(t("step-skip"), stepCb.pack("skip")).row();
      if (env.back) kb.text(t("step-back"), stepCb.pack("back"));
      return { text: t("materials-ask-description"), keyboard: kb.text(t("step-cancel"), stepCb.pack("cancel")) };
    },
    onText: (text) => {
      const c = checkDescription(text);
      return c.ok ? { value: c.value } : { error: c.error };
    },
    onCallback: (data) => (data.action === "skip" ? { value: "" } : undefined),
    answered: (v) => (v ? t("materials-answered-description", { value: truncate(v, 200) }) : t("materials-answered-description-none")),
  });
}

/** One subject: the member's own subjects first, "all subjects" on request. */
export async function askMaterialSubject(env: StepEnv, catalogue: CatalogueService, own: string[]): Promise<StepResult<string>> {
  const { t, locale } = env;
  const all = await catalogue.subjects();
  const mine = all.filter((s) => own.includes(s.code));
  return runStep<{ all: boolean }, string>(env, {
    initial: { all: mine.length === 0 },
    render: (s) => {
      const kb = new InlineKeyboard();
      (s.all ? all : mine).forEach((subject, i) => {
        kb.text(localName(subject, locale), stepCb.pack("pick", subject.code));
        if (i % 2 === 1) kb.row();
      });
      kb.row();
      if (!s.all) kb.text(t("materials-all-subjects"), stepCb.pack("all")).row();
      if (env.back) kb.text(t("step-back"), stepCb.pack("back"));
      kb.text(t("step-cancel"), stepCb.pack("cancel"));
      return { text: t("materials-ask-subject"), keyboard: kb };
    },
    onCallback: (data) => {
      if (data.action === "all") return { state: { all: true } };
      const code = data.args[0];
      return data.action === "pick" && code && all.some((s) => s.code === code) ? { value: code } : undefined;
    },
    answered: (code) =>
      t("materials-answered-subject", {
        value: localName(
          all.find((s) => s.code === code)!,
          locale,
        ),
      }),
  });
}

export function askMaterialType(env: StepEnv): Promise<StepResult<MaterialType>> {
  const { t } = env;
  return choiceStep(env, {
    question: t("materials-ask-type"),
    options: MATERIAL_TYPES.map((type) => ({ value: type, code: typeCode(type), label: t(`materials-type-${type}`) })),
    action: "type",
    columns: 2,
    answered: (v) => t("materials-answered-type", { value: t(`materials-type-${v}`) }),
  });
}

export function askTags(env: StepEnv): Promise<StepResult<string[]>> {
  const { t } = env;
  return runStep<null, string[]>(env, {
    initial: null,
    render: () => {
      const kb = new InlineKeyboard().text(t("step-skip"), stepCb.pack("skip")).row();
      if (env.back) kb.text(t("step-back"), stepCb.pack("back"));
      return { text: t("materials-ask-tags"), keyboard: kb.text(t("step-cancel"), stepCb.pack("cancel")) };
    },
    onText: (text) => {
      const c = checkTags(text);
      return c.ok ? { value: c.value } : { error: c.error };
    },
    onCallback: (data) => (data.action === "skip" ? { value: [] } : undefined),
    answered: (v) => (v.length ? t("materials-answered-tags", { value: v.map((x) => `#${x}`).join(" ") }) : t("materials-answered-tags-none")),
  });
}

/** Asks for a free-text reason or comment (1..max characters), with optional preset buttons. */
export function askText(
  env: StepEnv,
  options: { question: string; max: number; tooLong: string; presets?: Array<{ label: string; value: string }>; answered: (v: string) => string },
): Promise<StepResult<string>> {
  const { t } = env;
  return runStep<null, string>(env, {
    initial: null,
    render: () => {
      const kb = new InlineKeyboard();
      options.presets?.forEach((p, i) => kb.text(p.label, stepCb.pack("preset", i)).row());
      if (env.back) kb.text(t("step-back"), stepCb.pack("back"));
      kb.text(t("step-cancel"), stepCb.pack("cancel"));
      return { text: options.question, keyboard: kb };
    },
    onText: (text) => {
      const clean = text.trim();
      if (!clean) return { error: "materials-comment-empty" };
      return Array.from(clean).length > options.max ? { error: options.tooLong, vars: { max: options.max } } : { value: clean };
    },
    onCallback: (data) => {
      const preset = data.action === "preset" ? options.presets?.[Number(data.args[0])] : undefined;
      return preset ? { value: preset.value } : undefined;
    },
    answered: options.answered,
  });
}

/** Context of the current update inside a conversation (for helpers that need the message). */
export type { ConvContext };
