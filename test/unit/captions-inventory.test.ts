// #9 item 1: every caption the bot sends must be covered by a test that sends it with
// hostile text (`<`, `&`, quotes, a link) through the strict Bot API fake, which refuses
// broken HTML and captions over 1,024 characters. This inventory fails when a file that
// sends captions appears (or stops sending them) in src/ without this list, and so the
// test named for it, being updated: a new caption must come with its hostile-input test.
// (Per file, not per line: call sites move within a file as it is edited.)
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(import.meta.dirname, "../../src");

/** File with `caption` properties → the test that sends them with hostile text. */
const COVERED: Record<string, string> = {
  // The downloaded file (every kind and links) and the moderation card; editMessageCaption on decisions.
  "features/materials/materials.ui.ts": "test/bot/materials.test.ts › captions",
  // Inline query results (plain text captions, checked by the fake's answerInlineQuery).
  "features/materials/materials.inline.feature.ts": "test/bot/materials.test.ts › captions",
  // The .ics after a registration, with HOSTILE_TITLE.
  "features/events/events.card.feature.ts": "test/bot/events.test.ts (HOSTILE_TITLE, calendar file)",
  // The changed-event notice with its .ics, with HOSTILE_TITLE.
  "features/events/events.jobs.ts": "test/bot/events.test.ts (HOSTILE_TITLE, Мероприятие изменено)",
  // The PDF sent when a document is issued: the kind, the number and the code (no user text), through the sending path.
  "features/certificates/certificates.service.ts": "test/integration/certificates.test.ts › a publication record",
  // The downloaded copy (kind, number, code) and the portfolio (counts), sent after a material with a hostile title.
  "features/certificates/certificates.feature.ts": "test/bot/certificates.test.ts (HOSTILE_TITLE, download and /portfolio)",
  // The rules document (the contest's hostile title) and the published protocol (title, number, code, hash).
  "features/contests/contests.feature.ts": "test/bot/contests-entries.test.ts (rules document) and test/bot/contests-protocol.test.ts",
  // /mydata: a fixed text.
  "features/privacy/privacy.feature.ts": "test/bot/materials.test.ts (/mydata)",
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sources(full);
    return e.name.endsWith(".ts") ? [full] : [];
  });
}

describe("captions the bot sends", () => {
  it("are all in the covered list", () => {
    const found = sources(SRC)
      // `caption:` or `{ caption }` (a property sent); not `message.caption,` (a caption read).
      .filter((file) => /(?<![.\w])caption\b(?=\s*[:,}])/.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(SRC, file).split(path.sep).join("/"))
      .sort();
    expect(found).toEqual(Object.keys(COVERED).sort());
  });
});
