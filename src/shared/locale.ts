/**
 * The languages the bot speaks. Here, not in the bot or a slice, so that the
 * translator, the slices and the shared helpers all name them the same way.
 */
export const LOCALES = ["ru", "en"] as const;
/** One of the languages the bot speaks; ru is the primary one. */
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: string | undefined): value is Locale {
  return value === "ru" || value === "en";
}

/** A stored or negotiated locale as one we speak: English only when it says so, else Russian. */
export function toLocale(value: string | undefined): Locale {
  return value === "en" ? "en" : "ru";
}
