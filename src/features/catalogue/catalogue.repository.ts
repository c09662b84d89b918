import type { PrismaClient } from "../../generated/prisma/client.js";

export interface CatalogueItem {
  code: string;
  nameRu: string;
  nameEn: string;
}
export interface RegionItem extends CatalogueItem {
  timezone: string;
}

/** Reads the seeded catalogues (subjects, grades, regions). */
export class CatalogueRepository {
  constructor(private readonly prisma: PrismaClient) {}

  subjects(): Promise<CatalogueItem[]> {
    return this.prisma.subject.findMany({
      where: { isActive: true },
      orderBy: { sortOrder: "asc" },
      select: { code: true, nameRu: true, nameEn: true },
    });
  }

  grades(): Promise<CatalogueItem[]> {
    return this.prisma.grade.findMany({ orderBy: { sortOrder: "asc" }, select: { code: true, nameRu: true, nameEn: true } });
  }

  regions(): Promise<RegionItem[]> {
    return this.prisma.region.findMany({ orderBy: { nameRu: "asc" } });
  }
}
