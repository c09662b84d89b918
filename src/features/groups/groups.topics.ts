/**
 * The forum topics of a linked group (materials, events, questions) and its
 * pinned rules.
 *
 * Creating or adopting topics. The Bot API cannot list a forum's topics, so
 * the bot adopts only what it knows: the thread ids it stored when it created
 * them earlier (an earlier /link, or before the group was unlinked). For each
 * stored id it calls `editForumTopic` with the topic's name in the group's
 * language: success (or TOPIC_NOT_MODIFIED) proves the topic still exists and
 * also renames it after a change of language; any other refusal (the topic was
 * deleted, the id belongs to another chat after a migration) makes the bot
 * create a new topic. Topics people made themselves are left alone: a forum's
 * topics cannot be found by name. A group that is not a forum has no threads:
 * announcements go to its main chat.
 *
 * The rules are one message in General (or the main chat), in the group's
 * language; a later /link edits the stored message (Telegram says "not
 * modified" when nothing changed) and sends a new one only when it is gone.
 */
import { GrammyError, type Api } from "grammy";
import type { Translate } from "../../bot/i18n.js";
import type { Logger } from "../../shared/logger.js";
import type { GroupView } from "./groups.types.js";

export const TOPICS = ["materials", "events", "questions"] as const;
export type Topic = (typeof TOPICS)[number];
export type Threads = GroupView["threads"];

const TOPIC_ICON_COLOR = { materials: 0x6fb9f0, events: 0xffd67e, questions: 0x8eee98 } as const satisfies Record<Topic, number>;

const isNotModified = (err: unknown) => err instanceof GrammyError && /not.?modified/i.test(err.description);

/** What setting up topics did, for the summary shown to the moderator. */
export interface TopicsOutcome {
  threads: Threads;
  created: Topic[];
  adopted: Topic[];
  /** Topics that could be neither adopted nor created (no right to manage topics). */
  failed: Topic[];
}

/** Creates the group's topics or adopts the stored ones (see the header). */
export async function setUpTopics(api: Api, group: GroupView, t: Translate, logger: Logger): Promise<TopicsOutcome> {
  const outcome: TopicsOutcome = { threads: { materials: null, events: null, questions: null }, created: [], adopted: [], failed: [] };
  if (!group.isForum) return outcome;
  const chatId = Number(group.chatId);
  for (const topic of TOPICS) {
    const name = t(`groups-topic-${topic}`);
    const stored = group.threads[topic];
    if (stored !== null) {
      try {
        await api.editForumTopic(chatId, stored, { name });
        outcome.threads[topic] = stored;
        outcome.adopted.push(topic);
        continue;
      } catch (err) {
        if (isNotModified(err)) {
          outcome.threads[topic] = stored;
          outcome.adopted.push(topic);
          continue;
        }
        logger.info({ chatId, topic, thread: stored, err: err instanceof Error ? err.message : err }, "stored forum topic is gone; creating it again");
      }
    }
    try {
      const created = await api.createForumTopic(chatId, name, { icon_color: TOPIC_ICON_COLOR[topic] });
      outcome.threads[topic] = created.message_thread_id;
      outcome.created.push(topic);
    } catch (err) {
      logger.warn({ chatId, topic, err: err instanceof Error ? err.message : err }, "could not create a forum topic");
      outcome.failed.push(topic);
    }
  }
  return outcome;
}

/** Sends (or edits) the rules in General and pins them. Returns the message id, or null when it could not. */
export async function pinRules(api: Api, group: GroupView, rules: string, logger: Logger): Promise<number | null> {
  const chatId = Number(group.chatId);
  let messageId: number | null = null;
  if (group.rulesMessageId !== null) {
    try {
      await api.editMessageText(chatId, group.rulesMessageId, rules);
      messageId = group.rulesMessageId;
    } catch (err) {
      if (isNotModified(err)) messageId = group.rulesMessageId;
      else logger.info({ chatId, err: err instanceof Error ? err.message : err }, "stored rules message is gone; sending it again");
    }
  }
  try {
    messageId ??= (await api.sendMessage(chatId, rules)).message_id;
    await api.pinChatMessage(chatId, messageId, { disable_notification: true });
  } catch (err) {
    logger.warn({ chatId, err: err instanceof Error ? err.message : err }, "could not send or pin the group rules");
  }
  return messageId;
}
