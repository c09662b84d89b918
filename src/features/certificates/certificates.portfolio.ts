import type { Redis } from "ioredis";
import type { Translate, Translator } from "../../bot/i18n.js";
import { trusted } from "../../shared/html.js";
import { DomainError } from "../../shared/errors.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import type { MembersRepository } from "../members/members.repository.js";
import type { MemberState } from "../members/members.types.js";
import type { DocumentLinks } from "./certificates.documents.js";
import { formatDocumentDate, renderPortfolioPdf, type PortfolioLine, type PortfolioPdfInput } from "./certificates.pdf.js";
import type { CertificatesService } from "./certificates.service.js";
import type { DocumentView, Issuer } from "./certificates.types.js";

/** One portfolio per member per this long: a render takes a core for a moment. */
export const PORTFOLIO_INTERVAL_MS = 30_000;

export interface PortfolioDeps {
  certificates: CertificatesService;
  members: MembersRepository;
  catalogue: CatalogueService;
  translator: Translator;
  links: DocumentLinks;
  issuer: Issuer;
  redis: Redis;
  redisPrefix: string;
  timezone: string;
  now: () => Date;
}

/**
 * The attestation portfolio (/portfolio): the member's profile facts and valid
 * documents as a PDF, built on request and not stored. In Russian whatever the
 * member's language: it goes to Russian attestation boards.
 */
export class PortfolioBuilder {
  constructor(private readonly deps: PortfolioDeps) {}

  /**
   * Renders the member's portfolio, at most once per member per 30 s (a Redis
   * key set with NX PX; a refusal says how long to wait). `started` runs once
   * the render is allowed (the handler shows "sending a file…").
   */
  async render(member: MemberState | undefined, options: { started?: () => Promise<void> } = {}): Promise<{ bytes: Buffer; documents: number; totalHours: number }> {
    if (!member?.registered) throw new DomainError("errors-not-registered");
    const key = `${this.deps.redisPrefix}:cert:portfolio:${member.id}`;
    if ((await this.deps.redis.set(key, "1", "PX", PORTFOLIO_INTERVAL_MS, "NX")) !== "OK") {
      const left = await this.deps.redis.pttl(key);
      throw new DomainError("certificates-portfolio-wait", { seconds: Math.max(1, Math.ceil((left > 0 ? left : PORTFOLIO_INTERVAL_MS) / 1000)) });
    }
    await options.started?.();
    const input = await this.input(member);
    const bytes = await renderPortfolioPdf(input);
    const documents = Object.values(input.sections).reduce((n, lines) => n + lines.length, 0);
    return { bytes, documents, totalHours: input.totalHours };
  }

  /** What the PDF shows (exported for tests of the lines). */
  async input(member: MemberState): Promise<PortfolioPdfInput> {
    const t = this.deps.translator.forLocale("ru");
    const [profile, docs, verifyBaseUrl] = await Promise.all([
      this.deps.members.findProfile(member.id),
      this.deps.certificates.portfolioDocuments(member),
      this.deps.links.verifyBase(),
    ]);
    const subjects: string[] = [];
    for (const code of profile?.subjectCodes ?? []) {
      const s = await this.deps.catalogue.subject(code);
      if (s) subjects.push(s.nameRu);
    }
    const holder: PortfolioPdfInput["holder"] = {};
    if (profile) {
      holder.name = profile.fullName;
      if (profile.professionalRole !== "OTHER") holder.position = t(`role-${profile.professionalRole}`);
      if (profile.organisation) holder.school = profile.organisation;
      if (profile.city) holder.city = profile.city;
      holder.experience = t("certificates-experience", { years: profile.experienceYears });
      if (subjects.length > 0) holder.subjects = subjects.join(", ");
    }
    const sections: PortfolioPdfInput["sections"] = { publications: [], participation: [], speaker: [], diplomas: [], jury: [] };
    let totalHours = 0;
    for (const d of docs) {
      const line = await this.line(d, t);
      switch (d.kind) {
        case "PUBLICATION":
          sections.publications.push(line);
          break;
        case "PARTICIPATION":
          sections.participation.push(line);
          totalHours += d.hours ?? 0;
          break;
        case "SPEAKER":
          sections.speaker.push(line);
          break;
        case "DIPLOMA":
          sections.diplomas.push(line);
          break;
        case "JURY":
          sections.jury.push(line);
          break;
        case "PROTOCOL":
          // Never here (portfolioDocuments leaves protocols out): a protocol records a contest, not its holder's work.
          break;
      }
    }
    return { holder, sections, totalHours, generatedAt: this.deps.now(), issuer: this.deps.issuer, verifyBaseUrl };
  }

  private async line(d: DocumentView, t: Translate): Promise<PortfolioLine> {
    // The PDF is plain text: the contest's own words go in unescaped.
    const line: PortfolioLine = { title: d.title, number: d.number, code: d.code, date: formatDocumentDate(d.issuedAt, this.deps.timezone) };
    const x = d.details;
    switch (x.kind) {
      case "PUBLICATION":
        line.date = formatDocumentDate(new Date(x.publishedAt), this.deps.timezone);
        line.url = await this.deps.links.libraryUrl(x.materialId);
        break;
      case "PARTICIPATION":
      case "SPEAKER":
        line.date = formatDocumentDate(new Date(x.startsAt), x.timezone);
        if (x.kind === "PARTICIPATION" && d.hours !== null) line.hours = d.hours;
        break;
      case "DIPLOMA": {
        const notes = [t("certificates-portfolio-note-diploma", { degree: x.degree, place: x.degree === "AUDIENCE" ? 0 : (x.place ?? 0) })];
        if (x.nomination) notes.push(t("certificates-portfolio-note-nomination", { nomination: trusted(x.nomination) }));
        line.note = notes.join(", ");
        break;
      }
      case "JURY":
        if (x.chair) line.note = t("certificates-portfolio-note-chair");
        break;
      case "PROTOCOL":
        break;
    }
    return line;
  }
}
