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
