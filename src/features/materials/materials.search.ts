// Search and browsing of the materials library: the only place with their SQL.
//
// Full-text search runs over `materials.search_vector`, a stored generated
// column (title weight A, tags B, description C, Russian configuration, which
// stems Cyrillic words with the Russian and Latin words with the English
// snowball stemmer; see the materials migration) with a GIN index. Prisma's
// full-text preview does not use such an index, hence `$queryRaw`.
//
// Why the queries look the way they do (measured on 1,000,000 materials, see
// README "Benchmark: search"):
// - Ranking every match of a broad word ("урок", "класс": 10–60 % of the rows)
//   costs hundreds of milliseconds. A search therefore takes a bounded
//   candidate set first, the SEARCH_CANDIDATES newest matches (ORDER BY
//   published_at DESC LIMIT n: PostgreSQL either walks the (status,
//   published_at) index newest first and stops after n matches, which is cheap
//   for broad words, or collects the few matches of a rare word from the GIN
//   index and sorts them), and ranks only those. Results are therefore "the
//   best of the newest SEARCH_CANDIDATES matches"; nothing ever counts all
//   matches, and `hasMore` comes from fetching one row more than a page.
// - The tsquery is written inline (not computed in a CTE) so that the planner
//   sees the constant query and can estimate how many rows match it.
// - Typo tolerance: when full-text search finds nothing, the title is matched
//   with pg_trgm word similarity (`query <% title`, GIN trigram index), best
//   similarity first.
// - Visible = approved, not hidden after reports, not deleted. Approved
//   materials always have `published_at`; saying so lets the btree indexes
//   skip NULLs and keeps "newest first" well defined.

import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import type { MaterialKind, MaterialType } from "../../generated/prisma/enums.js";

/** Optional narrowing of a search or a browse list. */
export interface MaterialFilters {
  subjectCode?: string;
  gradeCode?: string;
  type?: MaterialType;
}

/** What a list (search results, browse page, inline results) shows of a material. */
export interface MaterialListItem {
  id: number;
  title: string;
  type: MaterialType;
  kind: MaterialKind;
  subjectCode: string;
  gradeCodes: string[];
  authorId: number;
  publishedAt: Date;
  downloadCount: number;
  ratingSum: number;
  ratingCount: number;
  commentCount: number;
  fileId: string | null;
  fileName: string | null;
  mimeType: string | null;
  url: string | null;
  description: string;
}

export interface Page<T> {
  items: T[];
  /** Whether a next page exists (one row more than the page was fetched). */
  hasMore: boolean;
}

/** "fulltext": stemmed word search; "fuzzy": nothing matched, so titles similar to the query (typos). */
export type SearchMode = "fulltext" | "fuzzy";

export type BrowseOrder = "newest" | "popular";

/** A search ranks at most this many matches: the newest ones (see the top of the file). */
export const SEARCH_CANDIDATES = 200;

/** Longest query we search for, in characters. */
export const SEARCH_QUERY_MAX = 200;

/** countsBySubject() is cached this long by default. */
export const SUBJECT_COUNTS_TTL_MS = 60_000;

/** Queries with fewer letters and digits than this get no typo fallback (too many titles look alike). */
const FUZZY_MIN_CHARACTERS = 3;

export interface MaterialsSearchOptions {
  /** How long countsBySubject() serves a cached answer (default one minute). */
  subjectCountsTtlMs?: number;
  /** Clock for the cache; tests pass a fake one. */
  now?: () => number;
}

/**
 * Brings what a member typed to the form `search()` expects: whitespace collapsed,
 * control characters removed, at most SEARCH_QUERY_MAX characters (cut at a word
 * boundary when there is one). Undefined when nothing searchable (no letter or
 * digit) remains, e.g. "!!!" or "-".
 */
export function normaliseSearchQuery(raw: string): string | undefined {
  // Control and format characters (NUL would even make PostgreSQL reject the parameter).
  const cleaned = raw.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, " ").replace(/\s+/gu, " ").trim();
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return undefined;

  const chars = Array.from(cleaned); // code points, so that a cut never splits a surrogate pair
  if (chars.length <= SEARCH_QUERY_MAX) return cleaned;
  let cut = chars.slice(0, SEARCH_QUERY_MAX + 1).join("");
  const lastSpace = cut.lastIndexOf(" ");
  // The character after the limit is a space: the limit is itself a word boundary.
  cut = lastSpace > 0 ? cut.slice(0, lastSpace) : chars.slice(0, SEARCH_QUERY_MAX).join("");
  cut = cut.trim();
  return /[\p{L}\p{N}]/u.test(cut) ? cut : undefined;
}

/** Column list of MaterialListItem; `m` is the materials table. */
const LIST_COLUMNS = Prisma.sql`
  m.id,
  m.title,
  m.type::text AS "type",
  m.kind::text AS "kind",
  m.subject_code AS "subjectCode",
  coalesce(m.grade_codes, '{}')::text[] AS "gradeCodes",
  m.author_id AS "authorId",
  m.published_at AS "publishedAt",
  m.download_count AS "downloadCount",
  m.rating_sum AS "ratingSum",
  m.rating_count AS "ratingCount",
  m.comment_count AS "commentCount",
  m.file_id AS "fileId",
  m.file_name AS "fileName",
  m.mime_type AS "mimeType",
  m.url,
  m.description`;

/** A row of LIST_COLUMNS as $queryRaw returns it. */
interface ListRow {
  id: number;
  title: string;
  type: MaterialType;
  kind: MaterialKind;
  subjectCode: string;
  gradeCodes: string[];
  authorId: number;
  publishedAt: Date;
  downloadCount: number;
  ratingSum: number;
  ratingCount: number;
  commentCount: number;
  fileId: string | null;
  fileName: string | null;
  mimeType: string | null;
  url: string | null;
  description: string;
}

const VISIBLE = Prisma.sql`m.status = 'APPROVED' AND m.hidden_at IS NULL AND m.deleted_at IS NULL AND m.published_at IS NOT NULL`;

/** The full-text query of a search text; `websearch_to_tsquery` accepts any input without a syntax error. */
function tsquery(query: string): Prisma.Sql {
  return Prisma.sql`websearch_to_tsquery('russian', ${query})`;
}

function filterSql(filters: MaterialFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (filters.subjectCode !== undefined) parts.push(Prisma.sql`AND m.subject_code = ${filters.subjectCode}`);
  if (filters.gradeCode !== undefined) parts.push(Prisma.sql`AND m.grade_codes @> ARRAY[${filters.gradeCode}::varchar]`);
  if (filters.type !== undefined) parts.push(Prisma.sql`AND m.type = ${filters.type}::"MaterialType"`);
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

function toPage(rows: ListRow[], limit: number): Page<MaterialListItem> {
  const items = rows.slice(0, limit).map((row) => ({
    id: row.id,
    title: row.title,
    type: row.type,
    kind: row.kind,
    subjectCode: row.subjectCode,
    gradeCodes: row.gradeCodes,
    authorId: row.authorId,
    publishedAt: row.publishedAt,
    downloadCount: row.downloadCount,
    ratingSum: row.ratingSum,
    ratingCount: row.ratingCount,
    commentCount: row.commentCount,
    fileId: row.fileId,
    fileName: row.fileName,
    mimeType: row.mimeType,
    url: row.url,
    description: row.description,
  }));
  return { items, hasMore: rows.length > limit };
}

function checkPaging(limit: number, offset: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new RangeError(`limit must be 1..100, not ${limit}`);
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`offset must be a non-negative integer, not ${offset}`);
}

/** Finds and lists visible materials (search, /library browsing, inline mode). */
export class MaterialsSearch {
  private readonly countsTtlMs: number;
  private readonly now: () => number;
  private counts: { at: number; value: Promise<Map<string, number>> } | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    options: MaterialsSearchOptions = {},
  ) {
    this.countsTtlMs = options.subjectCountsTtlMs ?? SUBJECT_COUNTS_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /**
   * Searches visible materials. `query` must come from normaliseSearchQuery(). Full-text
   * first; when that finds nothing at all, titles similar to the query ("fuzzy": typos).
   * Full-text results: the SEARCH_CANDIDATES newest matches, ranked by relevance
   * (title above tags above description), then newest first; so paging ends there.
   */
  async search(
    query: string,
    filters: MaterialFilters,
    limit: number,
    offset: number,
  ): Promise<Page<MaterialListItem> & { mode: SearchMode }> {
    checkPaging(limit, offset);
    const page = await this.fulltext(query, filters, limit, offset);
    if (page.items.length > 0) return { ...page, mode: "fulltext" };
    // An empty later page of a full-text search is just its end; only a search with no
    // full-text match at all pages through the fuzzy results.
    if (offset > 0 && (await this.hasFulltextMatch(query, filters))) return { ...page, mode: "fulltext" };
    return { ...(await this.fuzzy(query, filters, limit, offset)), mode: "fuzzy" };
  }

  /** Visible materials, newest first or most popular (downloads, then average rating, then newest). */
  async browse(filters: MaterialFilters, order: BrowseOrder, limit: number, offset: number): Promise<Page<MaterialListItem>> {
    checkPaging(limit, offset);
    const orderBy =
      order === "popular"
        ? Prisma.sql`m.download_count DESC, (m.rating_sum::float8 / NULLIF(m.rating_count, 0)) DESC NULLS LAST, m.published_at DESC, m.id DESC`
        : Prisma.sql`m.published_at DESC, m.id DESC`;
    const rows = await this.prisma.$queryRaw<ListRow[]>`
      SELECT ${LIST_COLUMNS}
        FROM materials m
       WHERE ${VISIBLE} ${filterSql(filters)}
       ORDER BY ${orderBy}
       LIMIT ${limit + 1} OFFSET ${offset}`;
    return toPage(rows, limit);
  }

  /** Newest visible materials of the given subjects (all subjects when the list is empty): inline mode without a query. */
  async newestForSubjects(subjectCodes: string[], limit: number, offset: number): Promise<Page<MaterialListItem>> {
    checkPaging(limit, offset);
    const subjects = subjectCodes.length ? Prisma.sql`AND m.subject_code = ANY(${subjectCodes}::varchar[])` : Prisma.empty;
    const rows = await this.prisma.$queryRaw<ListRow[]>`
      SELECT ${LIST_COLUMNS}
        FROM materials m
       WHERE ${VISIBLE} ${subjects}
       ORDER BY m.published_at DESC, m.id DESC
       LIMIT ${limit + 1} OFFSET ${offset}`;
    return toPage(rows, limit);
  }

  /**
   * Visible materials per subject code (subjects without any are absent), for the browse menu.
   * Counting a million rows takes a good part of a second, so the answer is cached in memory
   * for a minute (per process; concurrent callers share one query): a count may lag that long.
   */
  countsBySubject(): Promise<Map<string, number>> {
    const now = this.now();
    if (!this.counts || now - this.counts.at >= this.countsTtlMs) {
      const value = this.loadCountsBySubject();
      const entry = { at: now, value };
      this.counts = entry;
      // A failed query is not cached: the next caller tries again.
      value.catch(() => {
        if (this.counts === entry) this.counts = undefined;
      });
    }
    return this.counts.value.then((counts) => new Map(counts));
  }

  /** Drops the cached counts (e.g. after a moderator approved or removed a material). */
  invalidateCounts(): void {
    this.counts = undefined;
  }

  private async loadCountsBySubject(): Promise<Map<string, number>> {
    const rows = await this.prisma.$queryRaw<{ subjectCode: string; count: number }[]>`
      SELECT m.subject_code AS "subjectCode", count(*)::int AS "count"
        FROM materials m
       WHERE ${VISIBLE}
       GROUP BY m.subject_code`;
    return new Map(rows.map((r) => [r.subjectCode, r.count]));
  }

  private async fulltext(query: string, filters: MaterialFilters, limit: number, offset: number): Promise<Page<MaterialListItem>> {
    // Innermost: the newest SEARCH_CANDIDATES matches (bounded work whatever the word), only
    // the columns ranking needs. Then rank those: ts_rank with the default weights {D 0.1,
    // C 0.2, B 0.4, A 1.0} puts a title match (A) above tags (B) and description (C); ties
    // newest first. Only the rows of the page are joined back for their columns.
    const rows = await this.prisma.$queryRaw<ListRow[]>`
      SELECT ${LIST_COLUMNS}
        FROM (SELECT c.id, c.published_at, ts_rank(c.search_vector, ${tsquery(query)}) AS rank
                FROM (SELECT m.id, m.published_at, m.search_vector
                        FROM materials m
                       WHERE m.search_vector @@ ${tsquery(query)} AND ${VISIBLE} ${filterSql(filters)}
                       ORDER BY m.published_at DESC
                       LIMIT ${SEARCH_CANDIDATES}) AS c
               ORDER BY rank DESC, c.published_at DESC, c.id DESC
               LIMIT ${limit + 1} OFFSET ${offset}) AS r
        JOIN materials m ON m.id = r.id
       ORDER BY r.rank DESC, r.published_at DESC, r.id DESC`;
    return toPage(rows, limit);
  }

  private async hasFulltextMatch(query: string, filters: MaterialFilters): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<{ id: number }[]>`
      SELECT m.id FROM materials m
       WHERE m.search_vector @@ ${tsquery(query)} AND ${VISIBLE} ${filterSql(filters)}
       LIMIT 1`;
    return rows.length > 0;
  }

  private async fuzzy(query: string, filters: MaterialFilters, limit: number, offset: number): Promise<Page<MaterialListItem>> {
    if (query.replace(/[^\p{L}\p{N}]/gu, "").length < FUZZY_MIN_CHARACTERS) return { items: [], hasMore: false };
    // `query <% title`: word_similarity(query, title) >= pg_trgm.word_similarity_threshold
    // (0.6 by default), answered by the GIN trigram index on title.
    const rows = await this.prisma.$queryRaw<ListRow[]>`
      SELECT ${LIST_COLUMNS}
        FROM materials m
       WHERE ${query} <% m.title AND ${VISIBLE} ${filterSql(filters)}
       ORDER BY word_similarity(${query}, m.title) DESC, m.published_at DESC, m.id DESC
       LIMIT ${limit + 1} OFFSET ${offset}`;
    return toPage(rows, limit);
  }
}
