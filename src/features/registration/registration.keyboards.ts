import { InlineKeyboard } from "grammy";
import { stepCb, withNavigation } from "../../bot/questionnaire.js";
import type { Translate } from "../../bot/i18n.js";
import type { CatalogueItem, RegionItem } from "../catalogue/catalogue.service.js";
import { localName } from "../catalogue/catalogue.service.js";
import { PROFESSIONAL_ROLES } from "../members/members.types.js";
import { utcOffsetLabel } from "../../shared/time.js";

export const REGIONS_PER_PAGE = 16;

export function consentKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t("consent-agree"), stepCb.pack("agree")).row().text(t("consent-refuse"), stepCb.pack("refuse"));
}

export function roleKeyboard(t: Translate, opts: { back: boolean; current?: string }): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const role of PROFESSIONAL_ROLES) {
    const label = t(`role-${role}`);
    kb.text(opts.current === role ? `✅ ${label}` : label, stepCb.pack("pick", role)).row();
  }
  return withNavigation(kb, t, opts);
}

export function multiSelectKeyboard(
  t: Translate,
  locale: string,
  items: CatalogueItem[],
  selected: ReadonlySet<string>,
  opts: { back: boolean; columns: number },
): InlineKeyboard {
  const kb = new InlineKeyboard();
  items.forEach((item, i) => {
    const name = localName(item, locale);
    kb.text(selected.has(item.code) ? `✅ ${name}` : name, stepCb.pack("toggle", item.code));
    if ((i + 1) % opts.columns === 0) kb.row();
  });
  kb.row().text(t("step-done", { count: selected.size }), stepCb.pack("done"));
  return withNavigation(kb, t, opts);
}

export function regionKeyboard(t: Translate, locale: string, regions: RegionItem[], page: number, opts: { back: boolean; paged: boolean }): InlineKeyboard {
  const kb = new InlineKeyboard();
  const pages = Math.max(1, Math.ceil(regions.length / REGIONS_PER_PAGE));
  const slice = opts.paged ? regions.slice(page * REGIONS_PER_PAGE, (page + 1) * REGIONS_PER_PAGE) : regions;
  slice.forEach((region, i) => {
    kb.text(localName(region, locale), stepCb.pack("pick", region.code));
    if (i % 2 === 1) kb.row();
  });
  if (opts.paged && pages > 1) {
    kb.row();
    kb.text(page > 0 ? "◀️" : " ", stepCb.pack("page", page > 0 ? page - 1 : page));
    kb.text(`${page + 1}/${pages}`, stepCb.pack("page", page));
    kb.text(page < pages - 1 ? "▶️" : " ", stepCb.pack("page", page < pages - 1 ? page + 1 : page));
  } else if (!opts.paged) {
    kb.row().text(t("region-show-all"), stepCb.pack("page", 0));
  }
  return withNavigation(kb, t, opts);
}

export function skipKeyboard(t: Translate, opts: { back: boolean }): InlineKeyboard {
  return withNavigation(new InlineKeyboard().text(t("step-skip"), stepCb.pack("skip")), t, opts);
}

export function timezoneKeyboard(t: Translate, suggested: string, zones: readonly string[], opts: { back: boolean }): InlineKeyboard {
  const kb = new InlineKeyboard().text(t("timezone-keep", { zone: suggested }), stepCb.pack("tz", "keep")).row();
  zones.forEach((zone, i) => {
    kb.text(`${utcOffsetLabel(zone)} ${t(`tz-${zone.replace("/", "-").toLowerCase()}`)}`, stepCb.pack("tz", i));
    if (i % 2 === 1) kb.row();
  });
  return withNavigation(kb, t, opts);
}

export function languageKeyboard(t: Translate, opts: { back: boolean }): InlineKeyboard {
  return withNavigation(
    new InlineKeyboard().text(t("language-name-ru"), stepCb.pack("lang", "ru")).text(t("language-name-en"), stepCb.pack("lang", "en")),
    t,
    opts,
  );
}

export function confirmKeyboard(t: Translate): InlineKeyboard {
  return withNavigation(new InlineKeyboard().text(t("registration-confirm"), stepCb.pack("confirm")), t, { back: true });
}
