// Checks of the Fluent texts in locales/<locale>/*.ftl:
//  (a) every locale has the same files and exactly the same keys;
//  (b) every key the code uses exists in every locale;
//  (c) every message formats without Fluent errors and is valid Telegram HTML;
//  (d) Telegram's length limits (command descriptions, long documents).
// No database or network: only the files under locales/ and src/.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import { I18n } from "@grammyjs/i18n";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { CommandMenu } from "../../src/bot/commands.js";
import { FEATURES } from "../../src/features/index.js";
import { RUSSIAN_TIME_ZONES } from "../../src/features/catalogue/catalogue.service.js";
import { MEMBER_ROLES, PROFESSIONAL_ROLES, PROFILE_FIELDS } from "../../src/features/members/members.types.js";
import { escapeHtml } from "../../src/shared/html.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const LOCALES_DIR = path.join(ROOT, "locales");
const SRC_DIR = path.join(ROOT, "src");
/** The primary locale: variables and plural forms of the others are compared with it. */
const REFERENCE_LOCALE = "ru";

/** Telegram's limits (https://core.telegram.org/bots/api). */
const MAX_MESSAGE_LENGTH = 4096;
const MAX_COMMAND_DESCRIPTION = 256;

// ---------------------------------------------------------------------------
// Fluent AST (the shape @fluent/bundle's FluentResource produces; its types are not exported).

type Literal = { type: "str"; value: string } | { type: "num"; value: number; precision: number };
type NamedArgument = { type: "narg"; name: string; value: Literal };
type Expression =
  | { type: "select"; selector: Expression; variants: { key: Literal; value: Pattern }[]; star: number }
  | { type: "var"; name: string }
  | { type: "term"; name: string; attr: string | null; args: (Expression | NamedArgument)[] }
  | { type: "mesg"; name: string; attr: string | null }
  | { type: "func"; name: string; args: (Expression | NamedArgument)[] }
  | Literal;
type Pattern = string | (string | Expression)[];
interface FluentEntry {
  id: string;
  value: Pattern | null;
  attributes: Record<string, Pattern>;
}

interface LocaleMessage {
  key: string;
  file: string;
  entry: FluentEntry;
}

interface Locale {
  name: string;
  files: string[];
  messages: Map<string, LocaleMessage>;
  bundle: FluentBundle;
  /** Syntax problems: duplicates, entries the parser dropped, lines it would silently skip. */
  problems: string[];
}

function listDirs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/**
 * FluentResource never throws: it silently drops an entry it cannot parse and
 * skips any text at column 0 that does not start an entry. So the raw lines are
 * checked too: every entry start must produce a parsed entry, and every other
 * line at column 0 must be blank, a comment or the end of a select expression.
 */
function lineProblems(file: string, source: string, parsedIds: Set<string>): string[] {
  const problems: string[] = [];
  source.split(/\r?\n/).forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    if (line === "" || /^\s/.test(line) || line.startsWith("#")) return;
    const start = /^(-?[a-zA-Z][\w-]*) *=/.exec(line);
    if (start) {
      if (!parsedIds.has(start[1]!)) problems.push(`${where}: syntax error, the entry "${start[1]}" is dropped by the parser`);
      return;
    }
    // A closing brace or a variant key may start a line of a select expression.
    if (/^(\}|\*?\[)/.test(line)) return;
    problems.push(`${where}: text at column 0 is not part of any message (continuation lines must be indented): ${JSON.stringify(line)}`);
  });
  return problems;
}

function loadLocale(name: string): Locale {
  const dir = path.join(LOCALES_DIR, name);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".ftl"))
    .sort();
  const messages = new Map<string, LocaleMessage>();
  const problems: string[] = [];
  const bundle = new FluentBundle(name, { useIsolating: false });
  for (const file of files) {
    const rel = `${name}/${file}`;
    const source = readFileSync(path.join(dir, file), "utf8");
    const resource = new FluentResource(source);
    const entries = resource.body;
    problems.push(...lineProblems(rel, source, new Set(entries.map((e) => e.id))));
    for (const entry of entries) {
      const previous = messages.get(entry.id);
      if (previous) problems.push(`${rel}: duplicate key "${entry.id}" (already in ${name}/${previous.file})`);
      else if (!entry.id.startsWith("-")) messages.set(entry.id, { key: entry.id, file, entry });
      if (!entry.id.startsWith("-") && entry.value === null) problems.push(`${rel}: "${entry.id}" has no value`);
    }
    // Overrides are the duplicates reported above.
    for (const error of bundle.addResource(resource, { allowOverrides: true })) problems.push(`${rel}: ${error.message}`);
  }
  return { name, files, messages, bundle, problems };
}

const LOCALE_NAMES = listDirs(LOCALES_DIR);
const LOCALES = LOCALE_NAMES.map(loadLocale);
const ALL_KEYS = [...new Set(LOCALES.flatMap((l) => [...l.messages.keys()]))].sort();
const reference = LOCALES.find((l) => l.name === REFERENCE_LOCALE);

function walkPattern(pattern: Pattern, visit: (e: Expression) => void): void {
  if (typeof pattern === "string") return;
  for (const element of pattern) if (typeof element !== "string") walkExpression(element, visit);
}

function walkExpression(expr: Expression | NamedArgument, visit: (e: Expression) => void): void {
  if (expr.type === "narg") return;
  visit(expr);
  if (expr.type === "select") {
    walkExpression(expr.selector, visit);
    for (const variant of expr.variants) walkPattern(variant.value, visit);
  } else if (expr.type === "func" || expr.type === "term") {
    for (const arg of expr.args) walkExpression(arg, visit);
  }
}

function patternsOf(entry: FluentEntry): Pattern[] {
  return [...(entry.value === null ? [] : [entry.value]), ...Object.values(entry.attributes)];
}

function variablesOf(entry: FluentEntry): string[] {
  const names = new Set<string>();
  for (const p of patternsOf(entry)) walkPattern(p, (e) => e.type === "var" && names.add(e.name));
  return [...names].sort();
}

/** Variables used as selectors of a select expression; they get numbers in the samples. */
function selectorsOf(entry: FluentEntry): Set<string> {
  const names = new Set<string>();
  for (const p of patternsOf(entry)) {
    walkPattern(p, (e) => {
      if (e.type !== "select") return;
      const s = e.selector.type === "func" ? e.selector.args[0] : e.selector;
      if (s && s.type === "var") names.add(s.name);
    });
  }
  return names;
}

function selectsOf(entry: FluentEntry): { selector: string; keys: string[] }[] {
  const out: { selector: string; keys: string[] }[] = [];
  for (const p of patternsOf(entry)) {
    walkPattern(p, (e) => {
      if (e.type !== "select") return;
      const selector = e.selector.type === "var" ? `$${e.selector.name}` : e.selector.type;
      out.push({ selector, keys: e.variants.map((v) => (v.key.type === "str" ? v.key.value : String(v.key.value))) });
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Formatting with sample values, as bot/i18n.ts does: plain strings are HTML-escaped first.

/** Numbers that reach every plural category of Russian and English (one, few, many, other). */
const SAMPLE_NUMBERS = [0, 1, 2, 5, 11, 21, 22, 1000];
/** Variables the code always passes as numbers, even where no select depends on them. */
const NUMERIC_VARIABLES = new Set(["count", "total", "page", "pages", "n", "max", "years", "experience", "id"]);
/** A string sample with every character Telegram HTML needs escaped. */
const SAMPLE_TEXT = escapeHtml(`Anna "A&B" <Smith> O'Neil`);

/** The sample numbers a message is formatted with: all of them only when it has numeric variables. */
function samplesFor(entry: FluentEntry): number[] {
  const selectors = selectorsOf(entry);
  return variablesOf(entry).some((v) => selectors.has(v) || NUMERIC_VARIABLES.has(v)) ? SAMPLE_NUMBERS : [2];
}

function sampleVariables(entry: FluentEntry, n: number): Record<string, FluentVariable> {
  const selectors = selectorsOf(entry);
  const vars: Record<string, FluentVariable> = {};
  for (const name of variablesOf(entry)) vars[name] = selectors.has(name) || NUMERIC_VARIABLES.has(name) ? n : SAMPLE_TEXT;
  return vars;
}

interface Formatted {
  text: string;
  errors: string[];
}

function format(locale: Locale, key: string, n: number): Formatted {
  const message = locale.bundle.getMessage(key);
  if (!message?.value) return { text: "", errors: [`no value`] };
  const errors: Error[] = [];
  const entry = locale.messages.get(key)!.entry;
  const text = locale.bundle.formatPattern(message.value, sampleVariables(entry, n), errors);
  return { text, errors: errors.map((e) => e.message) };
}

// ---------------------------------------------------------------------------
// Telegram HTML: only Telegram's tags, balanced, and "&" only as an entity.

const TELEGRAM_TAGS: Record<string, readonly string[]> = {
  b: [],
  i: [],
  u: [],
  s: [],
  code: ["class"],
  pre: [],
  a: ["href"],
  blockquote: ["expandable"],
  "tg-spoiler": [],
};

/** Returns the problems of a text sent with parse_mode HTML (empty when valid). */
function telegramHtmlProblems(html: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  const token = /<(\/?)([^\s>/]*)([^>]*)>|<|&(?:(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);)?/gi;
  for (const m of html.matchAll(token)) {
    const [whole, closing, rawName = "", attrs = ""] = m;
    if (whole === "&") {
      problems.push(`bare "&" at ${m.index} (write &amp;)`);
      continue;
    }
    if (whole.startsWith("&")) continue;
    if (whole === "<") {
      problems.push(`bare "<" at ${m.index} (write &lt;)`);
      continue;
    }
    const name = rawName.toLowerCase();
    const allowed = TELEGRAM_TAGS[name];
    if (!allowed) {
      problems.push(`tag <${closing}${rawName}> is not supported by Telegram`);
      continue;
    }
    if (closing) {
      const top = open.pop();
      if (top !== name) problems.push(top ? `</${name}> closes <${top}>` : `</${name}> without an opening tag`);
      continue;
    }
    for (const attr of attrs.matchAll(/([^\s=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"']+))?/g)) {
      if (!allowed.includes(attr[1]!.toLowerCase())) problems.push(`<${name}> may not have the attribute "${attr[1]}"`);
    }
    if (name === "a" && !/\bhref\s*=/.test(attrs)) problems.push(`<a> without href`);
    const parent = open.at(-1);
    if (parent === "code" || (parent === "pre" && name !== "code")) problems.push(`<${name}> inside <${parent}>`);
    open.push(name);
  }
  if (open.length > 0) problems.push(`unclosed ${open.map((t) => `<${t}>`).join(", ")}`);
  return problems;
}

/** The text as Telegram shows it: tags removed, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&(lt|gt|amp|quot);/g, (_, e: string) => ({ lt: "<", gt: ">", amp: "&", quot: '"' })[e]!)
    .replace(/&#(x?)([0-9a-f]+);/gi, (_, x: string, d: string) => String.fromCodePoint(parseInt(d, x ? 16 : 10)));
}

/**
 * Keys shown outside parse_mode HTML (button labels, command descriptions,
 * callback-query alerts) or inserted into other messages as variables, where
 * bot/i18n.ts escapes them again: they must be plain text without tags or entities.
 */
const PLAIN_TEXT_KEY =
  /^(command-|role-|member-role-|tz-|audit-|admin-make-|errors-|step-(back|cancel|done|skip)$|consent-(agree|refuse)$|region-show-all$|timezone-keep$|registration-(confirm|continue-button)$|menu-(profile|language|privacy|help|admin)$|admin-(audit-system|member-(active|inactive|no-name|not-found)|confirm-(yes|no)|find-again|back-to-menu|only|role-(changed|self|changed-meanwhile|configured))$|privacy-(forget-yes|forget-no|nothing-stored)$|profile-not-set$|profile-edit-(?!cancelled$))|-button$/;

// ---------------------------------------------------------------------------
// Keys used in src/.

/** String literals that look like keys: the prefixes of our key families. */
const KEY_LITERAL =
  /^(errors|validation|admin|registration|consent|step|ask|answered|profile|privacy|menu|help|language|command|role|member-role|tz|audit|timezone|region|unhandled|cancel|materials|moderation|library|search|mine|inline|comments)-[a-z0-9_-]+$/i;

interface Usage {
  key: string;
  where: string;
}

interface SourceScan {
  /** Literal keys: arguments of t()/translate() and key-like string literals. */
  keys: Usage[];
  /** Prefixes of keys built with a template literal, e.g. t(`role-${role}`). */
  prefixes: Usage[];
  files: number;
}

function listSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith(".ts") && !d.name.endsWith(".d.ts"))
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}

/** `f` of f(…) and obj.f(…). */
function calleeName(node: ts.CallExpression): string | undefined {
  const callee = node.expression;
  return ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
}

/** t(…), ctx.t(…), env.t(…), translate(…), i18n.translate(…). */
function isTranslateCall(node: ts.CallExpression): boolean {
  const name = calleeName(node);
  return name === "t" || name === "translate";
}

function scanSources(): SourceScan {
  const files = listSourceFiles(SRC_DIR).map((file) => {
    const text = readFileSync(file, "utf8");
    return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  });

  // Conversation ids ("admin-find", "profile-edit") look like keys but are not:
  // skip constants passed to createConversation(fn, ID) or conversation.enter(ID),
  // and the keys of a slice's `conversations: { [ID]: builder }`.
  const conversationIds = new Set<string>();
  const conversationLiterals = new Set<string>();
  const findConversationIds = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      const arg = name === "createConversation" ? node.arguments[1] : name === "enter" ? node.arguments[0] : undefined;
      if (arg && ts.isIdentifier(arg)) conversationIds.add(arg.text);
      if (arg && ts.isStringLiteralLike(arg)) conversationLiterals.add(arg.text);
    }
    if (ts.isPropertyAssignment(node) && node.name.getText() === "conversations" && ts.isObjectLiteralExpression(node.initializer)) {
      for (const property of node.initializer.properties) {
        const name = property.name;
        if (name && ts.isComputedPropertyName(name) && ts.isIdentifier(name.expression)) conversationIds.add(name.expression.text);
      }
    }
    ts.forEachChild(node, findConversationIds);
  };
  files.forEach(findConversationIds);

  const keys: Usage[] = [];
  const prefixes: Usage[] = [];
  for (const sf of files) {
    const where = (node: ts.Node) => {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      return `${path.relative(ROOT, sf.fileName)}:${line + 1}`;
    };
    /** The first argument of t(): literals, template literals, and both branches of ?:, ?? and ||. */
    const keyArgument = (expr: ts.Expression): void => {
      if (ts.isStringLiteralLike(expr)) keys.push({ key: expr.text, where: where(expr) });
      else if (ts.isTemplateExpression(expr)) prefixes.push({ key: expr.head.text, where: where(expr) });
      else if (ts.isParenthesizedExpression(expr)) keyArgument(expr.expression);
      else if (ts.isConditionalExpression(expr)) {
        keyArgument(expr.whenTrue);
        keyArgument(expr.whenFalse);
      } else if (
        ts.isBinaryExpression(expr) &&
        (expr.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || expr.operatorToken.kind === ts.SyntaxKind.BarBarToken)
      ) {
        keyArgument(expr.left);
        keyArgument(expr.right);
      }
      // Identifiers and other expressions: their values are found as literals below.
    };
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && isTranslateCall(node) && node.arguments[0]) keyArgument(node.arguments[0]);
      if (ts.isStringLiteralLike(node) && KEY_LITERAL.test(node.text)) {
        const parent = node.parent;
        const isConversationId =
          conversationLiterals.has(node.text) ||
          (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name) && conversationIds.has(parent.name.text));
        // Import paths and module names are never keys.
        const isModuleName = ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent);
        if (!isConversationId && !isModuleName) keys.push({ key: node.text, where: where(node) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { keys, prefixes, files: files.length };
}

/** String literal types of a type alias, e.g. `type AuditAction = "role.change" | …`. */
function literalTypeUnion(file: string, typeName: string): string[] | undefined {
  const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let found: string[] | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isTypeAliasDeclaration(node) && node.name.text === typeName) {
      const members = ts.isUnionTypeNode(node.type) ? node.type.types : [node.type];
      found = members.flatMap((m) => (ts.isLiteralTypeNode(m) && ts.isStringLiteral(m.literal) ? [m.literal.text] : []));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function missingIn(locale: Locale, keys: Iterable<Usage>): string[] {
  const out = new Map<string, Set<string>>();
  for (const { key, where } of keys) {
    if (!locale.messages.has(key)) out.set(key, (out.get(key) ?? new Set()).add(where));
  }
  return [...out].map(([key, wheres]) => `${locale.name}: "${key}" (used at ${[...wheres].join(", ")})`);
}

// ---------------------------------------------------------------------------

describe("locales", () => {
  it("has the reference locale and at least one other", () => {
    expect(LOCALE_NAMES).toContain(REFERENCE_LOCALE);
    expect(LOCALE_NAMES.length).toBeGreaterThan(1);
    for (const locale of LOCALES) expect(locale.messages.size, `${locale.name} has no messages`).toBeGreaterThan(0);
  });

  it("parse without syntax errors or duplicate keys", () => {
    expect(LOCALES.flatMap((l) => l.problems)).toEqual([]);
  });

  it("(a) every locale has exactly the same keys", () => {
    const missing: Record<string, string[]> = {};
    for (const locale of LOCALES) {
      const absent = ALL_KEYS.filter((k) => !locale.messages.has(k));
      if (absent.length > 0) missing[locale.name] = absent;
    }
    const report = Object.entries(missing)
      .map(([name, keys]) => `locales/${name} lacks ${keys.length} key(s): ${keys.join(", ")}`)
      .join("\n");
    expect(missing, `Keys missing per locale:\n${report}`).toEqual({});
  });

  it("every locale has the same files, and each key lives in the same file everywhere", () => {
    const ref = reference!;
    const problems: string[] = [];
    for (const locale of LOCALES) {
      if (locale.files.join() !== ref.files.join()) problems.push(`${locale.name} has files [${locale.files.join(", ")}], ${ref.name} has [${ref.files.join(", ")}]`);
      for (const [key, msg] of locale.messages) {
        const other = ref.messages.get(key);
        if (other && other.file !== msg.file) problems.push(`"${key}" is in ${locale.name}/${msg.file} but in ${ref.name}/${other.file}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("every translation uses the same variables as the reference locale", () => {
    const ref = reference!;
    const problems: string[] = [];
    for (const locale of LOCALES) {
      if (locale === ref) continue;
      for (const [key, msg] of locale.messages) {
        const expected = ref.messages.get(key);
        if (!expected) continue;
        const got = variablesOf(msg.entry).join(", ");
        const want = variablesOf(expected.entry).join(", ");
        if (got !== want) problems.push(`${locale.name} "${key}" uses [${got}], ${ref.name} uses [${want}]`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("plural variants use only the plural categories of their locale", () => {
    const problems: string[] = [];
    for (const locale of LOCALES) {
      const categories = new Set<string>(new Intl.PluralRules(locale.name).resolvedOptions().pluralCategories);
      for (const [key, msg] of locale.messages) {
        for (const { selector, keys } of selectsOf(msg.entry)) {
          const wrong = keys.filter((k) => !categories.has(k) && !/^\d+(\.\d+)?$/.test(k));
          // A select on a string (e.g. a role) has its own keys; only plural-looking selects are checked.
          const looksPlural = keys.some((k) => ["zero", "one", "two", "few", "many", "other"].includes(k));
          if (looksPlural && wrong.length > 0) {
            problems.push(`${locale.name} "${key}": ${selector} has [${wrong.join(", ")}], ${locale.name} has only [${[...categories].join(", ")}]`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  describe("(b) keys used in src/", () => {
    const scan = scanSources();

    it("finds the code's keys (the scanner works)", () => {
      expect(scan.files).toBeGreaterThan(0);
      expect(scan.keys.map((k) => k.key)).toEqual(expect.arrayContaining(["admin-only", "errors-internal", "validation-name-short"]));
      expect(scan.prefixes.map((p) => p.key)).toEqual(expect.arrayContaining(["role-", "member-role-", "command-"]));
    });

    it("every literal key exists in every locale", () => {
      expect(LOCALES.flatMap((l) => missingIn(l, scan.keys))).toEqual([]);
    });

    it("every key prefix of t(`prefix-${…}`) has keys in every locale", () => {
      const problems: string[] = [];
      for (const { key: prefix, where } of scan.prefixes) {
        if (prefix === "") {
          problems.push(`${where}: a key built without a literal prefix cannot be checked`);
          continue;
        }
        for (const locale of LOCALES) {
          if (![...locale.messages.keys()].some((k) => k.startsWith(prefix))) problems.push(`${locale.name}: no key starts with "${prefix}" (${where})`);
        }
      }
      expect(problems).toEqual([]);
    });

    it("every key built from a known list exists in every locale", () => {
      const auditActions = literalTypeUnion(path.join(SRC_DIR, "features/audit/audit.repository.ts"), "AuditAction");
      expect(auditActions, "type AuditAction in src/features/audit/audit.repository.ts").toBeDefined();
      const built: Usage[] = [
        ...new CommandMenu(FEATURES).commandsFor("ADMIN").map((c) => ({ key: `command-${c}`, where: "COMMANDS (bot/commands.ts)" })),
        ...new CommandMenu(FEATURES).inGroups.administrators.map((c) => ({ key: `command-${c}`, where: "group COMMANDS (bot/commands.ts)" })),
        ...MEMBER_ROLES.map((r) => ({ key: `member-role-${r}`, where: "MEMBER_ROLES" })),
        ...MEMBER_ROLES.map((r) => ({ key: `admin-make-${r}`, where: "MEMBER_ROLES (admin keyboard)" })),
        ...PROFESSIONAL_ROLES.map((r) => ({ key: `role-${r}`, where: "PROFESSIONAL_ROLES" })),
        ...PROFILE_FIELDS.map((f) => ({ key: `profile-edit-${f}`, where: "PROFILE_FIELDS" })),
        ...RUSSIAN_TIME_ZONES.map((z) => ({ key: `tz-${z.replace("/", "-").toLowerCase()}`, where: "RUSSIAN_TIME_ZONES" })),
        ...(auditActions ?? []).map((a) => ({ key: `audit-${a.replace(/\./g, "-")}`, where: "AuditAction" })),
      ];
      expect(LOCALES.flatMap((l) => missingIn(l, built))).toEqual([]);
    });
  });

  describe("(c) formatting", () => {
    it("every message formats without Fluent errors for every sample number", () => {
      const problems: string[] = [];
      for (const locale of LOCALES) {
        for (const [key, msg] of locale.messages) {
          for (const n of samplesFor(msg.entry)) {
            const { errors } = format(locale, key, n);
            if (errors.length > 0) problems.push(`${locale.name} "${key}" (n=${n}): ${errors.join("; ")}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it("every message is valid Telegram HTML with variables filled in", () => {
      const problems: string[] = [];
      for (const locale of LOCALES) {
        for (const [key, msg] of locale.messages) {
          for (const n of samplesFor(msg.entry)) {
            const { text } = format(locale, key, n);
            for (const p of telegramHtmlProblems(text)) problems.push(`${locale.name} "${key}" (n=${n}): ${p}`);
            if (visibleText(text).trim() === "") problems.push(`${locale.name} "${key}" (n=${n}): empty text`);
          }
        }
      }
      expect([...new Set(problems)]).toEqual([]);
    });

    it("texts shown as plain text (buttons, command descriptions, alerts, nested values) have no markup", () => {
      const problems: string[] = [];
      for (const locale of LOCALES) {
        for (const key of locale.messages.keys()) {
          if (!PLAIN_TEXT_KEY.test(key)) continue;
          const { text } = format(locale, key, 2);
          const withoutVariables = text.split(SAMPLE_TEXT).join("");
          if (/[<>&]/.test(withoutVariables)) problems.push(`${locale.name} "${key}": ${JSON.stringify(text)}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it("the production loader (@grammyjs/i18n) reads the same messages", () => {
      const i18n = new I18n({ defaultLocale: REFERENCE_LOCALE, directory: LOCALES_DIR, fluentBundleOptions: { useIsolating: false } });
      expect([...i18n.locales].sort()).toEqual(LOCALE_NAMES);
      const problems: string[] = [];
      for (const locale of LOCALES) {
        for (const [key, msg] of locale.messages) {
          const vars = sampleVariables(msg.entry, 2);
          const expected = format(locale, key, 2).text;
          const actual = i18n.translate(locale.name, key, vars);
          if (actual !== expected) problems.push(`${locale.name} "${key}": ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
        }
      }
      expect(problems).toEqual([]);
    });
  });

  describe("(d) Telegram limits", () => {
    it(`every command description is 1–${MAX_COMMAND_DESCRIPTION} characters`, () => {
      const problems: string[] = [];
      for (const locale of LOCALES) {
        const commands = [...locale.messages.keys()].filter((k) => k.startsWith("command-"));
        expect(commands.length, `${locale.name} has command-* keys`).toBeGreaterThan(0);
        for (const key of commands) {
          const text = format(locale, key, 2).text.trim();
          if (text.length < 1 || text.length > MAX_COMMAND_DESCRIPTION) problems.push(`${locale.name} "${key}" has ${text.length} characters`);
        }
      }
      expect(problems).toEqual([]);
    });

    it(`long documents fit in one message (${MAX_MESSAGE_LENGTH} characters without tags)`, () => {
      const problems: string[] = [];
      for (const locale of LOCALES) {
        for (const key of ["consent-document", "privacy-policy"]) {
          if (!locale.messages.has(key)) {
            problems.push(`${locale.name} has no "${key}"`);
            continue;
          }
          const length = visibleText(format(locale, key, 2).text).length;
          if (length >= MAX_MESSAGE_LENGTH) problems.push(`${locale.name} "${key}" has ${length} visible characters`);
        }
        // Registration sends the welcome (with the user's first name, up to 64 characters) and the consent document as one message.
        const welcome = locale.bundle.getMessage("registration-welcome")?.value;
        if (welcome && locale.messages.has("consent-document")) {
          const name = escapeHtml("W".repeat(64));
          const combined = `${locale.bundle.formatPattern(welcome, { name })}\n\n${format(locale, "consent-document", 2).text}`;
          const length = visibleText(combined).length;
          if (length >= MAX_MESSAGE_LENGTH) problems.push(`${locale.name} welcome + consent document has ${length} visible characters`);
        }
      }
      expect(problems).toEqual([]);
    });
  });
});
