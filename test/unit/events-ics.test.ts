import { describe, expect, it } from "vitest";
import { buildIcs, foldLine, type IcsEvent } from "../../src/features/events/events.ics.js";
import { wallTimeToUtc } from "../../src/shared/time.js";

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** A tiny RFC 5545 reader: unfold, split name;params:value, honouring quoted parameter values. */
function parseIcs(text: string): Property[] {
  const unfolded = text.replace(/\r\n[ \t]/g, "");
  return unfolded
    .split("\r\n")
    .filter((line) => line !== "")
    .map((line) => {
      let inQuotes = false;
      let colon = -1;
      for (let i = 0; i < line.length; i++) {
        if (line[i] === '"') inQuotes = !inQuotes;
        else if (line[i] === ":" && !inQuotes) {
          colon = i;
          break;
        }
      }
      if (colon < 0) throw new Error(`content line without a value: ${line}`);
      const [name, ...rawParams] = line.slice(0, colon).split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/);
      const params: Record<string, string> = {};
      for (const param of rawParams) {
        const eq = param.indexOf("=");
        params[param.slice(0, eq)] = param.slice(eq + 1);
      }
      return { name: name!, params, value: line.slice(colon + 1) };
    });
}

/** TEXT unescaping (RFC 5545 §3.3.11). */
function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === "n" || c === "N" ? "\n" : c));
}

function prop(props: Property[], name: string): Property {
  const found = props.filter((p) => p.name === name);
  expect(found, `exactly one ${name}`).toHaveLength(1);
  return found[0]!;
}

const START = wallTimeToUtc({ year: 2026, month: 12, day: 25, hour: 18, minute: 0 }, "Europe/Moscow");

function event(overrides: Partial<IcsEvent> = {}): IcsEvent {
  return {
    uid: "event-42@bot.example.org",
    title: "Педсовет",
    start: START,
    durationMinutes: 90,
    timeZone: "Europe/Moscow",
    sequence: 0,
    updatedAt: new Date("2026-06-10T09:00:00Z"),
    ...overrides,
  };
}

const HOSTILE_TITLE = 'Вебинар: «Функциональная грамотность», часть 1; <b>жирный</b> & "кавычки" \\ 🎓👩‍🏫\nвторая строка';
const LONG_DESCRIPTION = [
  "Программа: 1) вступление, 2) практика; 3) вопросы.",
  "Ссылка на материалы — в чате. Эмодзи: 📚✏️🧑🏽‍🏫 и ещё 🇷🇺.",
  "<i>Разметка</i> остаётся текстом, а не HTML.",
  "Ж".repeat(200),
].join("\n");

describe("buildIcs", () => {
  it("writes the start and end in UTC: 18:00 in Moscow is 15:00Z", () => {
    const props = parseIcs(buildIcs(event()));
    expect(START.toISOString()).toBe("2026-12-25T15:00:00.000Z");
    expect(prop(props, "DTSTART")).toEqual({ name: "DTSTART", params: {}, value: "20261225T150000Z" });
    expect(prop(props, "DTEND")).toEqual({ name: "DTEND", params: {}, value: "20261225T163000Z" });
    expect(props.some((p) => p.name === "DURATION" || p.name === "TZID" || (p.name === "BEGIN" && p.value === "VTIMEZONE"))).toBe(false);
  });

  it("does not depend on the organiser's zone for the instant", () => {
    const fromVladivostok = buildIcs(event({ timeZone: "Asia/Vladivostok" }));
    expect(prop(parseIcs(fromVladivostok), "DTSTART").value).toBe("20261225T150000Z");
  });

  it("has one calendar with one event, a stable UID and the given SEQUENCE", () => {
    const first = parseIcs(buildIcs(event()));
    const moved = parseIcs(buildIcs(event({ start: new Date("2026-12-26T15:00:00Z"), sequence: 1, updatedAt: new Date("2026-06-11T09:00:00Z") })));
    expect(first.map((p) => `${p.name}:${p.value}`).filter((l) => /^(BEGIN|END):/.test(l))).toEqual(["BEGIN:VCALENDAR", "BEGIN:VEVENT", "END:VEVENT", "END:VCALENDAR"]);
    expect(prop(first, "VERSION").value).toBe("2.0");
    expect(prop(first, "METHOD").value).toBe("PUBLISH");
    expect(prop(first, "STATUS").value).toBe("CONFIRMED");
    expect(prop(first, "UID").value).toBe("event-42@bot.example.org");
    expect(prop(moved, "UID").value).toBe("event-42@bot.example.org");
    expect(prop(first, "SEQUENCE").value).toBe("0");
    expect(prop(moved, "SEQUENCE").value).toBe("1");
    expect(prop(moved, "DTSTART").value).toBe("20261226T150000Z");
    expect(prop(moved, "DTSTAMP").value).toBe("20260611T090000Z");
    expect(prop(moved, "LAST-MODIFIED").value).toBe("20260611T090000Z");
  });

  it("gives the same bytes for the same event version (DTSTAMP is not the current time)", () => {
    expect(buildIcs(event({ description: LONG_DESCRIPTION }))).toBe(buildIcs(event({ description: LONG_DESCRIPTION })));
  });

  it("marks a cancellation with METHOD:CANCEL and STATUS:CANCELLED under the same UID", () => {
    const props = parseIcs(buildIcs(event({ method: "CANCEL", sequence: 3 })));
    expect(prop(props, "METHOD").value).toBe("CANCEL");
    expect(prop(props, "STATUS").value).toBe("CANCELLED");
    expect(prop(props, "UID").value).toBe("event-42@bot.example.org");
    expect(prop(props, "SEQUENCE").value).toBe("3");
  });

  it("escapes commas, semicolons, backslashes and newlines, and keeps markup, emoji and Cyrillic as text", () => {
    const text = buildIcs(event({ title: HOSTILE_TITLE, description: LONG_DESCRIPTION }));
    const props = parseIcs(text);
    expect(unescapeText(prop(props, "SUMMARY").value)).toBe(HOSTILE_TITLE);
    expect(unescapeText(prop(props, "DESCRIPTION").value)).toBe(LONG_DESCRIPTION);
    const raw = prop(props, "SUMMARY").value;
    expect(raw).toContain('грамотность»\\, часть 1\\; <b>жирный</b> & "кавычки" \\\\ 🎓👩‍🏫\\nвторая строка');
    expect(raw).not.toContain("&lt;");
  });

  it("turns CR LF and lone CR into one newline and drops other control characters", () => {
    const props = parseIcs(buildIcs(event({ title: "a\r\nb\rc\u0000d\u0007e\tf", description: "x\u001by\u007fz" })));
    expect(unescapeText(prop(props, "SUMMARY").value)).toBe("a\nb\ncde\tf");
    expect(unescapeText(prop(props, "DESCRIPTION").value)).toBe("xyz");
  });

  it("uses CRLF line endings and folds at 75 octets without splitting a UTF-8 sequence", () => {
    const text = buildIcs(event({ title: HOSTILE_TITLE.repeat(3), description: LONG_DESCRIPTION, organizerName: "Мария ".repeat(20) }));
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const bytes = Buffer.from(text, "utf8");
    const lines: Buffer[] = [];
    let from = 0;
    for (let i = 0; i < bytes.length - 1; i++) {
      if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
        lines.push(bytes.subarray(from, i));
        from = i + 2;
      }
    }
    expect(from).toBe(bytes.length);
    const decoder = new TextDecoder("utf-8", { fatal: true });
    let folded = 0;
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(75);
      // Each physical line is valid UTF-8 on its own: no sequence was cut in two.
      expect(() => decoder.decode(line)).not.toThrow();
      if (line[0] === 0x20) folded++;
    }
    expect(folded).toBeGreaterThan(10);
    // Folding is undone exactly by unfolding.
    expect(unescapeText(prop(parseIcs(text), "SUMMARY").value)).toBe(HOSTILE_TITLE.repeat(3));
  });

  it("writes the online link as URL and LOCATION", () => {
    const url = "https://meet.example.org/room/42?pwd=a,b;c";
    const props = parseIcs(buildIcs(event({ url })));
    expect(prop(props, "URL").value).toBe(url);
    expect(unescapeText(prop(props, "LOCATION").value)).toBe(url);
  });

  it("writes a valid ORGANIZER with the name as a quoted, RFC 6868-encoded parameter", () => {
    const props = parseIcs(buildIcs(event({ organizerName: 'Иванова "Маша"; ^ Петровна,\nшкола 5' })));
    const organizer = prop(props, "ORGANIZER");
    expect(organizer.params.CN).toBe("\"Иванова ^'Маша^'; ^^ Петровна,^nшкола 5\"");
    expect(organizer.value).toBe("mailto:noreply@bot.example.org");
    expect(prop(parseIcs(buildIcs(event({ organizerName: "Мария", organizerEmail: "maria@school.example" }))), "ORGANIZER").value).toBe("mailto:maria@school.example");
    expect(parseIcs(buildIcs(event())).some((p) => p.name === "ORGANIZER")).toBe(false);
  });

  it.each<[string, Partial<IcsEvent>]>([
    ["a uid with spaces", { uid: "event 42@example.org" }],
    ["a uid without a domain", { uid: "event-42" }],
    ["a uid with a newline", { uid: "event-42@example.org\nX-EVIL:1" }],
    ["an empty title", { title: " \n " }],
    ["a javascript: url", { url: "javascript:alert(1)" }],
    ["a url with a newline", { url: "https://example.org/\nX-EVIL:1" }],
    ["a zero duration", { durationMinutes: 0 }],
    ["a fractional duration", { durationMinutes: 1.5 }],
    ["a negative sequence", { sequence: -1 }],
    ["an unknown time zone", { timeZone: "Mars/Olympus" }],
    ["an invalid start", { start: new Date(Number.NaN) }],
    ["an organiser e-mail that breaks the line", { organizerEmail: "a@b.org;X=1" }],
  ])("refuses %s", (_name, overrides) => {
    expect(() => buildIcs(event(overrides))).toThrow(RangeError);
  });
});

describe("foldLine", () => {
  it("leaves a short line alone", () => {
    expect(foldLine("SUMMARY:short")).toBe("SUMMARY:short");
  });

  it("makes the first line 75 octets and continuations a space plus 74", () => {
    const folded = foldLine(`DESCRIPTION:${"a".repeat(200)}`).split("\r\n");
    expect(folded.map((l) => l.length)).toEqual([75, 75, 1 + (212 - 75 - 74)]);
    expect(folded.slice(1).every((l) => l.startsWith(" "))).toBe(true);
  });

  it("never separates a backslash from the character it escapes", () => {
    for (let pad = 0; pad < 4; pad++) {
      const folded = foldLine(`SUMMARY:${"x".repeat(60 + pad)}${"\\,".repeat(20)}`).split("\r\n");
      for (const line of folded) expect(line.replace(/^ /, "")).not.toMatch(/^,|(^|[^\\])(\\\\)*\\$/);
    }
  });
});
