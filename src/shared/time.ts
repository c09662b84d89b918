/** True when `zone` is an IANA time zone the runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/.test(zone) && zone !== "UTC") return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The canonical spelling of a zone typed in any letter case ("asia/omsk" → "Asia/Omsk"). */
export function canonicalTimeZone(zone: string): string | undefined {
  const trimmed = zone.trim();
  if (!isValidTimeZone(trimmed)) return undefined;
  return new Intl.DateTimeFormat("en", { timeZone: trimmed }).resolvedOptions().timeZone;
}

/** "UTC+3", "UTC+5:30", "UTC" for the zone's offset at `at`. */
export function utcOffsetLabel(zone: string, at: Date = new Date()): string {
  const part = new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "shortOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  // ICU writes a zero offset as "GMT" or (newer versions) "GMT+0".
  if (!part || /^GMT(\+0)?$/.test(part)) return "UTC";
  return part.replace("GMT", "UTC");
}
