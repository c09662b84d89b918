/** Domain events of the groups slice (src/shared/domain-events.ts); ids only. */

declare module "../../shared/domain-events.js" {
  interface DomainEventMap {
    /**
     * A linked group became one the bot can act in: it was linked (not linked
     * before), or the bot is back in it as an administrator with its rights
     * (it had been removed, or lacked rights). After commit. `at`: when (ms),
     * which names the follow-up jobs. The moderation part applies the ban list
     * there (bans made meanwhile skipped it).
     */
    "group.activated": { groupId: number; at: number };
  }
}

export {};
