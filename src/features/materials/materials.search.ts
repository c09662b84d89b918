// Search and browsing of the materials library: the only place with their SQL.
//
// Full-text search runs over `materials.search_vector`, a stored generated
// column (title weight A, tags B, description C; the 'russian' configuration
// stems Cyrillic words with the Russian and Latin words with the English
// snowball stemmer; see the materials migration) with a GIN index. Prisma's
// full-text preview does not use such an index, hence `$queryRaw`.
//
// How a search stays fast at a million materials (README, "Benchmark: search"):
// - Order of results: a search takes the SEARCH_CANDIDATES newest matches
//   (newest published first) and ranks only those: ts_rank (title above tags
//   above description), ties newest first. Ranking every match of a broad word
//   («урок», «класс»: 10–90 % of the rows) would cost hundreds of milliseconds.
//   Paging ends at SEARCH_CANDIDATES; nothing ever counts all matches; `hasMore`
//   comes from fetching one row more than a page.
// - The candidates are collected slice by slice of publication time, newest
//   slice first (SEARCH_SLICES_DAYS): one query per slice under UNION ALL …
//   LIMIT, which PostgreSQL runs in order and stops as soon as it has enough.
//   Each slice is planned on its own: an ordered index scan for a frequent word,
//   index bitmaps (GIN ∧ btree range) for a rarer one, so a word in 2 % of the
//   rows costs the matches of the last weeks, not 20,000 row fetches.
// - Unless the query's rarest word is in few materials (FEW_MATCHES, by the
//   statistics): then all its matches are read at once from the GIN index,
//   since each slice's index bitmap covers every row of its period and costs
//   more than a few hundred matches. And a slice walks an index newest first
//   (testing each row) only when every word is frequent: elsewhere the slices
//   order by an expression no index has, so a bad estimate cannot turn into a
//   walk over 100,000 rows.
// - Two blind spots of the planner are costly here. It underestimates GIN
//   bitmaps of very frequent lexemes (the bitmap of «урок» is 500,000 entries,
//   50 ms): when every lexeme of a query is frequent (FREQUENT_LEXEME_SHARE, read
//   from pg_stats and cached), the match is written `(… @@ …) IS TRUE`, which no
//   index answers, so the slices walk the btree indexes newest first. And it
//   multiplies the frequencies of the words of a query, while words searched
//   together come together («классный час», «теорема Пифагора»): it expects 80
//   matches where there are 8,000 and fetches them all. So a query of several
//   words finds its rows through its rarest lexeme, whose frequency it knows,
//   and checks the whole query in a filter the planner gives a flat 50 %.
// - Those estimates need the query as a constant while planning: queries go
//   out as unnamed statements (custom plans); never give them a name.
// - Its own connection pool (node-postgres), not Prisma: a search is two or
//   three statements, and through Prisma each cost about 1 ms of client CPU
//   and, in an interactive transaction, two more round trips (measured: 2.1 ms
//   of client CPU for a two-statement transaction against 0.16 ms per plain pg
//   query). The pool's connections start with `jit = off` (plans costed for
//   the worst case exceed jit_above_cost, and compiling costs 20–40 ms while
//   a search takes a few) and `work_mem = 32MB` (the GIN bitmap of a word in
//   8 % of a million rows outgrows 4 MB and turns lossy: every row rechecked),
//   so no transaction is needed to set them.
// - Typo tolerance: when full-text search finds nothing at all, each word of the
//   query is corrected to the most similar word (pg_trgm similarity, GIN trigram
//   index) of `material_search_words`, the vocabulary of approved titles and tags
//   kept by a trigger, and the corrected query is searched like any other.
//   Matching trigrams against the titles themselves costs 50–500 ms at this
//   size (common trigrams such as «ени» are in most titles); the vocabulary is small.
// - Visible = approved, not hidden after reports, not deleted. Approved
//   materials always have `published_at`; saying so lets the btree indexes
//   skip NULLs and keeps "newest first" well defined.

import pg from "pg";
import { Prisma } from "../../generated/prisma/client.js";
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

/** "fulltext": the words as typed (stemmed); "fuzzy": nothing matched, so the words were corrected (typos). */
export type SearchMode = "fulltext" | "fuzzy";

/** A page of search results. */
export type SearchPage = Page<MaterialListItem> & {
  mode: SearchMode;
  /** In fuzzy mode, the corrected query that was searched ("did you mean"), when there was one. */
  correctedQuery?: string;
};

export type BrowseOrder = "newest" | "popular";

/** A search ranks at most this many matches, the newest ones (see the top of the file): 10 pages of 10. */
export const SEARCH_CANDIDATES = 100;

/**
 * Publication-time slices a search collects its candidates from, newest first, in days before
 * now: [now − 7 d, ∞), [now − 30 d, now − 7 d), …, (−∞, now − 365 d). The boundaries only
 * decide how much work a search does, never which materials it finds.
 */
export const SEARCH_SLICES_DAYS = [7, 30, 120, 365] as const;
/** The slices within one subject, a few percent of the rows: wider, so that fewer index bitmaps are built. */
export const SEARCH_SLICES_DAYS_IN_SUBJECT = [60, 365] as const;

/**
 * Lexemes in at least this share of the materials count as frequent (see the top of the file):
 * their GIN bitmap costs more than walking an index newest first until enough rows match.
 * (Measured: 2 % is too low once a subject and a grade narrow the walk.)
 */
export const FREQUENT_LEXEME_SHARE = 0.1;

/**
 * A query whose rarest word is in at most this many materials (by the statistics) reads all its
 * matches in one go, from the GIN index: cutting it into time slices would cost more (an index
 * bitmap of every row of each slice) than the few hundred rows it reads. Measured at 1M rows, a
 * name in 226 materials: 972 buffers in slices, about 240 at once.
 */
export const FEW_MATCHES = 2_000;

/** Longest query we search for, in characters. */
export const SEARCH_QUERY_MAX = 200;

/** At most this many words of a query are corrected in fuzzy mode. */
const FUZZY_MAX_WORDS = 10;

/** Connections of the search's own pool by default. */
export const DEFAULT_POOL_SIZE = 4;

/** How long the lexeme frequencies are kept by default. */
export const LEXEME_FREQUENCIES_TTL_MS = 10 * 60_000;

export interface MaterialsSearchOptions {
  /** postgresql:// URL of the application's database. */
  databaseUrl: string;
  /** Connections of the search's own pool (default 4: the searches at once that two to four cores can run). */
  poolSize?: number;
  /** Queries estimated to match at most this many materials skip the time slices (default FEW_MATCHES; tests pass 0 to force slices). */
  fewMatches?: number;
  /** How long the lexeme frequencies (from pg_stats) are kept (default ten minutes). */
  lexemeFrequenciesTtlMs?: number;
  /** Clock for the cache; tests pass a fake one. */
  now?: () => number;
}

/**
 * Brings what a member typed to the form `search()` expects: control characters removed,
 * whitespace collapsed, at most SEARCH_QUERY_MAX characters (cut at a word boundary when
 * there is one). Undefined when nothing searchable (no letter or digit) remains, e.g. "!!!".
 */
export function normaliseSearchQuery(raw: string): string | undefined {
  // Control and format characters (NUL would even make PostgreSQL reject the parameter).
  const cleaned = raw
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return undefined;

  const chars = Array.from(cleaned); // code points, so that a cut never splits a surrogate pair
  if (chars.length <= SEARCH_QUERY_MAX) return cleaned;
  // One character more than the limit: when that one is a space, the limit is a word boundary.
  const head = chars.slice(0, SEARCH_QUERY_MAX + 1).join("");
  const lastSpace = head.lastIndexOf(" ");
  const cut = (lastSpace > 0 ? head.slice(0, lastSpace) : chars.slice(0, SEARCH_QUERY_MAX).join("")).trim();
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
type ListRow = MaterialListItem;
type Nullable<T> = { [K in keyof T]: T[K] | null };

const VISIBLE = Prisma.sql`m.status = 'APPROVED' AND m.hidden_at IS NULL AND m.deleted_at IS NULL AND m.published_at IS NOT NULL`;

function filterSql(filters: MaterialFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (filters.subjectCode !== undefined) parts.push(Prisma.sql`AND m.subject_code = ${filters.subjectCode}`);
  if (filters.gradeCode !== undefined) parts.push(Prisma.sql`AND m.grade_codes @> ARRAY[${filters.gradeCode}::varchar]`);
  if (filters.type !== undefined) parts.push(Prisma.sql`AND m.type = ${filters.type}::"MaterialType"`);
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

/** The WHERE conditions of the publication-time slices, newest first. */
function sliceConditions(filters: MaterialFilters): Prisma.Sql[] {
  const bound = (days: number) => Prisma.raw(`now() - interval '${days} days'`);
  const conditions: Prisma.Sql[] = [];
  let newer: number | undefined;
  for (const days of filters.subjectCode === undefined ? SEARCH_SLICES_DAYS : SEARCH_SLICES_DAYS_IN_SUBJECT) {
    conditions.push(
      newer === undefined ? Prisma.sql`m.published_at >= ${bound(days)}` : Prisma.sql`m.published_at >= ${bound(days)} AND m.published_at < ${bound(newer)}`,
    );
    newer = days;
  }
  conditions.push(Prisma.sql`m.published_at < ${bound(newer!)}`);
  return conditions;
}

/** A search text as PostgreSQL understands it. */
interface AnalysedQuery {
  /** websearch_to_tsquery('russian', text) in tsquery syntax; `websearch_to_tsquery` accepts any input. */
  tsquery: string;
  /** Its lexemes, each as a one-lexeme tsquery ('урок'), in order. */
  terms: string[];
  /** Whether it is just its lexemes joined by AND (no OR, NOT or phrase). */
  conjunctive: boolean;
}

/** What the statistics say about the lexemes of search_vector. */
interface LexemeStats {
  /** Share of rows per lexeme, for the lexemes PostgreSQL's statistics know (the most common ones). */
  shares: Map<string, number>;
  /** The smallest share among those: every other lexeme is rarer. */
  floor: number;
  /** Estimated rows of materials. */
  rows: number;
}

/**
 * How many materials a query can match at most, by the statistics: its rarest lexeme's when its
 * lexemes are all required, else all of theirs.
 */
function estimatedMatches(query: AnalysedQuery, stats: LexemeStats): number {
  const shares = query.terms.map((t) => stats.shares.get(lexemeOf(t)) ?? stats.floor);
  return stats.rows * (query.conjunctive ? Math.min(...shares) : shares.reduce((a, b) => a + b, 0));
}

/** A quoted lexeme of tsquery output: quotes inside are doubled. */
const TSQUERY_TERM = /'(?:[^']|'')*'/gu;

function analyse(tsquery: string): AnalysedQuery {
  const terms = tsquery.match(TSQUERY_TERM) ?? [];
  return { tsquery, terms, conjunctive: terms.length > 0 && tsquery === terms.join(" & ") };
}

function lexemeOf(term: string): string {
  return term.slice(1, -1).replaceAll("''", "'");
}

/**
 * The full-text match of `m` (see the top of the file for the three forms). `frequencies`: share
 * of rows per lexeme, for the lexemes PostgreSQL's statistics know (the others are rarer).
 */
/** Whether every lexeme of the query is frequent (FREQUENT_LEXEME_SHARE). */
function isFrequent(query: AnalysedQuery, frequencies: ReadonlyMap<string, number>): boolean {
  return query.terms.every((t) => (frequencies.get(lexemeOf(t)) ?? 0) >= FREQUENT_LEXEME_SHARE);
}

function matchSql(query: AnalysedQuery, frequencies: ReadonlyMap<string, number>): Prisma.Sql {
  const whole = Prisma.sql`${query.tsquery}::tsquery`;
  const share = (term: string) => frequencies.get(lexemeOf(term)) ?? 0;
  if (isFrequent(query, frequencies)) return Prisma.sql`(m.search_vector @@ ${whole}) IS TRUE`;
  if (query.conjunctive && query.terms.length > 1) {
    const rarest = query.terms.reduce((a, b) => (share(b) < share(a) ? b : a));
    // coalesce(…): an expression the planner gives its default selectivity (0.5) instead of
    // multiplying word frequencies again.
    return Prisma.sql`m.search_vector @@ ${rarest}::tsquery AND coalesce(m.search_vector @@ ${whole}, false)`;
  }
  return Prisma.sql`m.search_vector @@ ${whole}`;
}

function toPage(rows: ListRow[], limit: number): Page<MaterialListItem> {
  return { items: rows.slice(0, limit), hasMore: rows.length > limit };
}

function checkPaging(limit: number, offset: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new RangeError(`limit must be 1..100, not ${limit}`);
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`offset must be a non-negative integer, not ${offset}`);
}

/**
 * A value loaded from the database and kept for `ttlMs`: concurrent callers share one load;
 * after expiry the old value is still served while one refresh runs; a failed load is not kept.
 */
class CachedValue<T> {
  private value: { at: number; data: T } | undefined;
  private loading: Promise<T> | undefined;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(): Promise<T> {
    const fresh = this.value && this.now() - this.value.at < this.ttlMs;
    if (fresh) return Promise.resolve(this.value!.data);
    const loading = this.refresh();
    return this.value ? Promise.resolve(this.value.data) : loading;
  }

  private refresh(): Promise<T> {
    this.loading ??= this.load()
      .then((data) => {
        this.value = { at: this.now(), data };
        return data;
      })
      .finally(() => {
        this.loading = undefined;
      });
    // A background refresh that fails must not become an unhandled rejection.
    this.loading.catch(() => undefined);
    return this.loading;
  }
}

/** Finds and lists visible materials (search, /library browsing, inline mode). Call close() at shutdown. */
export class MaterialsSearch {
  private readonly frequencies: CachedValue<LexemeStats>;
  private readonly pool: pg.Pool;
  private readonly fewMatches: number;

  constructor(options: MaterialsSearchOptions) {
    this.pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? DEFAULT_POOL_SIZE,
      options: "-c jit=off -c work_mem=32MB",
      application_name: "MaterialsSearch",
    });
    // An idle connection that breaks (database restart) must not crash the process; the next query reconnects.
    this.pool.on("error", () => undefined);
    this.fewMatches = options.fewMatches ?? FEW_MATCHES;
    const now = options.now ?? Date.now;
    this.frequencies = new CachedValue(() => this.loadLexemeFrequencies(), options.lexemeFrequenciesTtlMs ?? LEXEME_FREQUENCIES_TTL_MS, now);
  }

  /**
   * Searches visible materials. `query` must come from normaliseSearchQuery(). Full-text first:
   * the SEARCH_CANDIDATES newest matches, ranked by relevance (title above tags above
   * description), ties newest first; paging ends there. When that finds nothing at all, the
   * words are corrected to known ones and searched again ("fuzzy"; `correctedQuery` says how).
   */
  async search(query: string, filters: MaterialFilters, limit: number, offset: number): Promise<SearchPage> {
    checkPaging(limit, offset);
    const { page, matched } = await this.fulltext(query, filters, limit, offset);
    // Fuzzy only when full-text finds nothing at all, on every page alike: an empty later
    // page of a full-text search is just its end.
    if (matched) return { ...page, mode: "fulltext" };

    const corrected = await this.correct(query);
    if (corrected === undefined) return { items: [], hasMore: false, mode: "fuzzy" };
    return { ...(await this.fulltext(corrected, filters, limit, offset)).page, mode: "fuzzy", correctedQuery: corrected };
  }

  /** Visible materials, newest first or most popular (downloads, then average rating, then newest). */
  async browse(filters: MaterialFilters, order: BrowseOrder, limit: number, offset: number): Promise<Page<MaterialListItem>> {
    checkPaging(limit, offset);
    const orderBy =
      order === "popular"
        ? Prisma.sql`m.download_count DESC, (m.rating_sum::float8 / NULLIF(m.rating_count, 0)) DESC NULLS LAST, m.published_at DESC, m.id DESC`
        : Prisma.sql`m.published_at DESC, m.id DESC`;
    const rows = await this.query<ListRow>(Prisma.sql`
      SELECT ${LIST_COLUMNS}
        FROM materials m
       WHERE ${VISIBLE} ${filterSql(filters)}
       ORDER BY ${orderBy}
       LIMIT ${limit + 1} OFFSET ${offset}`);
    return toPage(rows, limit);
  }

  /** Newest visible materials of the given subjects (all subjects when the list is empty): inline mode without a query. */
  async newestForSubjects(subjectCodes: string[], limit: number, offset: number): Promise<Page<MaterialListItem>> {
    checkPaging(limit, offset);
    const subjects = subjectCodes.length ? Prisma.sql`AND m.subject_code = ANY(${subjectCodes}::varchar[])` : Prisma.empty;
    const rows = await this.query<ListRow>(Prisma.sql`
      SELECT ${LIST_COLUMNS}
        FROM materials m
       WHERE ${VISIBLE} ${subjects}
       ORDER BY m.published_at DESC, m.id DESC
       LIMIT ${limit + 1} OFFSET ${offset}`);
    return toPage(rows, limit);
  }

  /**
   * Visible materials per subject code (subjects without any are absent), for the browse menu.
   * Exact at once in every process and never counted here: triggers record in
   * `material_subject_counts` how each statement on materials moved the counts, in its own
   * transaction (see the search_subject_counts migration), so this sums a few dozen rows
   * instead of counting a million materials (0.8–1.8 s), and nothing is cached.
   */
  async countsBySubject(): Promise<Map<string, number>> {
    const rows = await this.query<{ subjectCode: string; count: number }>(Prisma.sql`
      SELECT subject_code AS "subjectCode", sum(delta)::int AS "count"
        FROM material_subject_counts
       GROUP BY subject_code
      HAVING sum(delta) > 0`);
    return new Map(rows.map((r) => [r.subjectCode, r.count]));
  }

  /** Closes the pool (waits for the queries in progress). */
  async close(): Promise<void> {
    await this.pool.end();
  }

  private async query<T>(sql: Prisma.Sql): Promise<T[]> {
    return (await this.pool.query(sql.text, sql.values)).rows as T[];
  }

  /** Share of rows per lexeme for the ~1,000 most common lexemes, from the statistics ANALYZE keeps. */
  private async loadLexemeFrequencies(): Promise<LexemeStats> {
    // most_common_elem_freqs has three more entries than most_common_elems (min, max, nulls): unnest pads with NULL.
    const rows = await this.query<{ lexeme: string; share: number }>(Prisma.sql`
      SELECT e.lexeme, e.share::float8 AS share
        FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(lexeme, share)
       WHERE s.schemaname = current_schema() AND s.tablename = 'materials' AND s.attname = 'search_vector'
         AND e.lexeme IS NOT NULL`);
    const [table] = await this.query<{ rows: number; floor: number | null }>(Prisma.sql`
      SELECT greatest(c.reltuples, 0)::float8 AS rows,
             (SELECT s.most_common_elem_freqs[array_length(s.most_common_elems::text::text[], 1) + 1]::float8
                FROM pg_stats s
               WHERE s.schemaname = current_schema() AND s.tablename = 'materials' AND s.attname = 'search_vector') AS floor
        FROM pg_class c
       WHERE c.oid = 'materials'::regclass`);
    return { shares: new Map(rows.map((r) => [r.lexeme, r.share])), rows: table?.rows ?? 0, floor: table?.floor ?? 0 };
  }

  /** A page of full-text results, and whether the search matched anything at all (whatever the page). */
  private async fulltext(query: string, filters: MaterialFilters, limit: number, offset: number): Promise<{ page: Page<MaterialListItem>; matched: boolean }> {
    const stats = await this.frequencies.get();
    const [parsed] = await this.query<{ tsquery: string }>(Prisma.sql`SELECT websearch_to_tsquery('russian', ${query})::text AS tsquery`);
    const analysed = analyse(parsed!.tsquery);
    if (analysed.terms.length === 0) return { page: { items: [], hasMore: false }, matched: false }; // only stop words

    // Candidates: the SEARCH_CANDIDATES newest matches, slice by slice. Ranking: ts_rank with the
    // default weights {D 0.1, C 0.2, B 0.4, A 1.0} puts a title match (A) above tags (B) and
    // description (C); ties newest first. Only the rows of the page are joined back for their
    // columns; the one-row outer join also answers when the page is empty, with the number of
    // candidates (at most SEARCH_CANDIDATES: counting them is cheap, counting all matches is not).
    const match = Prisma.sql`${matchSql(analysed, stats.shares)} AND ${VISIBLE} ${filterSql(filters)}`;
    const ranges = estimatedMatches(analysed, stats) <= this.fewMatches ? [Prisma.sql`true`] : sliceConditions(filters);
    // Walking an index newest first and testing each row is right only for frequent words (see
    // the top of the file). Otherwise ordering by an expression no index has keeps the planner
    // from it: with a multi-word estimate too high it walked 99,000 rows to find 42.
    const newestFirst = isFrequent(analysed, stats.shares) ? Prisma.sql`m.published_at DESC` : Prisma.sql`(m.published_at + interval '0 s') DESC`;
    const slices = ranges.map(
      (range) => Prisma.sql`(SELECT m.id, m.published_at, m.search_vector
                               FROM materials m
                              WHERE ${match} AND ${range}
                              ORDER BY ${newestFirst}
                              LIMIT ${SEARCH_CANDIDATES})`,
    );
    const rows = await this.query<Nullable<ListRow> & { candidates: number }>(Prisma.sql`
      WITH candidates AS MATERIALIZED (
             SELECT c.id, c.published_at, ts_rank(c.search_vector, ${analysed.tsquery}::tsquery) AS rank
               FROM (${slices.length === 1 ? slices[0]! : Prisma.sql`${Prisma.join(slices, " UNION ALL ")} LIMIT ${SEARCH_CANDIDATES}`}) AS c),
           page AS (
             SELECT * FROM candidates
              ORDER BY rank DESC, published_at DESC, id DESC
              LIMIT ${limit + 1} OFFSET ${offset})
      SELECT (SELECT count(*)::int FROM candidates) AS candidates, ${LIST_COLUMNS}
        FROM (SELECT) AS one
        LEFT JOIN (page p JOIN materials m ON m.id = p.id) ON true
       ORDER BY p.rank DESC, p.published_at DESC, p.id DESC`);
    const items = rows.filter((r): r is ListRow & { candidates: number } => r.id !== null).map(({ candidates: _, ...item }) => item);
    return { page: toPage(items, limit), matched: rows[0]!.candidates > 0 };
  }

  /**
   * The query with each word of three letters or more replaced by the most similar known word
   * (pg_trgm similarity ≥ pg_trgm.similarity_threshold, 0.3 by default); words without a similar
   * one are left out. Undefined when that changes nothing or leaves nothing.
   */
  private async correct(query: string): Promise<string | undefined> {
    const words = [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, FUZZY_MAX_WORDS);
    const correctable = words.filter((w) => Array.from(w).length >= 3 && !/\p{N}/u.test(w));
    if (correctable.length === 0) return undefined;
    const rows = await this.query<{ word: string; correction: string | null }>(Prisma.sql`
      SELECT q.word, best.word AS correction
        FROM unnest(${correctable}::text[]) AS q(word)
        LEFT JOIN LATERAL (SELECT w.word
                             FROM material_search_words w
                            WHERE w.word % q.word
                            ORDER BY similarity(w.word, q.word) DESC, w.word
                            LIMIT 1) AS best ON true`);
    const corrections = new Map(rows.map((r) => [r.word, r.correction]));
    const corrected = words.map((w) => (corrections.has(w) ? corrections.get(w) : w)).filter((w): w is string => typeof w === "string");
    if (corrected.length === 0 || corrected.join(" ") === words.join(" ")) return undefined;
    return corrected.join(" ");
  }
}
