import type { GroupJoinPolicy } from "../../generated/prisma/enums.js";

/**
 * The administrator rights the bot needs in a group, as Telegram names them
 * in ChatAdministratorRights (and in the `admin=` parameter of a startgroup
 * link, where they are joined with `+`).
 */
export const REQUIRED_RIGHTS = ["can_invite_users", "can_restrict_members", "can_delete_messages", "can_pin_messages", "can_manage_topics"] as const;
export type GroupRight = (typeof REQUIRED_RIGHTS)[number];

/** The `admin=` value of the startgroup link: Telegram's names without `can_`. */
export const STARTGROUP_ADMIN_RIGHTS = REQUIRED_RIGHTS.map((r) => r.replace(/^can_/, "")).join("+");

/** A group as the bot's hot path sees it (cached in memory; see GroupsRegistry). */
export interface GroupView {
  id: number;
  chatId: bigint;
  title: string;
  username: string | null;
  chatType: string;
  isForum: boolean;
  /** The bot is in the group. */
  isActive: boolean;
  missingRights: string[];
  /** Linked by a community moderator: the bot moderates and announces there. */
  linked: boolean;
  isGeneral: boolean;
  subjects: string[];
  locale: string;
  joinPolicy: GroupJoinPolicy;
  inviteLink: string | null;
  newcomerHours: number;
  flood: { messages: number; seconds: number; muteMinutes: number };
  welcome: boolean;
  announceMaterials: boolean;
  announceEvents: boolean;
  threads: { materials: number | null; events: number | null; questions: number | null };
  rulesMessageId: number | null;
}

/** The chat fields Telegram gives in updates, as far as the groups slice uses them. */
export interface TelegramGroupChat {
  id: number;
  type: string;
  title?: string;
  username?: string;
  is_forum?: boolean;
}

/** Counters of the admins' statistics (group_daily_stats). */
export type GroupStat = "joins" | "leaves" | "messages" | "actions";

export const isGroupChat = (chat: { type: string } | undefined): boolean => chat?.type === "group" || chat?.type === "supergroup";

/**
 * A link to a message in a group: `t.me/<username>/…` for a public group,
 * `t.me/c/<internal id>/…` for a private supergroup (its chat id without
 * -100), with the topic's thread id before the message id. A basic group
 * (not a supergroup) has no message links.
 */
export function messageLink(post: { chatId: bigint; username: string | null; threadId?: number | null; messageId: number }): string | undefined {
  const tail = `${post.threadId != null ? `${post.threadId}/` : ""}${post.messageId}`;
  if (post.username) return `https://t.me/${post.username}/${tail}`;
  const id = String(post.chatId);
  if (!id.startsWith("-100")) return undefined;
  return `https://t.me/c/${id.slice(4)}/${tail}`;
}
