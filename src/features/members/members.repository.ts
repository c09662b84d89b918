import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { MemberRole, ProfessionalRole } from "../../generated/prisma/enums.js";
import { CONSENT_VERSION, type MemberState, type ProfileInput, type ProfileView } from "./members.types.js";

const memberStateSelect = {
  id: true,
  telegramId: true,
  role: true,
  locale: true,
  isActive: true,
  registeredAt: true,
  username: true,
} as const satisfies Prisma.MemberSelect;

type MemberStateRow = Prisma.MemberGetPayload<{ select: typeof memberStateSelect }>;

function toState(row: MemberStateRow): MemberState {
  return {
    id: row.id,
    telegramId: row.telegramId!,
    role: row.role,
    locale: row.locale,
    isActive: row.isActive,
    registered: row.registeredAt !== null,
    username: row.username,
  };
}

const profileInclude = {
  subjects: { select: { subjectCode: true } },
  grades: { select: { gradeCode: true } },
  member: { select: { registeredAt: true } },
} as const satisfies Prisma.ProfileInclude;

type ProfileRow = Prisma.ProfileGetPayload<{ include: typeof profileInclude }>;

function toProfileView(row: ProfileRow): ProfileView {
  return {
    memberId: row.memberId,
    fullName: row.fullName,
    professionalRole: row.professionalRole,
    subjectCodes: row.subjects.map((s) => s.subjectCode),
    gradeCodes: row.grades.map((g) => g.gradeCode),
    regionCode: row.regionCode,
    city: row.city,
    organisation: row.organisation,
    experienceYears: row.experienceYears,
    timezone: row.timezone,
    registeredAt: row.member.registeredAt ?? row.createdAt,
  };
}

export interface MemberSearchHit {
  id: number;
  telegramId: bigint | null;
  username: string | null;
  role: MemberRole;
  fullName: string | null;
  isActive: boolean;
  deleted: boolean;
}

/** The only place that reads and writes members and profiles. */
export class MembersRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Runs on every update, so it is a plain SQL statement: Prisma's query
   * compiler costs more CPU than the lookup itself at a thousand updates a second.
   */
  async findState(telegramId: bigint): Promise<MemberState | undefined> {
    const rows = await this.prisma.$queryRaw<MemberStateRow[]>`
      SELECT id, telegram_id AS "telegramId", role::text AS role, locale, is_active AS "isActive",
             registered_at AS "registeredAt", username
      FROM members WHERE telegram_id = ${telegramId}`;
    return rows[0] ? toState(rows[0]) : undefined;
  }

  async findStateById(id: number): Promise<MemberState | undefined> {
    const row = await this.prisma.member.findFirst({ where: { id, telegramId: { not: null } }, select: memberStateSelect });
    return row ? toState(row) : undefined;
  }

  async findProfile(memberId: number): Promise<ProfileView | undefined> {
    const row = await this.prisma.profile.findUnique({ where: { memberId }, include: profileInclude });
    return row ? toProfileView(row) : undefined;
  }

  /** Records a refusal of consent: the Telegram id and the refusal, nothing else. */
  async recordRefusal(telegramId: bigint, at: Date): Promise<void> {
    await this.prisma.member.upsert({
      where: { telegramId },
      create: { telegramId, consentStatus: "REFUSED", consentVersion: CONSENT_VERSION, consentAt: at },
      update: { consentStatus: "REFUSED", consentVersion: CONSENT_VERSION, consentAt: at },
    });
  }

  /**
   * Creates the member (or completes a row left by a refusal or an ADMIN_IDS
   * bootstrap) together with the profile, in one transaction.
   * Returns undefined when the member had already registered (a second submit).
   */
  async register(input: { telegramId: bigint; username: string | null; locale: string; consentAt: Date; profile: ProfileInput }): Promise<MemberState | undefined> {
    const { profile } = input;
    return this.prisma.$transaction(async (tx) => {
      const existing = await tx.member.findUnique({ where: { telegramId: input.telegramId }, select: { id: true, registeredAt: true } });
      if (existing?.registeredAt) return undefined;
      const data = {
        username: input.username,
        locale: input.locale,
        isActive: true,
        consentStatus: "GIVEN" as const,
        consentVersion: CONSENT_VERSION,
        consentAt: input.consentAt,
        registeredAt: new Date(),
      };
      const member = existing
        ? await tx.member.update({ where: { id: existing.id }, data, select: memberStateSelect })
        : await tx.member.create({ data: { telegramId: input.telegramId, ...data }, select: memberStateSelect });
      await tx.profile.create({
        data: {
          memberId: member.id,
          fullName: profile.fullName,
          professionalRole: profile.professionalRole,
          regionCode: profile.regionCode,
          city: profile.city,
          organisation: profile.organisation,
          experienceYears: profile.experienceYears,
          timezone: profile.timezone,
          subjects: { create: profile.subjectCodes.map((subjectCode) => ({ subjectCode })) },
          grades: { create: profile.gradeCodes.map((gradeCode) => ({ gradeCode })) },
        },
      });
      return toState(member);
    });
  }

  async updateProfile(memberId: number, patch: Partial<ProfileInput>): Promise<void> {
    const { subjectCodes, gradeCodes, ...scalars } = patch;
    await this.prisma.$transaction(async (tx) => {
      if (Object.keys(scalars).length > 0) await tx.profile.update({ where: { memberId }, data: scalars });
      if (subjectCodes) {
        await tx.profileSubject.deleteMany({ where: { memberId } });
        await tx.profileSubject.createMany({ data: subjectCodes.map((subjectCode) => ({ memberId, subjectCode })) });
      }
      if (gradeCodes) {
        await tx.profileGrade.deleteMany({ where: { memberId } });
        await tx.profileGrade.createMany({ data: gradeCodes.map((gradeCode) => ({ memberId, gradeCode })) });
      }
    });
  }

  async setLocale(memberId: number, locale: string): Promise<void> {
    await this.prisma.member.update({ where: { id: memberId }, data: { locale } });
  }

  async setUsername(memberId: number, username: string | null): Promise<void> {
    await this.prisma.member.update({ where: { id: memberId }, data: { username } });
  }

  /** Marks a member (in)active after they blocked or unblocked the bot; unknown users are ignored. */
  async setActiveByTelegramId(telegramId: bigint, isActive: boolean): Promise<boolean> {
    const result = await this.prisma.member.updateMany({ where: { telegramId }, data: { isActive } });
    return result.count > 0;
  }

  /** Makes sure every ADMIN_IDS user has a member row with the ADMIN role; returns the ids changed now. */
  async bootstrapAdmins(telegramIds: readonly bigint[]): Promise<number[]> {
    const changed: number[] = [];
    for (const telegramId of telegramIds) {
      const existing = await this.prisma.member.findUnique({ where: { telegramId }, select: { id: true, role: true } });
      if (existing?.role === "ADMIN") continue;
      const row = existing
        ? await this.prisma.member.update({ where: { id: existing.id }, data: { role: "ADMIN" }, select: { id: true } })
        : await this.prisma.member.create({ data: { telegramId, role: "ADMIN" }, select: { id: true } });
      changed.push(row.id);
    }
    return changed;
  }

  /** Telegram ids of every member with one of the roles (for command scopes). */
  /** Community moderators and admins the bot can write to (a private chat, not erased), by member id. */
  async reachableStaff(): Promise<Array<{ id: number; telegramId: bigint; locale: string }>> {
    const rows = await this.prisma.member.findMany({
      where: { role: { in: ["MODERATOR", "ADMIN"] }, isActive: true, telegramId: { not: null }, deletedAt: null },
      select: { id: true, telegramId: true, locale: true },
      orderBy: { id: "asc" },
    });
    return rows.map((r) => ({ id: r.id, telegramId: r.telegramId!, locale: r.locale }));
  }

  async telegramIdsWithRoles(roles: MemberRole[]): Promise<Array<{ telegramId: bigint; role: MemberRole; locale: string }>> {
    const rows = await this.prisma.member.findMany({
      where: { role: { in: roles }, telegramId: { not: null } },
      select: { telegramId: true, role: true, locale: true },
    });
    return rows.map((r) => ({ telegramId: r.telegramId!, role: r.role, locale: r.locale }));
  }

  async search(query: string, limit: number): Promise<MemberSearchHit[]> {
    const trimmed = query.trim().replace(/^@/, "");
    // Prisma passes `contains` and insensitive `equals` to ILIKE as they are:
    // a "%" or "_" typed by the admin would be a wildcard (backslash is ILIKE's escape).
    const literal = trimmed.replace(/[\\%_]/g, "\\$&");
    const or: Prisma.MemberWhereInput[] = [{ profile: { fullName: { contains: literal, mode: "insensitive" } } }, { username: { equals: literal, mode: "insensitive" } }];
    if (/^\d{1,20}$/.test(trimmed)) {
      or.push({ telegramId: BigInt(trimmed) });
      if (trimmed.length <= 9) or.push({ id: Number(trimmed) });
    }
    const rows = await this.prisma.member.findMany({
      where: { telegramId: { not: null }, OR: or },
      orderBy: { id: "asc" },
      take: limit,
      select: { id: true, telegramId: true, username: true, role: true, isActive: true, deletedAt: true, profile: { select: { fullName: true } } },
    });
    return rows.map(toHit);
  }

  async hit(id: number): Promise<MemberSearchHit | undefined> {
    const row = await this.prisma.member.findUnique({
      where: { id },
      select: { id: true, telegramId: true, username: true, role: true, isActive: true, deletedAt: true, profile: { select: { fullName: true } } },
    });
    return row ? toHit(row) : undefined;
  }

  /** Name, professional role and school of registered members who are not erased (what a document records at issue). */
  async documentHolders(ids: readonly number[]): Promise<Map<number, { fullName: string; professionalRole: ProfessionalRole; organisation: string | null }>> {
    const rows = await this.prisma.profile.findMany({
      where: { memberId: { in: [...ids] }, member: { deletedAt: null } },
      select: { memberId: true, fullName: true, professionalRole: true, organisation: true },
    });
    return new Map(rows.map((r) => [r.memberId, r]));
  }

  /** Changes a role only if it is still `from` (so two admins acting at once cannot both win). */
  async changeRole(memberId: number, from: MemberRole, to: MemberRole, audit: (tx: Prisma.TransactionClient) => Promise<unknown>): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const result = await tx.member.updateMany({ where: { id: memberId, role: from, telegramId: { not: null } }, data: { role: to } });
      if (result.count === 0) return false;
      await audit(tx);
      return true;
    });
  }
}

function toHit(row: {
  id: number;
  telegramId: bigint | null;
  username: string | null;
  role: MemberRole;
  isActive: boolean;
  deletedAt: Date | null;
  profile: { fullName: string } | null;
}): MemberSearchHit {
  return {
    id: row.id,
    telegramId: row.telegramId,
    username: row.username,
    role: row.role,
    fullName: row.profile?.fullName ?? null,
    isActive: row.isActive,
    deleted: row.deletedAt !== null,
  };
}
