import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import type { DocumentKind } from "../../generated/prisma/enums.js";
import { documentNumber, newVerificationCode } from "./certificates.codes.js";
import type { DocumentDetails, DocumentView, RevokeCause } from "./certificates.types.js";

type Tx = Prisma.TransactionClient;

/** The holder's name, position and school as a document records them at issue. */
export interface HolderFacts {
  name: string;
  position: string | null;
  school: string | null;
}

/** One document to create: what the issuing API was asked, with the holder's facts read. */
export interface NewDocument {
  kind: DocumentKind;
  holderId: number;
  source: string;
  title: string;
  details: DocumentDetails;
  hours: number | null;
  holder: HolderFacts;
  /** When its render job is due. */
  dueAt: Date;
}

const documentInclude = { replacedBy: { select: { number: true } } } as const;
type DocumentRow = Prisma.DocumentGetPayload<{ include: typeof documentInclude }>;

function toView(row: DocumentRow): DocumentView {
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    code: row.code,
    holderId: row.holderId,
    source: row.source,
    holderName: row.holderName,
    holderPosition: row.holderPosition,
    holderSchool: row.holderSchool,
    title: row.title,
    details: row.details as unknown as DocumentDetails,
    hours: row.hours,
    issuedAt: row.issuedAt,
    sha256: row.sha256,
    fileSize: row.fileSize,
    fileId: row.fileId,
    renderedAt: row.renderedAt,
    notifiedAt: row.notifiedAt,
    revokedAt: row.revokedAt,
    revokedCause: row.revokedCause as RevokeCause | null,
    revokedReason: row.revokedReason,
    replacedByNumber: row.replacedBy?.number ?? null,
    holderErasedAt: row.holderErasedAt,
  };
}

type VerificationRow = Omit<DocumentView, "kind" | "details" | "revokedCause"> & { kind: string; details: unknown; revokedCause: string | null; nameConsent: boolean };

/** The key that allows one current document per (kind, thing, holder). */
export function currentKey(kind: DocumentKind, source: string, holderId: number): string {
  return `${kind}:${source}:${holderId}`;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** The only place that reads and writes documents, their files, counters and portfolio settings. */
export class CertificatesRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Creates the documents that do not exist yet (no current document for the
   * same kind, thing and holder), numbered without gaps: the counter row of
   * each (kind, year) is raised once for the batch and stays locked until the
   * transaction ends, so concurrent batches number one after the other, and a
   * batch that fails gives its numbers back with its rollback. A batch that
   * races another for the same documents (a unique violation) is retried
   * once the other committed; the second pass skips what the other created.
   * Returns the documents created, in the order of `docs`.
   */
  async create(docs: readonly NewDocument[], issuedAt: Date, year: number): Promise<Array<{ id: number; dueAt: Date }>> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.prisma.$transaction((tx) => this.createIn(tx, docs, issuedAt, year), { timeout: 60_000 });
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 4) throw error;
      }
    }
  }

  private async createIn(tx: Tx, docs: readonly NewDocument[], issuedAt: Date, year: number): Promise<Array<{ id: number; dueAt: Date }>> {
    const keys = docs.map((d) => currentKey(d.kind, d.source, d.holderId));
    const existing = new Set((await tx.document.findMany({ where: { currentKey: { in: keys } }, select: { currentKey: true } })).map((r) => r.currentKey));
    const seen = new Set<string>();
    const fresh = docs.filter((d, i) => {
      const key = keys[i]!;
      if (existing.has(key) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (fresh.length === 0) return [];
    const byKind = new Map<DocumentKind, NewDocument[]>();
    for (const d of fresh) byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), d]);
    const rows: Prisma.DocumentCreateManyInput[] = [];
    for (const [kind, group] of byKind) {
      const [counter] = await tx.$queryRaw<{ last: number }[]>`
        INSERT INTO document_counters (kind, year, last) VALUES (${kind}::"DocumentKind", ${year}, ${group.length})
        ON CONFLICT (kind, year) DO UPDATE SET last = document_counters.last + ${group.length}
        RETURNING last`;
      const first = counter!.last - group.length + 1;
      group.forEach((d, i) =>
        rows.push({
          kind,
          number: documentNumber(kind, year, first + i),
          code: newVerificationCode(),
          holderId: d.holderId,
          source: d.source,
          currentKey: currentKey(kind, d.source, d.holderId),
          holderName: d.holder.name,
          holderPosition: d.holder.position,
          holderSchool: d.holder.school,
          title: d.title,
          details: d.details,
          hours: d.hours,
          issuedAt,
          dueAt: d.dueAt,
        }),
      );
    }
    const created = await tx.document.createManyAndReturn({ data: rows, select: { id: true, currentKey: true } });
    const idByKey = new Map(created.map((r) => [r.currentKey, r.id]));
    return fresh.map((d) => ({ id: idByKey.get(currentKey(d.kind, d.source, d.holderId))!, dueAt: d.dueAt }));
  }

  /**
   * A reissue: in one transaction the old document is revoked as replaced
   * (freeing its current key), the new one created with the next number, and
   * the old one pointed at it. `audit` gets the new number. Undefined when the
   * old one was revoked meanwhile.
   */
  async replace(
    oldId: number,
    doc: NewDocument,
    at: { at: Date; year: number; byId: number },
    audit: (tx: Tx, number: string) => Promise<unknown>,
  ): Promise<number | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.document.updateMany({
        where: { id: oldId, revokedAt: null },
        data: { revokedAt: at.at, revokedCause: "replaced", revokedReason: null, revokedById: at.byId, currentKey: null },
      });
      if (count === 0) return undefined;
      const [created] = await this.createIn(tx, [doc], at.at, at.year);
      const newId = created!.id;
      await tx.document.update({ where: { id: oldId }, data: { replacedById: newId } });
      const { number } = await tx.document.findUniqueOrThrow({ where: { id: newId }, select: { number: true } });
      await audit(tx, number);
      return newId;
    });
  }

  async byId(id: number): Promise<DocumentView | undefined> {
    const row = await this.prisma.document.findUnique({ where: { id }, include: documentInclude });
    return row ? toView(row) : undefined;
  }

  /**
   * The public pages' lookup: a document by its code with the number of its
   * replacement and whether its holder consented to publishing their name, in
   * one plain SQL statement (these pages take hundreds of requests a second;
   * Prisma's query compiler would cost more than the lookup itself).
   */
  async forVerification(code: string): Promise<{ document: DocumentView; nameConsent: boolean } | undefined> {
    const rows = await this.prisma.$queryRaw<VerificationRow[]>`
      SELECT d.id, d.kind::text AS kind, d.number, d.code, d.holder_id AS "holderId", d.source,
             d.holder_name AS "holderName", d.holder_position AS "holderPosition", d.holder_school AS "holderSchool",
             d.title, d.details, d.hours, d.issued_at AS "issuedAt", d.sha256, d.file_size AS "fileSize", d.file_id AS "fileId",
             d.rendered_at AS "renderedAt", d.notified_at AS "notifiedAt", d.revoked_at AS "revokedAt",
             d.revoked_cause AS "revokedCause", d.revoked_reason AS "revokedReason", d.holder_erased_at AS "holderErasedAt",
             r.number AS "replacedByNumber", (p.name_consent_at IS NOT NULL) AS "nameConsent"
      FROM documents d
      LEFT JOIN documents r ON r.id = d.replaced_by_id
      LEFT JOIN portfolio_settings p ON p.member_id = d.holder_id
      WHERE d.code = ${code}`;
    const row = rows[0];
    if (!row) return undefined;
    const { nameConsent, ...document } = row;
    return {
      document: {
        ...document,
        kind: document.kind as DocumentKind,
        details: document.details as DocumentDetails,
        revokedCause: document.revokedCause as RevokeCause | null,
      },
      nameConsent,
    };
  }

  async byCode(code: string): Promise<DocumentView | undefined> {
    const row = await this.prisma.document.findUnique({ where: { code }, include: documentInclude });
    return row ? toView(row) : undefined;
  }

  /** The current (not revoked) document of a kind for a thing and a holder. */
  async current(kind: DocumentKind, source: string, holderId: number): Promise<DocumentView | undefined> {
    const row = await this.prisma.document.findUnique({ where: { currentKey: currentKey(kind, source, holderId) }, include: documentInclude });
    return row ? toView(row) : undefined;
  }

  /** A holder's documents, newest first. */
  async byHolder(holderId: number, options: { validOnly?: boolean; limit?: number; offset?: number } = {}): Promise<DocumentView[]> {
    const rows = await this.prisma.document.findMany({
      where: { holderId, ...(options.validOnly ? { revokedAt: null } : {}) },
      orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
      include: documentInclude,
      ...(options.limit !== undefined ? { take: options.limit } : {}),
      ...(options.offset ? { skip: options.offset } : {}),
    });
    return rows.map(toView);
  }

  async countByHolder(holderId: number): Promise<number> {
    return this.prisma.document.count({ where: { holderId } });
  }

  /** Current documents issued for a thing (e.g. "event:5"), of the given kinds. */
  async countBySource(source: string, kinds: DocumentKind[]): Promise<Record<DocumentKind, number>> {
    const rows = await this.prisma.document.groupBy({ by: ["kind"], where: { source, kind: { in: kinds }, revokedAt: null }, _count: { _all: true } });
    const counts = { PUBLICATION: 0, PARTICIPATION: 0, SPEAKER: 0, DIPLOMA: 0, JURY: 0, PROTOCOL: 0 } satisfies Record<DocumentKind, number>;
    for (const r of rows) counts[r.kind] = r._count._all;
    return counts;
  }

  /** Current documents of a thing and of everything under it ("contest:3", "contest:3:…"), oldest first. */
  async currentUnder(source: string, kinds?: readonly DocumentKind[]): Promise<DocumentView[]> {
    const rows = await this.prisma.document.findMany({
      where: {
        revokedAt: null,
        OR: [{ source }, { source: { startsWith: `${source}:` } }],
        ...(kinds ? { kind: { in: [...kinds] } } : {}),
      },
      include: documentInclude,
      orderBy: { id: "asc" },
    });
    return rows.map(toView);
  }

  /** Current documents of a kind for a thing, with their holders (revocation by source). */
  async currentBySource(kind: DocumentKind, source: string, holderId?: number): Promise<DocumentView[]> {
    const rows = await this.prisma.document.findMany({
      where: { kind, source, revokedAt: null, ...(holderId !== undefined ? { holderId } : {}) },
      include: documentInclude,
      orderBy: { id: "asc" },
    });
    return rows.map(toView);
  }

  /**
   * Revokes a current document: the reason, who, when; the current key is
   * freed so a new one may be issued (a reissue, a material published again).
   * `audit` runs in the same transaction. False when it was already revoked.
   */
  async revoke(
    id: number,
    revocation: { at: Date; cause: RevokeCause; reason: string | null; byId: number | null; replacedById?: number },
    audit?: (tx: Tx) => Promise<unknown>,
  ): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.document.updateMany({
        where: { id, revokedAt: null },
        data: {
          revokedAt: revocation.at,
          revokedCause: revocation.cause,
          revokedReason: revocation.reason,
          revokedById: revocation.byId,
          currentKey: null,
          ...(revocation.replacedById !== undefined ? { replacedById: revocation.replacedById } : {}),
        },
      });
      if (count === 1 && audit) await audit(tx);
      return count === 1;
    });
  }

  /**
   * Stores the rendered PDF once: its hash and size on the document, its bytes
   * until Telegram holds them. False when another render got there first (its
   * file stands; this one is dropped).
   */
  async saveRendered(id: number, file: { sha256: string; bytes: Uint8Array }, at: Date): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.document.updateMany({ where: { id, sha256: null }, data: { sha256: file.sha256, fileSize: file.bytes.length, renderedAt: at } });
      if (count === 0) return false;
      await tx.documentFile.create({ data: { documentId: id, bytes: file.bytes as Uint8Array<ArrayBuffer> } });
      return true;
    });
  }

  /** The PDF's bytes while Telegram does not hold them yet. */
  async fileBytes(id: number): Promise<Uint8Array | undefined> {
    const row = await this.prisma.documentFile.findUnique({ where: { documentId: id }, select: { bytes: true } });
    return row?.bytes;
  }

  /** Telegram holds the PDF: keep its file_id, drop the bytes. */
  async saveFileId(id: number, fileId: string): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.document.updateMany({ where: { id, fileId: null }, data: { fileId } }),
      this.prisma.documentFile.deleteMany({ where: { documentId: id } }),
    ]);
  }

  async markNotified(ids: number[], at: Date): Promise<void> {
    await this.prisma.document.updateMany({ where: { id: { in: ids }, notifiedAt: null }, data: { notifiedAt: at } });
  }

  /** Documents whose render job was due before `before` and did not finish (the sweep). */
  async unnotified(before: Date, limit: number): Promise<{ id: number; dueAt: Date }[]> {
    return this.prisma.document.findMany({
      where: { notifiedAt: null, dueAt: { lt: before } },
      select: { id: true, dueAt: true },
      orderBy: { dueAt: "asc" },
      take: limit,
    });
  }

  /** Documents not notified yet, with when they are due (the reconciler after Redis lost its jobs). */
  async allUnnotified(limit: number): Promise<{ id: number; dueAt: Date }[]> {
    return this.prisma.document.findMany({ where: { notifiedAt: null }, select: { id: true, dueAt: true }, orderBy: { dueAt: "asc" }, take: limit });
  }

  /**
   * Approved materials published since `since` that never had a publication
   * record (the domain event was lost in a crash): what the sweep issues.
   */
  async materialsWithoutRecord(since: Date, limit: number): Promise<number[]> {
    const rows = await this.prisma.$queryRaw<{ id: number }[]>`
      SELECT m.id FROM materials m
      WHERE m.status = 'APPROVED' AND m.deleted_at IS NULL AND m.published_at >= ${since}
        AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.kind = 'PUBLICATION' AND d.source = 'material:' || m.id)
        AND EXISTS (SELECT 1 FROM profiles p JOIN members a ON a.id = p.member_id WHERE p.member_id = m.author_id AND a.deleted_at IS NULL)
      ORDER BY m.published_at LIMIT ${limit}`;
    return rows.map((r) => r.id);
  }

  async portfolioSettings(memberId: number): Promise<{ nameConsentAt: Date | null; publicSlug: string | null } | undefined> {
    const row = await this.prisma.portfolioSettings.findUnique({ where: { memberId }, select: { nameConsentAt: true, publicSlug: true } });
    return row ?? undefined;
  }

  async setNameConsent(memberId: number, consent: { at: Date; version: string } | null): Promise<void> {
    const data = { nameConsentAt: consent?.at ?? null, nameConsentVersion: consent?.version ?? null };
    await this.prisma.portfolioSettings.upsert({ where: { memberId }, create: { memberId, ...data }, update: data });
  }

  async setPublicSlug(memberId: number, slug: string | null): Promise<void> {
    await this.prisma.portfolioSettings.upsert({ where: { memberId }, create: { memberId, publicSlug: slug }, update: { publicSlug: slug } });
  }

  async memberBySlug(slug: string): Promise<number | undefined> {
    const row = await this.prisma.portfolioSettings.findUnique({ where: { publicSlug: slug }, select: { memberId: true } });
    return row?.memberId;
  }
}
