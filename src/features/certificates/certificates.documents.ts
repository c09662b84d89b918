import type { Api } from "grammy";
import type { Translator } from "../../bot/i18n.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import { renderDocumentPdf, type DocumentNames } from "./certificates.pdf.js";
import type { DocumentView, Issuer } from "./certificates.types.js";

/**
 * Where documents point: the public verification page when PUBLIC_URL is set,
 * else the bot's deep link (`v_<code>`), which shows the same facts.
 */
export class DocumentLinks {
  private username: Promise<string> | undefined;

  constructor(
    private readonly api: Pick<Api, "getMe">,
    private readonly publicUrl: string | undefined,
  ) {}

  /** The bot's username, asked once (a failure is asked again next time). */
  botUsername(): Promise<string> {
    this.username ??= this.api.getMe().then(
      (me) => me.username,
      (error: unknown) => {
        this.username = undefined;
        throw error;
      },
    );
    return this.username;
  }

  async verifyUrl(code: string): Promise<string> {
    return this.publicUrl ? `${this.publicUrl}/v/${code}` : `https://t.me/${await this.botUsername()}?start=v_${code}`;
  }

  /** The base printed under portfolio lines, before a code. */
  async verifyBase(): Promise<string> {
    return this.publicUrl ? `${this.publicUrl}/v/` : `https://t.me/${await this.botUsername()}?start=v_`;
  }

  async libraryUrl(materialId: number): Promise<string> {
    return `https://t.me/${await this.botUsername()}?start=m_${materialId}`;
  }
}

/** Russian names of what a document's details hold as codes (documents are in Russian: they go to Russian education offices). */
export async function documentNames(document: DocumentView, catalogue: CatalogueService, translator: Translator): Promise<DocumentNames> {
  const t = translator.forLocale("ru");
  const d = document.details;
  switch (d.kind) {
    case "PUBLICATION": {
      const subject = await catalogue.subject(d.subjectCode);
      const grades = (await Promise.all(d.gradeCodes.map((c) => catalogue.grade(c)))).filter((g) => g !== undefined).map((g) => g.nameRu);
      return {
        ...(subject ? { subject: subject.nameRu } : {}),
        ...(grades.length > 0 ? { grades: grades.join(", ") } : {}),
        materialType: t(`materials-type-${d.materialType}`),
      };
    }
    case "PARTICIPATION":
    case "SPEAKER":
      return { eventKind: t(`events-kind-${d.eventKind}`) };
    default:
      return {};
  }
}

/**
 * The community's name and signer: as configured, the rest in Russian from the
 * locales (documents go to Russian education offices).
 */
export function documentIssuer(configured: Partial<Issuer>, translator: Translator): Issuer {
  const t = translator.forLocale("ru");
  return {
    communityName: configured.communityName ?? t("certificates-pdf-default-community"),
    signerName: configured.signerName ?? t("certificates-pdf-default-signer-name"),
    signerTitle: configured.signerTitle ?? t("certificates-pdf-default-signer-title"),
  };
}

/** Builds the PDF renderer the service uses: names and links resolved, then certificates.pdf.ts. */
export function documentRenderer(deps: { catalogue: CatalogueService; translator: Translator; links: DocumentLinks; issuer: Issuer }) {
  return async (document: DocumentView): Promise<Uint8Array> => {
    const [names, verifyUrl, libraryUrl] = await Promise.all([
      documentNames(document, deps.catalogue, deps.translator),
      deps.links.verifyUrl(document.code),
      document.details.kind === "PUBLICATION" ? deps.links.libraryUrl(document.details.materialId) : Promise.resolve(undefined),
    ]);
    return renderDocumentPdf({ document, issuer: deps.issuer, verifyUrl, names, ...(libraryUrl ? { libraryUrl } : {}) });
  };
}
