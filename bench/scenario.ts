// What the benchmark's members do. Every member goes through (part of) the
// registration questionnaire the way a person would, with a few commands on
// the way; 3 in 8 complete it and look at their profile.
import type { Update } from "grammy/types";
import { prng } from "../test/support/prng.js";

export type UpdateKind = "text" | "callback" | "command";

/** One thing a member does; callbacks tap a button of the newest keyboard message of the chat. */
export type Action = { kind: "command" | "text"; step: string; text: string } | { kind: "callback"; step: string; data: string };

export interface MemberPlan {
  id: number;
  firstName: string;
  username?: string;
  /** Whether the plan ends with a registered member. */
  completes: boolean;
  actions: Action[];
}

export { prng } from "../test/support/prng.js";

const SURNAMES = ["Иванова", "Петров", "Смирнова", "Кузнецов", "Попова", "Соколов", "Лебедева", "Козлов", "Новикова", "Морозов"];
const NAMES = ["Анна", "Иван", "Мария", "Пётр", "Елена", "Сергей", "Ольга", "Дмитрий", "Наталья", "Алексей"];
const PATRONYMICS = ["Сергеевна", "Иванович", "Петровна", "Алексеевич", ""];
const CITIES = ["Казань", "Владивосток", "Новосибирск", "Екатеринбург", "Тверь", "Сочи", "Пермь", "Омск"];
const SCHOOLS = ["Школа № 5", "Гимназия № 2", "Лицей № 131", "МБОУ СОШ № 17", "Центр «Сириус»"];
const ROLES = ["TEACHER", "TEACHER", "TEACHER", "METHODOLOGIST", "SCHOOL_LEADER", "ADDITIONAL_EDUCATION_TEACHER"];

export interface Catalogue {
  subjects: string[];
  grades: string[];
  /** Region queries that match exactly one region. */
  regionQueries: string[];
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function pickDistinct<T>(random: () => number, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
}

/**
 * 20 updates for a member who registers (3 commands, 5 texts, 12 taps) and 4 for
 * one who gives up after the name (2 commands, 1 text, 1 tap); with 3 in 8
 * registering, 1,000 members send exactly 10,000 updates.
 */
export function planMembers(count: number, firstId: number, catalogue: Catalogue, seed = 42): MemberPlan[] {
  const random = prng(seed);
  const plans: MemberPlan[] = [];
  for (let i = 0; i < count; i++) {
    const id = firstId + i;
    const fullName = [pick(random, SURNAMES), pick(random, NAMES), pick(random, PATRONYMICS)].filter(Boolean).join(" ");
    const completes = i % 8 < 3;
    const actions: Action[] = [
      { kind: "command", step: "/start (new)", text: "/start" },
      { kind: "callback", step: "consent", data: "st1:agree" },
      { kind: "text", step: "full name", text: fullName },
    ];
    if (completes) {
      const [s1, s2] = pickDistinct(random, catalogue.subjects, 2);
      const [g1, g2] = pickDistinct(random, catalogue.grades, 2);
      actions.push(
        { kind: "callback", step: "role", data: `st1:pick:${pick(random, ROLES)}` },
        { kind: "callback", step: "subject toggle", data: `st1:toggle:${s1}` },
        { kind: "callback", step: "subject toggle", data: `st1:toggle:${s2}` },
        { kind: "callback", step: "subjects done", data: "st1:done" },
        { kind: "callback", step: "grade toggle", data: `st1:toggle:${g1}` },
        { kind: "callback", step: "grade toggle", data: `st1:toggle:${g2}` },
        { kind: "callback", step: "grades done", data: "st1:done" },
        { kind: "text", step: "region", text: pick(random, catalogue.regionQueries) },
        { kind: "text", step: "city", text: pick(random, CITIES) },
        { kind: "text", step: "organisation", text: pick(random, SCHOOLS) },
        { kind: "text", step: "experience", text: `${1 + Math.floor(random() * 40)}` },
        { kind: "callback", step: "time zone", data: "st1:tz:keep" },
        { kind: "callback", step: "language", data: "st1:lang:ru" },
        { kind: "callback", step: "confirm", data: "st1:confirm" },
        { kind: "callback", step: "menu: profile", data: "menu1:profile" },
        { kind: "command", step: "/profile", text: "/profile" },
        { kind: "command", step: "/help (member)", text: "/help" },
      );
    } else {
      actions.push({ kind: "command", step: "/help (in registration)", text: "/help" });
    }
    plans.push({ id, firstName: fullName.split(" ")[1]!, ...(i % 3 ? { username: `teacher_${id}` } : {}), completes, actions });
  }
  return plans;
}

/** A private-chat message update (commands get their bot_command entity, as Telegram adds it). */
export function textUpdate(updateId: number, member: MemberPlan, messageId: number, text: string): Update {
  const from = { id: member.id, is_bot: false, first_name: member.firstName, language_code: "ru", ...(member.username ? { username: member.username } : {}) };
  const command = /^\/\S+/.exec(text);
  return {
    update_id: updateId,
    message: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: member.id, type: "private", first_name: member.firstName },
      from,
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
    },
  };
}

/** A tap on a button of the bot's message `messageId` in the member's chat. */
export function callbackUpdate(
  updateId: number,
  member: MemberPlan,
  messageId: number,
  messageText: string,
  data: string,
  bot: { id: number; username: string; first_name: string },
): Update {
  const from = { id: member.id, is_bot: false, first_name: member.firstName, language_code: "ru", ...(member.username ? { username: member.username } : {}) };
  return {
    update_id: updateId,
    callback_query: {
      id: `${member.id}-${updateId}`,
      from,
      chat_instance: `ci${member.id}`,
      data,
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: member.id, type: "private", first_name: member.firstName },
        from: { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username },
        text: messageText,
      },
    },
  };
}
