import type { MemberRole, ProfessionalRole } from "../../generated/prisma/enums.js";
import type { MemberState } from "../../shared/member.js";

export type { MemberRole, MemberState, ProfessionalRole };

export const PROFESSIONAL_ROLES = [
  "TEACHER",
  "METHODOLOGIST",
  "SCHOOL_LEADER",
  "PRESCHOOL_EDUCATOR",
  "ADDITIONAL_EDUCATION_TEACHER",
  "STUDENT_TEACHER",
  "OTHER",
] as const satisfies readonly ProfessionalRole[];

export const MEMBER_ROLES = ["MEMBER", "MODERATOR", "ADMIN"] as const satisfies readonly MemberRole[];

/** The roles that moderate materials and organise events. */
export type StaffRole = Exclude<MemberRole, "MEMBER">;
export type StaffMember = MemberState & { role: StaffRole };
export type AdminMember = MemberState & { role: "ADMIN" };

export function isStaffRole(role: MemberRole): role is StaffRole {
  return role === "MODERATOR" || role === "ADMIN";
}

export function isStaff(member: MemberState | undefined): member is StaffMember {
  return member !== undefined && isStaffRole(member.role);
}

export function isAdmin(member: MemberState | undefined): member is AdminMember {
  return member?.role === "ADMIN";
}

/** The profile a member fills in at registration and edits with /profile. */
export interface ProfileInput {
  fullName: string;
  professionalRole: ProfessionalRole;
  subjectCodes: string[];
  gradeCodes: string[];
  regionCode: string;
  city: string;
  organisation: string | null;
  experienceYears: number;
  timezone: string;
}

export interface ProfileView extends ProfileInput {
  memberId: number;
  registeredAt: Date;
}

export const PROFILE_FIELDS = [
  "fullName",
  "professionalRole",
  "subjectCodes",
  "gradeCodes",
  "regionCode",
  "city",
  "organisation",
  "experienceYears",
  "timezone",
] as const satisfies ReadonlyArray<keyof ProfileInput>;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Version of the personal-data consent document the member agreed to. */
export const CONSENT_VERSION = "2026-11-01";
