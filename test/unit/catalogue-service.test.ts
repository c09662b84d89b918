import { describe, expect, it, vi } from "vitest";
import type { CatalogueItem, CatalogueRepository, RegionItem } from "../../src/features/catalogue/catalogue.repository.js";
import { CatalogueService, localName } from "../../src/features/catalogue/catalogue.service.js";

const SUBJECTS: CatalogueItem[] = [
  { code: "math", nameRu: "Математика", nameEn: "Mathematics" },
  { code: "russian", nameRu: "Русский язык", nameEn: "Russian language" },
  { code: "history", nameRu: "История", nameEn: "History" },
];
const GRADES: CatalogueItem[] = [
  { code: "g1", nameRu: "1 класс", nameEn: "Grade 1" },
  { code: "g5", nameRu: "5 класс", nameEn: "Grade 5" },
];
const region = (code: string, nameRu: string, nameEn: string, timezone = "Europe/Moscow"): RegionItem => ({
  code,
  nameRu,
  nameEn,
  timezone,
});
const REGIONS: RegionItem[] = [
  region("RU-MOW", "Москва", "Moscow"),
  region("RU-NVS", "Новосибирская область", "Novosibirsk Oblast", "Asia/Novosibirsk"),
  region("RU-ORL", "Орловская область", "Oryol Oblast"),
  region("RU-ORE", "Орёл (тест)", "Oryol city"),
  region("RU-KRS", "Курская область", "Kursk Oblast"),
  region("RU-TA", "Республика Татарстан", "Republic of Tatarstan"),
  region("RU-KGD", "Калининградская область", "Kaliningrad Oblast", "Europe/Kaliningrad"),
];

/** A stand-in for the Prisma-backed repository: the service only calls these three methods. */
function fakeRepository(overrides: Partial<Record<"subjects" | "grades" | "regions", () => Promise<unknown>>> = {}) {
  const repo = {
    subjects: vi.fn(async () => SUBJECTS),
    grades: vi.fn(async () => GRADES),
    regions: vi.fn(async () => REGIONS),
    ...overrides,
  };
  return { repo, service: new CatalogueService(repo as unknown as CatalogueRepository) };
}

const codes = (items: RegionItem[]) => items.map((r) => r.code);

describe("CatalogueService.searchRegions", () => {
  const { service } = fakeRepository();

  it("finds a region by part of its Russian name, in any case", async () => {
    expect(codes(await service.searchRegions("татар"))).toEqual(["RU-TA"]);
    expect(codes(await service.searchRegions("ТАТАРСТАН"))).toEqual(["RU-TA"]);
  });

  it("treats ё and е as the same letter, both ways", async () => {
    expect(codes(await service.searchRegions("орел"))).toEqual(["RU-ORE"]);
    expect(codes(await service.searchRegions("Орёл"))).toEqual(["RU-ORE"]);
    const { service: withE } = fakeRepository({ regions: async () => [region("X", "Орел", "Orel")] });
    expect(codes(await withE.searchRegions("Орёл"))).toEqual(["X"]);
  });

  it("finds regions by their English names", async () => {
    expect(codes(await service.searchRegions("tatarstan"))).toEqual(["RU-TA"]);
    expect(codes(await service.searchRegions("oryol"))).toEqual(["RU-ORL", "RU-ORE"]);
  });

  it("requires every word of the query, in any order", async () => {
    expect(codes(await service.searchRegions("область новосиб"))).toEqual(["RU-NVS"]);
    expect(codes(await service.searchRegions("oblast, kursk!"))).toEqual(["RU-KRS"]);
    expect(await service.searchRegions("новосиб москва")).toEqual([]);
  });

  it.each(["", "   ", "!!!", "—", "..."])("returns nothing for the empty or punctuation-only query %j", async (query) => {
    expect(await service.searchRegions(query)).toEqual([]);
  });

  it("returns at most `limit` regions, in catalogue order", async () => {
    expect(codes(await service.searchRegions("область", 2))).toEqual(["RU-NVS", "RU-ORL"]);
    expect(await service.searchRegions("область")).toHaveLength(4);
  });

  it("returns at most 10 regions by default", async () => {
    const many = Array.from({ length: 15 }, (_, i) => region(`R${i}`, `Область ${i}`, `Oblast ${i}`));
    const { service: big } = fakeRepository({ regions: async () => many });
    expect(await big.searchRegions("область")).toHaveLength(10);
  });
});

describe("CatalogueService.normaliseSubjects / normaliseGrades", () => {
  const { service } = fakeRepository();

  it("keeps catalogue order, drops unknown codes and duplicates", async () => {
    expect(await service.normaliseSubjects(["history", "bogus", "math", "history"])).toEqual(["math", "history"]);
    expect(await service.normaliseGrades(["g5", "g1", "g99"])).toEqual(["g1", "g5"]);
  });

  it("returns an empty list for no known codes", async () => {
    expect(await service.normaliseSubjects(["<b>", ""])).toEqual([]);
  });
});

describe("CatalogueService lookups and loading", () => {
  it("finds items by code", async () => {
    const { service } = fakeRepository();
    expect(await service.subject("math")).toEqual(SUBJECTS[0]);
    expect(await service.grade("g5")).toEqual(GRADES[1]);
    expect((await service.region("RU-NVS"))?.timezone).toBe("Asia/Novosibirsk");
    expect(await service.subject("bogus")).toBeUndefined();
  });

  it("loads the catalogues once, also for concurrent first calls", async () => {
    const { repo, service } = fakeRepository();
    await Promise.all([service.subjects(), service.regions(), service.searchRegions("москва")]);
    await service.grades();
    expect(repo.subjects).toHaveBeenCalledOnce();
    expect(repo.grades).toHaveBeenCalledOnce();
    expect(repo.regions).toHaveBeenCalledOnce();
  });

  it("retries a failed first load on the next call", async () => {
    const regions = vi.fn<() => Promise<RegionItem[]>>().mockRejectedValueOnce(new Error("database is starting up")).mockResolvedValue(REGIONS);
    const { repo, service } = fakeRepository({ regions });
    await expect(service.searchRegions("татар")).rejects.toThrow("database is starting up");
    expect(codes(await service.searchRegions("татар"))).toEqual(["RU-TA"]);
    await service.regions();
    expect(regions).toHaveBeenCalledTimes(2);
    expect(repo.subjects).toHaveBeenCalledTimes(2);
  });
});

describe("localName", () => {
  it("picks the English name for en and the Russian name otherwise", () => {
    expect(localName(SUBJECTS[0]!, "en")).toBe("Mathematics");
    expect(localName(SUBJECTS[0]!, "ru")).toBe("Математика");
    expect(localName(SUBJECTS[0]!, "de")).toBe("Математика");
  });
});
