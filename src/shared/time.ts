/**
 * Time-zone helpers. Intl.DateTimeFormat objects are expensive to build (a
 * large share of the CPU per update when a keyboard lists twelve zones), so
 * they are built once per zone and kept.
 */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const canonical = new Map<string, string | undefined>();

/** The canonical spelling of a zone typed in any letter case ("asia/omsk" → "Asia/Omsk"). */
export function canonicalTimeZone(zone: string): string | undefined {
  const trimmed = zone.trim();
  if (canonical.has(trimmed)) return canonical.get(trimmed);
  let result: string | undefined;
  if (/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/.test(trimmed) || trimmed === "UTC") {
    try {
      result = new Intl.DateTimeFormat("en", { timeZone: trimmed }).resolvedOptions().timeZone;
    } catch {
      result = undefined;
    }
  }
  // Typed input is unbounded; cache only what resolves, and a bounded number of misses.
  if (result !== undefined || canonical.size < 10_000) canonical.set(trimmed, result);
  return result;
}

/** True when `zone` is an IANA time zone the runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  return zone === zone.trim() && canonicalTimeZone(zone) !== undefined;
}

/** "UTC+3", "UTC+5:30", "UTC" for the zone's offset at `at`. */
export function utcOffsetLabel(zone: string, at: Date = new Date()): string {
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "shortOffset" });
    offsetFormats.set(zone, format);
  }
  const part = format.formatToParts(at).find((p) => p.type === "timeZoneName")?.value;
  // ICU writes a zero offset as "GMT" or (newer versions) "GMT+0".
  if (!part || /^GMT(\+0)?$/.test(part)) return "UTC";
  return part.replace("GMT", "UTC");
}
