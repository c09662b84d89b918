import type { MemberRole } from "../generated/prisma/enums.js";

/** What the bot knows about the sender of an update, loaded once per update (the members slice loads it). */
export interface MemberState {
  id: number;
  telegramId: bigint;
  role: MemberRole;
  locale: string;
  isActive: boolean;
  registered: boolean;
  username: string | null;
}
