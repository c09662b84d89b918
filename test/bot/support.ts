import type { TestUser } from "../support/bot-harness.js";

type Answers = { name?: string; subjects?: string[]; language?: "Русский" | "English" };

/** Registers a user through the real conversation with sensible answers. */
export async function register(u: TestUser, answers: Answers = {}): Promise<void> {
  await u.send("/start");
  await answerQuestionnaire(u, answers);
}

/** The questionnaire's answers after /start (which may have come with a payload). */
export async function answerQuestionnaire(u: TestUser, answers: Answers = {}): Promise<void> {
  await u.tap("Я согласен");
  await u.send(answers.name ?? "Иванова Анна");
  await u.tap("Учитель");
  for (const s of answers.subjects ?? ["Математика"]) await u.tap(s);
  await u.tap("Готово");
  await u.tap("7 класс");
  await u.tap("Готово");
  await u.send("Татарстан");
  await u.send("Казань");
  await u.tap("Пропустить");
  await u.send("10");
  await u.tap("Оставить");
  await u.tap(answers.language ?? "Русский");
  await u.tap(answers.language === "English" ? /Confirm|register/i : "Всё верно");
}
