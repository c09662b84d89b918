/**
 * A local HTTP fake of the Telegram Bot API for end-to-end tests and benchmarks.
 *
 * The real process (or a grammY `Bot`) talks to it through `client.apiRoot` /
 * `TELEGRAM_API_ROOT`. It answers with realistic Bot API objects, keeps the
 * messages it has "sent" so edits behave like Telegram's (including
 * "message is not modified"), holds long-polling `getUpdates` requests open,
 * and — in strict mode, the default — refuses what the real server refuses:
 * over-long texts and captions, broken HTML, oversized callback data.
 *
 * Deliberate differences from the real server, all on the strict side or
 * out of scope for this project:
 * - a bare `&` in HTML is refused (Telegram's parser keeps it literally, but
 *   its documentation requires `&amp;`, and an unescaped `&` in our output
 *   means user text was not escaped);
 * - MarkdownV2/Markdown texts are not parsed: they are stored and measured as
 *   sent (this project uses HTML and entities);
 * - no automatic entities (urls, mentions) are detected in plain texts;
 * - updates are only delivered through `getUpdates`, never to a webhook;
 * - group rules (rights, memberships, topics, deletable messages) hold only in
 *   groups the fake knows (`fake.groups.create`, or seen in a membership update);
 *   other chats keep the lenient behaviour (e.g. deleteMessage answers true).
 *
 * By concern: server.ts (HTTP, routing, long polling, latency, injected faults),
 * methods.ts (the Bot API methods), chat-state.ts (chats and messages), files.ts,
 * validation.ts and html.ts (what Telegram refuses), flood.ts (flood limits),
 * request.ts (body decoding), updates.ts (update builders), groups.ts (groups and
 * supergroups: memberships, rights, topics, invite links, join requests), types.ts.
 */
export { parseTelegramHtml, HtmlParseError } from "./html.js";
export { startBotApiFake } from "./server.js";
export {
  BotApiFakeError,
  type ApiResponse,
  type BotApiFake,
  type BotApiFakeOptions,
  type MethodHandler,
  type PendingUpdate,
  type RecordedCall,
  type UploadedFile,
} from "./types.js";
export { makeCallbackUpdate, makeTextUpdate, newMessageId, type CallbackMessageInput, type FakeUserInput } from "./updates.js";
export {
  ALL_PERMISSIONS,
  chatMemberOf,
  DEFAULT_BOT_ADMIN_RIGHTS,
  makeChatJoinRequestUpdate,
  makeChatMemberUpdate,
  makeGroupChat,
  makeGroupCommandUpdate,
  makeGroupTextUpdate,
  makeMigrationUpdates,
  makeMyChatMemberUpdate,
  makeNewChatMembersUpdate,
  NO_ADMIN_RIGHTS,
  type GroupChat,
  type GroupChatInput,
  type GroupMessageOptions,
  type MemberInput,
} from "./updates.js";
export type { FakeGroups, GroupSnapshot } from "./groups.js";
export { TELEGRAM_FLOOD_LIMITS, type FloodLimits } from "./flood.js";
