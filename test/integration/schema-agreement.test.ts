// Migrations are written by hand (the Prisma CLI's schema engine is not
// available everywhere we build), so nothing but this test keeps them in step
// with prisma/schema.prisma. It reads the schema with Prisma's own parser
// (@prisma/prisma-schema-wasm, the `get_dmmf` that `prisma generate` uses),
// derives what `prisma migrate dev` would create in PostgreSQL, reads what the
// migrations really created from the catalogue of a freshly migrated database,
// and compares the two as sets of one-line facts:
//
//   table "members"
//   column "members"."role" enum "MemberRole" NOT NULL DEFAULT value(MEMBER)
//   index "members_role_idx" on "members" ("role")
//   foreign key "profiles_member_id_fkey" on "profiles" ("member_id") references "members" ("id") ON DELETE CASCADE ON UPDATE CASCADE
//
// A fact only on the schema side means a migration is missing or wrong; a fact
// only on the database side means a migration did something the schema does
// not know about. The failure message lists both.
//
// Some objects only a hand-written migration can create (a generated column, the
// function it calls, a trigger). They are listed in MIGRATION_ONLY below, each
// with its reason, and expected like the schema's own facts; anything else extra
// in the database is still reported.
//
// Known limits: DMMF does not expose `@relation(map: ...)`, so foreign keys are
// expected under Prisma's default names; extend `foreignKeyFacts` if you map one.
// DMMF leaves out `Unsupported(...)` fields and the datasource's `extensions`, so
// those two are read from the schema text (after Prisma's parser accepted it).

import { readFile } from "node:fs/promises";
import path from "node:path";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const schemaPath = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");

// ---------------------------------------------------------------------------
// The schema side
// ---------------------------------------------------------------------------

/** The parts of Prisma's DMMF (datamodel section) this test reads. */
interface Dmmf {
  datamodel: {
    enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[];
    models: DmmfModel[];
    indexes: DmmfIndex[];
  };
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  schema: string | null;
  fields: DmmfField[];
}
interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUpdatedAt: boolean;
  nativeType: [string, string[]] | null;
  default?: unknown;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  algorithm?: string;
  fields: { name: string; sortOrder?: "asc" | "desc"; operatorClass?: string }[];
}

/** What this test reads of a schema: Prisma's DMMF, completed with what DMMF leaves out. */
interface ParsedSchema extends Dmmf {
  /** Extensions of the datasource (`extensions = [pg_trgm]`), as CREATE EXTENSION names them. */
  extensions: { name: string; schema: string | undefined }[];
}

/**
 * Parses a schema with Prisma's parser (throws Prisma's validation errors as they are), then adds
 * the `Unsupported(...)` fields to their models and reads the datasource's extensions: DMMF has
 * neither. The text is only read after Prisma accepted it, so simple patterns suffice.
 */
function parseSchema(schemaText: string): ParsedSchema {
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", schemaText]], noColor: true }))) as Dmmf;
  const text = schemaText.replace(/(^|\s)\/\/.*$/gm, "$1"); // comments, doc comments included
  for (const model of dmmf.datamodel.models) {
    const block = new RegExp(`^model\\s+${model.name}\\s*\\{([\\s\\S]*?)^\\}`, "m").exec(text)?.[1] ?? "";
    for (const line of block.split("\n")) {
      const field = /^\s*(\w+)\s+Unsupported\("((?:[^"\\]|\\.)*)"\)(\?|\[\])?(.*)$/.exec(line);
      if (!field) continue;
      const [, name, type, modifier, attributes] = field as unknown as [string, string, string, string | undefined, string];
      const map = /@map\("([^"]+)"\)/.exec(attributes);
      const others = attributes.replace(/@map\("[^"]+"\)/, "").trim();
      if (others) throw new Error(`schema-agreement test: attributes ${others} on Unsupported field ${model.name}.${name} are not modelled; extend parseSchema()`);
      model.fields.push({
        name,
        dbName: map?.[1] ?? null,
        kind: "unsupported",
        type,
        isList: modifier === "[]",
        isRequired: modifier === undefined,
        isUpdatedAt: false,
        nativeType: null,
      });
    }
  }
  const list = /^datasource\s+\w+\s*\{[\s\S]*?^\s*extensions\s*=\s*\[([^\]]*)\]/m.exec(text)?.[1] ?? "";
  const extensions = [...list.matchAll(/([\w-]+)\s*(?:\(([^)]*)\))?/g)].map(([, name, args = ""]) => {
    const options = Object.fromEntries([...args.matchAll(/(\w+)\s*:\s*"([^"]*)"/g)].map(([, key, value]) => [key, value]));
    const unknown = Object.keys(options).filter((key) => key !== "map" && key !== "schema");
    if (unknown.length) throw new Error(`schema-agreement test: extension argument(s) ${unknown.join(", ")} of ${name} are not modelled; extend parseSchema()`);
    return { name: options.map ?? name!, schema: options.schema };
  });
  return { ...dmmf, extensions };
}

/** PostgreSQL's identifier limit (NAMEDATALEN - 1), which Prisma's default names respect. */
const MAX_IDENTIFIER_LENGTH = 63;

/** Prisma's default constraint names (psl constraint_names.rs): `{table}_{columns}{suffix}`, shortened to fit. */
function defaultName(parts: string[], suffix: string): string {
  const joined = parts.join("_");
  const room = MAX_IDENTIFIER_LENGTH - suffix.length;
  return (joined.length >= room ? joined.slice(0, room) : joined) + suffix;
}

/** `prisma migrate`'s column type for a field, spelled as PostgreSQL's format_type() spells it back. */
function columnType(field: DmmfField, enumDbName: (name: string) => string): string {
  const list = field.isList ? "[]" : "";
  if (field.kind === "enum") return `enum "${enumDbName(field.type)}"${list}`;
  // Prisma writes the type of an Unsupported("...") field into CREATE TABLE as it is.
  if (field.kind === "unsupported") return field.type.toLowerCase() + list;
  const [name, args] = field.nativeType ?? DEFAULT_NATIVE_TYPES[field.type] ?? [field.type, []];
  const a = args.map((arg) => arg.trim());
  const precision = a.length ? `(${a[0]})` : "";
  const types: Record<string, string> = {
    Text: "text",
    VarChar: `character varying${precision}`,
    Char: `character${precision || "(1)"}`,
    Uuid: "uuid",
    Xml: "xml",
    Inet: "inet",
    Citext: "citext",
    Bit: `bit${precision || "(1)"}`,
    VarBit: `bit varying${precision}`,
    SmallInt: "smallint",
    Integer: "integer",
    BigInt: "bigint",
    Oid: "oid",
    Real: "real",
    DoublePrecision: "double precision",
    Decimal: a.length ? `numeric(${a.join(",")})` : "numeric",
    Money: "money",
    Timestamp: `timestamp${precision} without time zone`,
    Timestamptz: `timestamp${precision} with time zone`,
    Date: "date",
    Time: `time${precision} without time zone`,
    Timetz: `time${precision} with time zone`,
    Boolean: "boolean",
    Json: "json",
    JsonB: "jsonb",
    ByteA: "bytea",
  };
  const type = types[name];
  if (!type) throw new Error(`schema-agreement test: no PostgreSQL type known for ${field.type} @db.${name}; extend columnType()`);
  return type + list;
}

/** The native type Prisma picks for a scalar without `@db.*` on PostgreSQL. */
const DEFAULT_NATIVE_TYPES: Record<string, [string, string[]]> = {
  String: ["Text", []],
  Int: ["Integer", []],
  BigInt: ["BigInt", []],
  Float: ["DoublePrecision", []],
  Decimal: ["Decimal", ["65", "30"]],
  Boolean: ["Boolean", []],
  DateTime: ["Timestamp", ["3"]],
  Json: ["JsonB", []],
  Bytes: ["ByteA", []],
};

/** The database default a field's `@default` becomes, in the normalised form `databaseDefault()` also produces. */
function schemaDefault(field: DmmfField, enumValueDbName: (enumName: string, value: string) => string): string {
  const d = field.default;
  if (d === undefined || d === null) return "none";
  if (typeof d === "object" && !Array.isArray(d)) {
    const { name, args } = d as { name: string; args: unknown[] };
    switch (name) {
      case "autoincrement":
        return "autoincrement";
      case "now":
        return "now()";
      case "dbgenerated":
        return `dbgenerated(${String(args[0] ?? "")})`;
      // Generated by the client, not by the database.
      case "uuid":
      case "cuid":
      case "nanoid":
      case "ulid":
        return "none";
      default:
        return `function ${name}(${args.join(", ")})`;
    }
  }
  if (Array.isArray(d)) return `list ${JSON.stringify(d)}`;
  if (field.kind === "enum") return `value(${enumValueDbName(field.type, String(d))})`;
  return `value(${String(d)})`;
}

/** Everything `prisma migrate dev` would create for the schema, as facts. */
function schemaFacts(dmmf: ParsedSchema): Set<string> {
  const facts = new Set<string>();
  const { enums, models, indexes } = dmmf.datamodel;
  for (const extension of dmmf.extensions) facts.add(extensionFact(extension.name, extension.schema));
  const enumByName = new Map(enums.map((e) => [e.name, e]));
  const enumDbName = (name: string) => enumByName.get(name)?.dbName ?? name;
  const enumValueDbName = (enumName: string, value: string) => enumByName.get(enumName)?.values.find((v) => v.name === value)?.dbName ?? value;
  const modelByName = new Map(models.map((m) => [m.name, m]));
  const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`No field ${model.name}.${fieldName}`);
    return field.dbName ?? field.name;
  };
  const columnList = (columns: string[]) => `(${columns.map((c) => `"${c}"`).join(", ")})`;

  function foreignKeyFact(model: DmmfModel, field: DmmfField): string {
    const target = modelByName.get(field.type);
    if (!target) throw new Error(`No model ${field.type}`);
    const table = tableOf(model);
    const fromFields = field.relationFromFields ?? [];
    const columns = fromFields.map((f) => columnOf(model, f));
    const refColumns = (field.relationToFields ?? []).map((f) => columnOf(target, f));
    const allRequired = fromFields.every((f) => model.fields.find((x) => x.name === f)?.isRequired);
    // Prisma's defaults: Restrict when the relation is required, SetNull when optional; Cascade on update.
    const onDelete = field.relationOnDelete ?? (allRequired ? "Restrict" : "SetNull");
    const onUpdate = field.relationOnUpdate ?? "Cascade";
    return (
      `foreign key "${defaultName([table, ...columns], "_fkey")}" on "${table}" ${columnList(columns)} ` +
      `references "${tableOf(target)}" ${columnList(refColumns)} ` +
      `ON DELETE ${referentialAction(onDelete)} ON UPDATE ${referentialAction(onUpdate)}`
    );
  }

  function isImplicitManyToMany(model: DmmfModel, field: DmmfField): boolean {
    const opposite = modelByName.get(field.type)?.fields.find((f) => f.relationName === field.relationName && !(f.name === field.name && field.type === model.name));
    return opposite?.isList === true;
  }

  for (const e of enums) {
    facts.add(`enum "${e.dbName ?? e.name}" (${e.values.map((v) => `'${v.dbName ?? v.name}'`).join(", ")})`);
  }

  for (const model of models) {
    if (model.schema) throw new Error(`schema-agreement test: @@schema (${model.name}) is not supported; extend it`);
    const table = tableOf(model);
    facts.add(`table "${table}"`);

    for (const field of model.fields) {
      if (field.kind === "object") {
        // Only the side that holds the foreign key has relationFromFields.
        if (field.relationFromFields?.length) facts.add(foreignKeyFact(model, field));
        else if (field.isList && isImplicitManyToMany(model, field)) {
          throw new Error(`schema-agreement test: implicit many-to-many ${model.name}.${field.name} (a _${field.type} join table) is not modelled; extend schemaFacts()`);
        }
        continue;
      }
      // Prisma never renders NOT NULL for list columns.
      const nullability = field.isRequired && !field.isList ? "NOT NULL" : "NULL";
      facts.add(
        `column "${table}"."${field.dbName ?? field.name}" ${columnType(field, enumDbName)} ${nullability} ` + `DEFAULT ${schemaDefault(field, enumValueDbName)}`,
      );
    }
  }

  for (const index of indexes) {
    const model = modelByName.get(index.model);
    if (!model) throw new Error(`No model ${index.model}`);
    const table = tableOf(model);
    const columns = index.fields.map((f) => columnOf(model, f.name));
    const keyParts = index.fields.map((f, i) => `"${columns[i]}"${operatorClass(f.operatorClass)}${f.sortOrder === "desc" ? " DESC" : ""}`);
    const using = index.algorithm && index.algorithm !== "BTree" ? ` using ${index.algorithm.toLowerCase()}` : "";
    const on = `on "${table}"${using} (${keyParts.join(", ")})`;
    switch (index.type) {
      case "id":
        facts.add(`primary key "${index.dbName ?? defaultName([table], "_pkey")}" ${on}`);
        break;
      case "unique":
        facts.add(`unique index "${index.dbName ?? defaultName([table, ...columns], "_key")}" ${on}`);
        break;
      case "normal":
        facts.add(`index "${index.dbName ?? defaultName([table, ...columns], "_idx")}" ${on}`);
        break;
      default:
        throw new Error(`schema-agreement test: ${index.type} indexes are not supported on PostgreSQL`);
    }
  }
  return facts;
}

/** `CREATE EXTENSION` in the current schema unless the schema names another one. */
function extensionFact(name: string, schema: string | undefined): string {
  return `extension "${name}"${schema ? ` in schema "${schema}"` : ""}`;
}

/**
 * An index column's operator class as ` name`, or "" for the type's default one (which
 * `databaseFacts` leaves out too). `ops: raw("gin_trgm_ops")` arrives as the raw name, Prisma's
 * own `ops: JsonbPathOps` in PascalCase.
 */
function operatorClass(ops: string | undefined): string {
  if (ops === undefined) return "";
  if (/^[a-z_][a-z0-9_]*$/.test(ops)) return ` ${ops}`;
  const named: Record<string, string> = { JsonbPathOps: " jsonb_path_ops", JsonbOps: "", ArrayOps: "" };
  const sql = named[ops];
  if (sql === undefined) throw new Error(`schema-agreement test: operator class ${ops} is not modelled; extend operatorClass()`);
  return sql;
}

function referentialAction(action: string): string {
  const sql: Record<string, string> = {
    Cascade: "CASCADE",
    Restrict: "RESTRICT",
    NoAction: "NO ACTION",
    SetNull: "SET NULL",
    SetDefault: "SET DEFAULT",
  };
  return sql[action] ?? `unknown(${action})`;
}

// ---------------------------------------------------------------------------
// The database side
// ---------------------------------------------------------------------------

const FK_ACTIONS: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

/** Brings a column default as pg_get_expr() prints it to the form `schemaDefault()` produces. */
function databaseDefault(expr: string | null, serialSequence: string | null, identity: string): string {
  if (identity) return `identity(${identity === "a" ? "always" : "by default"})`;
  if (expr === null) return "none";
  const nextval = /^nextval\('(.+)'::regclass\)$/.exec(expr);
  // SERIAL: a sequence owned by the column (pg_get_serial_sequence) feeds its default.
  if (nextval && serialSequence && unquoteRegclass(nextval[1]!) === unquoteRegclass(serialSequence)) return "autoincrement";
  if (expr === "CURRENT_TIMESTAMP" || expr === "now()") return "now()";
  // A literal, possibly quoted, possibly followed by casts: 'ru'::character varying, 'MEMBER'::"MemberRole", '-1'::integer, true.
  const literal = /^'((?:[^']|'')*)'((?:::[\w ."()[\]]+)*)$/.exec(expr);
  if (literal) return `value(${literal[1]!.replaceAll("''", "'")})`;
  const bare = /^(-?[\d.]+|true|false)((?:::[\w ."()[\]]+)*)$/.exec(expr);
  if (bare) return `value(${bare[1]})`;
  return `dbgenerated(${expr})`;
}

function unquoteRegclass(name: string): string {
  return name.replace(/^public\./, "").replaceAll('"', "");
}

/** Everything the migrations created in the current schema, as facts (Prisma's own table left out). */
async function databaseFacts(client: pg.Client): Promise<Set<string>> {
  const facts = new Set<string>();
  const q = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql)).rows;

  for (const r of await q<{ name: string; labels: string[] }>(`
      SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
       WHERE t.typnamespace = current_schema()::regnamespace
       GROUP BY t.typname`)) {
    facts.add(`enum "${r.name}" (${r.labels.map((l) => `'${l}'`).join(", ")})`);
  }

  for (const r of await q<{ name: string; kind: string }>(`
      SELECT c.relname AS name, c.relkind::text AS kind FROM pg_class c
       WHERE c.relnamespace = current_schema()::regnamespace
         AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relname <> '_prisma_migrations'`)) {
    const kinds: Record<string, string> = { r: "table", p: "table", v: "view", m: "materialized view", f: "foreign table" };
    facts.add(`${kinds[r.kind]} "${r.name}"`);
  }

  for (const r of await q<{
    table: string;
    column: string;
    type: string;
    not_null: boolean;
    default_expr: string | null;
    serial_sequence: string | null;
    identity: string;
    generated: string;
  }>(`
      SELECT c.relname AS table, a.attname AS column, a.attgenerated::text AS generated,
             CASE WHEN t.typtype = 'e' THEN 'enum "' || t.typname || '"'
                  WHEN et.typtype = 'e' THEN 'enum "' || et.typname || '"[]'
                  ELSE format_type(a.atttypid, a.atttypmod) END AS type,
             a.attnotnull AS not_null,
             pg_get_expr(d.adbin, d.adrelid) AS default_expr,
             pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS serial_sequence,
             a.attidentity::text AS identity
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
         AND c.relname <> '_prisma_migrations' AND a.attnum > 0 AND NOT a.attisdropped`)) {
    const column = `column "${r.table}"."${r.column}" ${r.type} ${r.not_null ? "NOT NULL" : "NULL"}`;
    if (r.generated === "s") {
      // A stored generated column: its expression is a fact of its own, which only a
      // migration can create (see MIGRATION_ONLY).
      facts.add(`${column} GENERATED`);
      facts.add(`generated column "${r.table}"."${r.column}" AS (${r.default_expr}) STORED`);
    } else {
      facts.add(`${column} DEFAULT ${databaseDefault(r.default_expr, r.serial_sequence, r.identity)}`);
    }
  }

  for (const r of await q<{ name: string; schema: string; current: boolean }>(`
      SELECT e.extname AS name, n.nspname AS schema, n.nspname = current_schema() AS current
        FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
       WHERE e.extname <> 'plpgsql'`)) {
    facts.add(extensionFact(r.name, r.current ? undefined : r.schema));
  }

  for (const r of await q<{
    name: string;
    table: string;
    method: string;
    is_primary: boolean;
    is_unique: boolean;
    constraint_type: string | null;
    keys: string[] | null;
    simple: boolean;
    definition: string;
  }>(`
      SELECT i.relname AS name, c.relname AS table, am.amname AS method,
             x.indisprimary AS is_primary, x.indisunique AS is_unique,
             con.contype::text AS constraint_type,
             (SELECT array_agg('"' || a.attname || '"' ||
                               CASE WHEN opc.opcdefault THEN '' ELSE ' ' || opc.opcname END ||
                               CASE WHEN (x.indoption[k.ord - 1] & 1) = 1 THEN ' DESC' ELSE '' END ORDER BY k.ord)
                FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                JOIN pg_opclass opc ON opc.oid = x.indclass[k.ord - 1]) AS keys,
             (x.indexprs IS NULL AND x.indpred IS NULL) AS simple,
             pg_get_indexdef(x.indexrelid) AS definition
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class c ON c.oid = x.indrelid
        JOIN pg_am am ON am.oid = i.relam
        LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = c.oid
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relname <> '_prisma_migrations'`)) {
    if (!r.simple) {
      facts.add(`expression or partial index "${r.name}": ${r.definition}`); // Prisma cannot express these.
      continue;
    }
    const using = r.method !== "btree" ? ` using ${r.method}` : "";
    const on = `on "${r.table}"${using} (${(r.keys ?? []).join(", ")})`;
    if (r.is_primary) facts.add(`primary key "${r.name}" ${on}`);
    // Prisma creates UNIQUE INDEXes; a UNIQUE constraint would be a difference for `migrate diff`.
    else if (r.constraint_type === "u") facts.add(`unique constraint "${r.name}" ${on}`);
    else if (r.is_unique) facts.add(`unique index "${r.name}" ${on}`);
    else facts.add(`index "${r.name}" ${on}`);
  }

  for (const r of await q<{
    name: string;
    table: string;
    columns: string[];
    ref_table: string;
    ref_columns: string[];
    on_delete: string;
    on_update: string;
  }>(`
      SELECT con.conname AS name, c.relname AS table, rc.relname AS ref_table,
             (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
             (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS ref_columns,
             con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_class rc ON rc.oid = con.confrelid
       WHERE con.contype = 'f' AND con.connamespace = current_schema()::regnamespace`)) {
    const list = (columns: string[]) => `(${columns.map((c) => `"${c}"`).join(", ")})`;
    facts.add(
      `foreign key "${r.name}" on "${r.table}" ${list(r.columns)} references "${r.ref_table}" ${list(r.ref_columns)} ` +
        `ON DELETE ${FK_ACTIONS[r.on_delete]} ON UPDATE ${FK_ACTIONS[r.on_update]}`,
    );
  }

  // Objects Prisma never creates from a schema like ours. Extension members are left out.
  for (const r of await q<{ fact: string }>(`
      SELECT 'check or exclusion constraint "' || con.conname || '" on "' || c.relname || '": ' || pg_get_constraintdef(con.oid) AS fact
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
       WHERE con.contype IN ('c', 'x', 't') AND con.connamespace = current_schema()::regnamespace
         AND c.relname <> '_prisma_migrations'
      UNION ALL
      SELECT 'trigger "' || tg.tgname || '" on "' || c.relname || '"'
        FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
       WHERE NOT tg.tgisinternal AND c.relnamespace = current_schema()::regnamespace
      UNION ALL
      SELECT 'function ' || p.oid::regprocedure::text
        FROM pg_proc p
       WHERE p.pronamespace = current_schema()::regnamespace
         AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = p.oid AND dep.deptype = 'e')
      UNION ALL
      SELECT 'type "' || t.typname || '" (' || t.typtype::text || ')'
        FROM pg_type t
       WHERE t.typnamespace = current_schema()::regnamespace AND t.typtype IN ('c', 'd', 'r', 'm')
         AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
         AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = t.oid AND dep.deptype = 'e')
      UNION ALL
      -- Sequences that no SERIAL column owns (the owned ones are covered by "autoincrement").
      SELECT 'sequence "' || s.relname || '"'
        FROM pg_class s
       WHERE s.relkind = 'S' AND s.relnamespace = current_schema()::regnamespace
         AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = s.oid AND dep.deptype IN ('a', 'i', 'e'))`)) {
    facts.add(r.fact);
  }
  return facts;
}

// ---------------------------------------------------------------------------
// What only migrations can express
// ---------------------------------------------------------------------------

/**
 * Database objects a hand-written migration creates because Prisma's schema language cannot
 * express them, each with its reason. They are expected on top of the schema's facts (so a
 * migration that loses one fails too); anything else only in the database is still reported.
 * A `generated column` entry also turns the expected default of its column, which the schema
 * must declare (as `Unsupported("…")?` when Prisma has no type for it), into "GENERATED".
 */
const MIGRATION_ONLY: readonly { fact: string; reason: string }[] = [
  {
    fact: 'generated column "materials"."search_vector" AS (materials_search_document((title)::text, (tags)::text[], (description)::text)) STORED',
    reason: 'full-text document of a material, kept by PostgreSQL; schema.prisma declares it as Unsupported("tsvector")?',
  },
  {
    fact: "function materials_search_document(text,text[],text)",
    reason: "IMMUTABLE wrapper the generated search_vector needs (array_to_string is only STABLE)",
  },
  {
    fact: "function materials_collect_search_words()",
    reason: "trigger function that fills material_search_words, the vocabulary for typo tolerance",
  },
  {
    fact: 'trigger "materials_collect_search_words" on "materials"',
    reason: "runs materials_collect_search_words() when a material is approved or its title or tags change",
  },
  {
    fact: "function materials_count_visible()",
    reason: "trigger function that records in material_subject_counts how a statement moved the visible materials per subject",
  },
  ...["insert", "update", "delete", "truncate"].map((event) => ({
    fact: `trigger "materials_count_visible_${event}" on "materials"`,
    reason: "statement trigger (transition tables) that keeps the library counts per subject exact",
  })),
];

/** The schema's facts plus MIGRATION_ONLY: everything the migrated database should hold. */
function expectedFacts(schema: ParsedSchema): Set<string> {
  const facts = schemaFacts(schema);
  for (const { fact } of MIGRATION_ONLY) {
    facts.add(fact);
    const generated = /^generated column ("[^"]+"\."[^"]+") /.exec(fact);
    if (!generated) continue;
    // The column itself: same type and nullability, generated instead of a default.
    const column = [...facts].find((f) => f.startsWith(`column ${generated[1]} `) && f.endsWith(" DEFAULT none"));
    if (column) {
      facts.delete(column);
      facts.add(column.replace(/ DEFAULT none$/, " GENERATED"));
    }
  }
  return facts;
}

// ---------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------

interface Differences {
  /** In the schema, not (or not so) in the database: a migration is missing or wrong. */
  missingInDatabase: string[];
  /** In the database, not in the schema: a migration did more than the schema says. */
  extraInDatabase: string[];
}

function compare(expected: Set<string>, actual: Set<string>): Differences {
  return {
    missingInDatabase: [...expected].filter((f) => !actual.has(f)).sort(),
    extraInDatabase: [...actual].filter((f) => !expected.has(f)).sort(),
  };
}

function report({ missingInDatabase, extraInDatabase }: Differences): string {
  if (missingInDatabase.length === 0 && extraInDatabase.length === 0) return "schema.prisma and the migrations agree";
  return [
    "prisma/schema.prisma and prisma/migrations disagree: add a migration (prisma/migrations/<UTC timestamp>_<name>/migration.sql, " +
      "in the SQL `prisma migrate dev` would write) or fix the schema.",
    ...(missingInDatabase.length ? ["Expected from schema.prisma, missing in the migrated database:", ...missingInDatabase.map((f) => `  - ${f}`)] : []),
    ...(extraInDatabase.length ? ["In the migrated database, not in schema.prisma:", ...extraInDatabase.map((f) => `  + ${f}`)] : []),
  ].join("\n");
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

describe("prisma/schema.prisma and prisma/migrations", () => {
  let db: TestDatabase;
  let client: pg.Client;
  let schemaText: string;

  beforeAll(async () => {
    schemaText = await readFile(schemaPath, "utf8");
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it("describe the same database", async () => {
    const differences = compare(expectedFacts(parseSchema(schemaText)), await databaseFacts(client));

    expect(report(differences)).toBe("schema.prisma and the migrations agree");
  });

  it("covers every kind of object in the schema (guards the comparison itself)", async () => {
    const facts = [...schemaFacts(parseSchema(schemaText))];
    const kinds = (prefix: string) => facts.filter((f) => f.startsWith(prefix)).length;

    // Each kind the comparison handles is present, so a parsing slip cannot make both sides empty.
    for (const prefix of ["enum ", "table ", "column ", "primary key ", "unique index ", "index ", "foreign key "]) {
      expect(kinds(prefix), prefix).toBeGreaterThan(0);
    }
    expect(facts).toContain('column "members"."id" integer NOT NULL DEFAULT autoincrement');
    expect(facts).toContain('column "audit_log"."id" bigint NOT NULL DEFAULT autoincrement');
    expect(facts).toContain('column "members"."role" enum "MemberRole" NOT NULL DEFAULT value(MEMBER)');
    expect(facts).toContain('column "members"."created_at" timestamp(3) with time zone NOT NULL DEFAULT now()');
    expect(facts).toContain('column "members"."updated_at" timestamp(3) with time zone NOT NULL DEFAULT none');
    expect(facts).toContain('column "profiles"."experience_years" smallint NOT NULL DEFAULT none');
    expect(facts).toContain('column "audit_log"."details" jsonb NULL DEFAULT none');
    expect(facts).toContain('foreign key "profiles_member_id_fkey" on "profiles" ("member_id") references "members" ("id") ON DELETE CASCADE ON UPDATE CASCADE');
    expect(facts).toContain('foreign key "profiles_region_code_fkey" on "profiles" ("region_code") references "regions" ("code") ON DELETE RESTRICT ON UPDATE CASCADE');
    expect(facts).toContain('primary key "profile_subjects_pkey" on "profile_subjects" ("member_id", "subject_code")');
    // What the materials migration brought: an extension, list columns, an Unsupported type, an operator class.
    expect(facts).toContain('extension "pg_trgm"');
    expect(facts).toContain('column "materials"."grade_codes" character varying(16)[] NULL DEFAULT none');
    expect(facts).toContain('column "materials"."search_vector" tsvector NULL DEFAULT none');
    expect(facts).toContain('index "material_search_words_word_idx" on "material_search_words" using gin ("word" gin_trgm_ops)');
    expect(facts).toContain('index "materials_search_vector_idx" on "materials" using gin ("search_vector")');
  });

  it("expects what only migrations can express, each entry with a reason", () => {
    const expected = [...expectedFacts(parseSchema(schemaText))];

    expect(expected).toContain('column "materials"."search_vector" tsvector NULL GENERATED');
    expect(expected).not.toContain('column "materials"."search_vector" tsvector NULL DEFAULT none');
    for (const { fact, reason } of MIGRATION_ONLY) {
      expect(expected).toContain(fact);
      expect(reason.trim().length, fact).toBeGreaterThan(10);
    }
    expect(new Set(MIGRATION_ONLY.map((m) => m.fact)).size).toBe(MIGRATION_ONLY.length);
  });

  // Regression guard for the purpose of the test: a field added to schema.prisma without a
  // migration must fail it, naming the column.
  it("reports a field added to the schema without a migration", async () => {
    const changed = schemaText.replace(/(model Member \{\n)/, "$1  nickname String? @db.VarChar(32)\n  karma Int @default(0)\n");
    expect(changed).not.toBe(schemaText);

    const differences = compare(expectedFacts(parseSchema(changed)), await databaseFacts(client));

    expect(differences.missingInDatabase).toEqual(
      expect.arrayContaining(['column "members"."karma" integer NOT NULL DEFAULT value(0)', 'column "members"."nickname" character varying(32) NULL DEFAULT none']),
    );
    expect(report(differences)).toMatch(/missing in the migrated database:\n.*"members"\."karma"/);
  });

  it("reports an Unsupported field, an extension and an operator class the migrations lack", async () => {
    const changed = schemaText
      .replace(/(model Material \{\n)/, '$1  area Unsupported("box")? @map("bounding_box")\n')
      .replace("extensions = [pg_trgm]", "extensions = [pg_trgm, citext]")
      .replace('@@index([word(ops: raw("gin_trgm_ops"))], type: Gin)', '@@index([word(ops: raw("gin_bigm_ops"))], type: Gin)');
    expect(changed.match(/bounding_box|citext|gin_bigm_ops/g)).toHaveLength(3);

    const differences = compare(expectedFacts(parseSchema(changed)), await databaseFacts(client));

    expect(differences.missingInDatabase).toEqual(
      expect.arrayContaining([
        'column "materials"."bounding_box" box NULL DEFAULT none',
        'extension "citext"',
        'index "material_search_words_word_idx" on "material_search_words" using gin ("word" gin_bigm_ops)',
      ]),
    );
    expect(differences.extraInDatabase).toEqual(['index "material_search_words_word_idx" on "material_search_words" using gin ("word" gin_trgm_ops)']);
  });

  it("reports what a migration adds beyond the schema", async () => {
    await client.query("BEGIN");
    try {
      await client.query(`ALTER TABLE "members" ADD COLUMN "stray" TEXT`);
      await client.query(`ALTER TABLE "members" ALTER COLUMN "locale" SET DEFAULT 'en'`);
      await client.query(`CREATE INDEX "members_username_idx" ON "members" ("username" DESC)`);
      await client.query(`ALTER TABLE "subjects" ADD CONSTRAINT "subjects_name_ru_key" UNIQUE ("name_ru")`);
      await client.query(`ALTER TYPE "ConsentStatus" ADD VALUE 'WITHDRAWN'`);
      await client.query(`ALTER TABLE "grades" ADD CONSTRAINT "grades_sort_order_check" CHECK ("sort_order" >= 0)`);
      await client.query(`CREATE SEQUENCE "stray_seq"`);
      await client.query(`CREATE FUNCTION "stray"() RETURNS integer LANGUAGE sql AS 'SELECT 1'`);

      const differences = compare(expectedFacts(parseSchema(schemaText)), await databaseFacts(client));

      expect(differences.missingInDatabase).toEqual(
        expect.arrayContaining(['column "members"."locale" character varying(8) NOT NULL DEFAULT value(ru)', "enum \"ConsentStatus\" ('GIVEN', 'REFUSED')"]),
      );
      expect(differences.extraInDatabase).toEqual(
        expect.arrayContaining([
          "enum \"ConsentStatus\" ('GIVEN', 'REFUSED', 'WITHDRAWN')",
          'column "members"."locale" character varying(8) NOT NULL DEFAULT value(en)',
          'column "members"."stray" text NULL DEFAULT none',
          'index "members_username_idx" on "members" ("username" DESC)',
          'unique constraint "subjects_name_ru_key" on "subjects" ("name_ru")',
          'check or exclusion constraint "grades_sort_order_check" on "grades": CHECK ((sort_order >= 0))',
          'sequence "stray_seq"',
          "function stray()",
        ]),
      );
    } finally {
      await client.query("ROLLBACK");
    }
  });

  // The hand-written parts of the materials migration: losing or changing one must fail the
  // test, and the allow-list must not let other triggers, extensions or index kinds through.
  it("reports a migration-only object lost or changed, and extras next to them", async () => {
    await client.query("BEGIN");
    try {
      await client.query(`DROP TRIGGER "materials_collect_search_words" ON "materials"`);
      await client.query(`ALTER TABLE "materials" DROP COLUMN "search_vector"`);
      await client.query(`ALTER TABLE "materials" ADD COLUMN "search_vector" tsvector`);
      await client.query(`DROP INDEX "material_search_words_word_idx"`);
      await client.query(`CREATE INDEX "material_search_words_word_idx" ON "material_search_words" USING gist ("word" gist_trgm_ops)`);
      await client.query(`CREATE EXTENSION "btree_gin"`);
      await client.query(`CREATE TRIGGER "stray_trigger" AFTER UPDATE ON "members" FOR EACH ROW EXECUTE FUNCTION "materials_collect_search_words"()`);

      const differences = compare(expectedFacts(parseSchema(schemaText)), await databaseFacts(client));

      expect(differences.missingInDatabase).toEqual(
        expect.arrayContaining([
          'trigger "materials_collect_search_words" on "materials"',
          'column "materials"."search_vector" tsvector NULL GENERATED',
          expect.stringMatching(/^generated column "materials"\."search_vector" AS \(materials_search_document\(/),
          'index "materials_search_vector_idx" on "materials" using gin ("search_vector")',
          'index "material_search_words_word_idx" on "material_search_words" using gin ("word" gin_trgm_ops)',
        ]),
      );
      expect(differences.extraInDatabase).toEqual(
        expect.arrayContaining([
          'column "materials"."search_vector" tsvector NULL DEFAULT none',
          'index "material_search_words_word_idx" on "material_search_words" using gist ("word" gist_trgm_ops)',
          'extension "btree_gin"',
          'trigger "stray_trigger" on "members"',
        ]),
      );
    } finally {
      await client.query("ROLLBACK");
    }
  });
});
