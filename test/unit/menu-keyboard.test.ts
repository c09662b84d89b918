// Issue 10 (dry-run finding): a slice adds its main-menu buttons with `menuButtons`, no edit of the menu slice.
import { describe, expect, it } from "vitest";
import { createTranslator } from "../../src/bot/i18n.js";
import { mainMenuKeyboard, menuCb } from "../../src/features/menu/menu.keyboards.js";

const t = createTranslator({ defaultLocale: "ru" }).forLocale("ru");
const data = (kb: ReturnType<typeof mainMenuKeyboard>) => kb.inline_keyboard.flat().map((b) => ("callback_data" in b ? b.callback_data : ""));

describe("main menu", () => {
  it("adds the slices' buttons after the built-in ones, two to a row, to the roles they name", () => {
    const extra = [
      { action: "groups", label: "menu-library" },
      { action: "contests", label: "menu-events" },
      { action: "jury", label: "menu-admin", roles: ["ADMIN"] as const },
    ];
    const plain = mainMenuKeyboard(t, "MEMBER");
    const member = mainMenuKeyboard(t, "MEMBER", { extra });
    expect(data(member).slice(0, data(plain).length)).toEqual(data(plain));
    expect(data(member).slice(data(plain).length)).toEqual([menuCb.pack("groups"), menuCb.pack("contests")]);
    expect(member.inline_keyboard.at(-1)!.map((b) => b.text)).toEqual([t("menu-library"), t("menu-events")]);
    expect(data(mainMenuKeyboard(t, "ADMIN", { extra }))).toContain(menuCb.pack("jury"));
  });
});
