import type { MiddlewareFn } from "grammy";
import type { Message } from "grammy/types";
import type { BotContext } from "../../bot/context.js";

export const GROUP_CHAT_TYPES: ("group" | "supergroup")[] = ["group", "supergroup"];

/** Service messages (joins, pins, migration, topics…) and commands take the ordinary path; everything else a person writes is "ordinary". */
function isOrdinary(message: Message): boolean {
  if (message.new_chat_members || message.left_chat_member || message.migrate_to_chat_id || message.migrate_from_chat_id || message.pinned_message) return false;
  if (message.forum_topic_created || message.forum_topic_edited || message.group_chat_created || message.supergroup_chat_created) return false;
  const text = message.text ?? message.caption;
  const entity = message.entities?.[0];
  return !(entity?.type === "bot_command" && entity.offset === 0 && text?.startsWith("/"));
}

/**
 * The hot path of group messages (issue 11, "Speed and load"): an ordinary
 * message in a group is counted and screened here and goes no further. The
 * group's settings come from memory (GroupsRegistry); nothing here queries
 * PostgreSQL once the group was loaded, and a clean message costs one Redis
 * round trip (the flood counter) and no Bot API call
 * (GroupModerationService.screen). Messages of groups that are not linked
 * are ignored.
 */
export function groupsFront(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const chat = ctx.chat;
    const edited = ctx.editedMessage;
    if (edited) {
      // Edits are asked for only to screen groups (createBot lets no edit past the front hooks).
      if (!chat || (chat.type !== "group" && chat.type !== "supergroup") || !isOrdinary(edited)) return next();
      const group = await ctx.services.groups.group(chat.id);
      if (group?.linked && group.isActive) await ctx.services.groupModeration.screenEdit(group, edited);
      return;
    }
    const message = ctx.message;
    if (!message || !chat || (chat.type !== "group" && chat.type !== "supergroup") || !isOrdinary(message)) return next();
    const group = await ctx.services.groups.group(chat.id);
    if (!group?.linked || !group.isActive) return;
    ctx.services.groups.stats.add(group.id, "messages");
    // Antiflood and newcomers: one Redis round trip for a clean message, nothing else.
    await ctx.services.groupModeration.screen(group, message);
  };
}
