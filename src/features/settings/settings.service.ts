import { ForbiddenError } from "../../shared/errors.js";
import type { SettingsRepository } from "./settings.repository.js";
import type { AuditRepository } from "../audit/audit.repository.js";
import type { MemberState } from "../members/members.types.js";

/**
 * Community-wide switches admins flip in /settings. Each has a default that
 * holds until an admin changes it; values are booleans for now.
 */
export const SETTING_DEFAULTS = {
  /** Moderators may send broadcasts too (admins always may). */
  "broadcast.moderators": false,
  /** Broadcasts go out on the paid lane (allow_paid_broadcast, up to PAID_SEND_RATE_PER_SECOND). */
  "broadcast.paid": false,
  /** Moderators may organise contests too (/newcontest, /contestadmin; admins always may). */
  "contests.moderators": false,
} as const satisfies Record<string, boolean>;

export type SettingKey = keyof typeof SETTING_DEFAULTS;
export type Settings = Record<SettingKey, boolean>;
export const SETTING_KEYS = Object.keys(SETTING_DEFAULTS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as string[]).includes(key);
}

/** Reads and changes the community settings (table community_settings); changes are admin-only and audited. */
export class SettingsService {
  constructor(
    private readonly repository: SettingsRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** Every setting, stored values over defaults (values of the wrong type count as unset). */
  async all(): Promise<Settings> {
    const rows = await this.repository.read(SETTING_KEYS);
    const settings: Settings = { ...SETTING_DEFAULTS };
    for (const row of rows) {
      if (isSettingKey(row.key) && typeof row.value === "boolean") settings[row.key] = row.value;
    }
    return settings;
  }

  async get(key: SettingKey): Promise<boolean> {
    return (await this.all())[key];
  }

  /** Sets `key` to `value` (admins only) and records it in the audit log; returns every setting. */
  async set(actor: MemberState | undefined, key: SettingKey, value: boolean): Promise<Settings> {
    if (!actor || actor.role !== "ADMIN") throw new ForbiddenError("admin-only");
    if (!isSettingKey(key)) throw new ForbiddenError("errors-stale-button");
    await this.repository.write(key, value, actor.id, (tx) => this.audit.record({ actorId: actor.id, action: "settings.change", details: { key, value } }, tx));
    return this.all();
  }
}
