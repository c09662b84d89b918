import type { DomainEventPublisher } from "../../shared/domain-events.js";
import { DomainError } from "../../shared/errors.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import type { MembersRepository } from "../members/members.repository.js";
import { PROFESSIONAL_ROLES, type MemberState, type ProfessionalRole, type ProfileField, type ProfileInput, type ProfileView } from "../members/members.types.js";
import { checkCity, checkExperience, checkFullName, checkGrades, checkOrganisation, checkSubjects, checkTimezone, type Checked } from "../members/profile.validation.js";
import type {} from "./profile.events.js";

function unwrap<T>(checked: Checked<T>): T {
  if (!checked.ok) throw new DomainError(checked.error);
  return checked.value;
}

/** Registration and profile edits; every value is validated here, whatever the handler checked. */
export class ProfileService {
  constructor(
    private readonly members: MembersRepository,
    private readonly catalogue: CatalogueService,
    /** "profile.changed" (profile.events.ts) after a field was saved: the digests follow the time zone; "member.registered" after registration. */
    private readonly domainEvents: DomainEventPublisher,
  ) {}

  async validate(input: ProfileInput): Promise<ProfileInput> {
    const out: ProfileInput = { ...input };
    for (const field of Object.keys(input) as ProfileField[]) {
      Object.assign(out, await this.validateField(field, input[field]));
    }
    return out;
  }

  private async validateField(field: ProfileField, value: unknown): Promise<Partial<ProfileInput>> {
    switch (field) {
      case "fullName":
        return { fullName: unwrap(checkFullName(String(value))) };
      case "professionalRole":
        if (!PROFESSIONAL_ROLES.includes(value as ProfessionalRole)) throw new DomainError("validation-role");
        return { professionalRole: value as ProfessionalRole };
      case "subjectCodes": {
        const codes = await this.catalogue.normaliseSubjects(Array.isArray(value) ? value.map(String) : []);
        return { subjectCodes: unwrap(checkSubjects(codes)) };
      }
      case "gradeCodes": {
        const codes = await this.catalogue.normaliseGrades(Array.isArray(value) ? value.map(String) : []);
        return { gradeCodes: unwrap(checkGrades(codes)) };
      }
      case "regionCode":
        if (!(await this.catalogue.region(String(value)))) throw new DomainError("validation-region");
        return { regionCode: String(value) };
      case "city":
        return { city: unwrap(checkCity(String(value))) };
      case "organisation":
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- answers are strings; String() only narrows unknown
        return { organisation: value === null || value === "" ? null : unwrap(checkOrganisation(String(value))) };
      case "experienceYears":
        return { experienceYears: unwrap(checkExperience(String(value))) };
      case "timezone":
        return { timezone: unwrap(checkTimezone(String(value))) };
    }
  }

  /**
   * Completes a registration. Throws DomainError("registration-already") when
   * the member registered meanwhile (e.g. the confirm button tapped twice).
   */
  async register(input: { telegramId: bigint; username: string | null; locale: string; consentAt: Date; profile: ProfileInput }): Promise<MemberState> {
    const profile = await this.validate(input.profile);
    const member = await this.members.register({ ...input, profile });
    if (!member) throw new DomainError("registration-already");
    await this.domainEvents.emit("member.registered", { memberId: member.id });
    return member;
  }

  get(memberId: number): Promise<ProfileView | undefined> {
    return this.members.findProfile(memberId);
  }

  /** Changes one field of a registered member's profile. */
  async update<F extends ProfileField>(memberId: number, field: F, value: ProfileInput[F]): Promise<ProfileView> {
    if (!(await this.members.findProfile(memberId))) throw new DomainError("errors-not-registered");
    const patch = await this.validateField(field, value);
    await this.members.updateProfile(memberId, patch);
    await this.domainEvents.emit("profile.changed", { memberId, field });
    const view = await this.members.findProfile(memberId);
    if (!view) throw new DomainError("errors-not-registered");
    return view;
  }
}
