import type { Api } from "grammy";
import type { ChatAdministratorRights } from "grammy/types";
import type { Logger } from "../../shared/logger.js";
import { REQUIRED_RIGHTS, STARTGROUP_ADMIN_RIGHTS } from "./groups.types.js";

/** The startgroup payload: the group's first message is `/start link`. */
export const STARTGROUP_PAYLOAD = "link";

/**
 * The link that adds the bot to a group with the administrator rights it needs
 * preselected: `https://t.me/<bot>?startgroup=<payload>&admin=invite_users+restrict_members+…`.
 */
export function startGroupLink(botUsername: string, payload = STARTGROUP_PAYLOAD): string {
  return `https://t.me/${botUsername}?startgroup=${encodeURIComponent(payload)}&admin=${STARTGROUP_ADMIN_RIGHTS}`;
}

/** The rights the bot asks for when someone adds it to a group as an administrator: what it needs and nothing else. */
export function defaultGroupRights(): ChatAdministratorRights {
  const rights: ChatAdministratorRights = {
    is_anonymous: false,
    can_manage_chat: true,
    can_delete_messages: false,
    can_manage_video_chats: false,
    can_restrict_members: false,
    can_promote_members: false,
    can_change_info: false,
    can_invite_users: false,
    can_post_stories: false,
    can_edit_stories: false,
    can_delete_stories: false,
    can_send_welcome_messages: false,
  };
  for (const right of REQUIRED_RIGHTS) rights[right] = true;
  return rights;
}

/**
 * At start: the default administrator rights for groups, so Telegram offers them
 * when the bot is added. A failure is only logged (the bot still checks its
 * rights on my_chat_member and /link).
 */
export async function setDefaultGroupRights(api: Api, logger: Logger): Promise<void> {
  try {
    await api.setMyDefaultAdministratorRights({ rights: defaultGroupRights(), for_channels: false });
  } catch (err) {
    logger.warn({ err: err instanceof Error ? err.message : err }, "could not set the default administrator rights for groups");
  }
}
