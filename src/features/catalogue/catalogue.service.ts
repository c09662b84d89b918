import type { CatalogueItem, CatalogueRepository, RegionItem } from "./catalogue.repository.js";
import { foldLetters } from "../../shared/input-words.js";

export type { CatalogueItem, RegionItem };

interface Loaded {
  subjects: CatalogueItem[];
  grades: CatalogueItem[];
  regions: RegionItem[];
  subjectByCode: Map<string, CatalogueItem>;
  gradeByCode: Map<string, CatalogueItem>;
  regionByCode: Map<string, RegionItem>;
  /** Region names prepared for searching, once. */
  regionHaystacks: Array<{ region: RegionItem; text: string }>;
}

/** Russian time zones offered in the time-zone step, west to east. */
export const RUSSIAN_TIME_ZONES = [
  "Europe/Kaliningrad",
  "Europe/Moscow",
  "Europe/Samara",
  "Asia/Yekaterinburg",
  "Asia/Omsk",
  "Asia/Novosibirsk",
  "Asia/Krasnoyarsk",
  "Asia/Irkutsk",
  "Asia/Yakutsk",
  "Asia/Vladivostok",
  "Asia/Magadan",
  "Asia/Kamchatka",
] as const;

/** Catalogues change only through migrations, so they are read once and kept in memory. */
export class CatalogueService {
  private loaded?: Promise<Loaded>;

  constructor(private readonly repository: CatalogueRepository) {}

  private load(): Promise<Loaded> {
    this.loaded ??= (async () => {
      const [subjects, grades, regions] = await Promise.all([this.repository.subjects(), this.repository.grades(), this.repository.regions()]);
      return {
        subjects,
        grades,
        regions,
        subjectByCode: new Map(subjects.map((s) => [s.code, s])),
        gradeByCode: new Map(grades.map((g) => [g.code, g])),
        regionByCode: new Map(regions.map((r) => [r.code, r])),
        regionHaystacks: regions.map((region) => ({ region, text: normaliseForSearch(`${region.nameRu} ${region.nameEn}`) })),
      };
    })().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  async subjects(): Promise<CatalogueItem[]> {
    return (await this.load()).subjects;
  }
  async grades(): Promise<CatalogueItem[]> {
    return (await this.load()).grades;
  }
  async regions(): Promise<RegionItem[]> {
    return (await this.load()).regions;
  }
  async subject(code: string): Promise<CatalogueItem | undefined> {
    return (await this.load()).subjectByCode.get(code);
  }
  async grade(code: string): Promise<CatalogueItem | undefined> {
    return (await this.load()).gradeByCode.get(code);
  }
  async region(code: string): Promise<RegionItem | undefined> {
    return (await this.load()).regionByCode.get(code);
  }

  /** Keeps only known codes, in catalogue order, without duplicates. */
  async normaliseSubjects(codes: readonly string[]): Promise<string[]> {
    const wanted = new Set(codes);
    return (await this.subjects()).filter((s) => wanted.has(s.code)).map((s) => s.code);
  }
  async normaliseGrades(codes: readonly string[]): Promise<string[]> {
    const wanted = new Set(codes);
    return (await this.grades()).filter((g) => wanted.has(g.code)).map((g) => g.code);
  }

  /** Regions whose Russian or English name contains every word of the query (case-insensitive, ё = е). */
  async searchRegions(query: string, limit = 10): Promise<RegionItem[]> {
    const words = normaliseForSearch(query).split(" ").filter(Boolean);
    if (words.length === 0) return [];
    return (await this.load()).regionHaystacks
      .filter(({ text }) => words.every((w) => text.includes(w)))
      .slice(0, limit)
      .map(({ region }) => region);
  }
}

function normaliseForSearch(text: string): string {
  return foldLetters(text)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Display name of a catalogue item in the member's language. */
export function localName(item: CatalogueItem, locale: string): string {
  return locale === "en" ? item.nameEn : item.nameRu;
}
