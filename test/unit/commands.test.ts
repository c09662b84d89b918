import { describe, expect, it } from "vitest";
import { CommandMenu } from "../../src/bot/commands.js";
import { FEATURES } from "../../src/features/index.js";
import { createTranslator } from "../../src/bot/i18n.js";
import { MEMBER_ROLES } from "../../src/features/members/members.types.js";

// The menus the slices declare (src/features/index.ts).
const menu = new CommandMenu(FEATURES);
const commandsFor = (role: Parameters<CommandMenu["commandsFor"]>[0]) => menu.commandsFor(role);
const COMMANDS = menu.byRole;
const commandList = (...args: Parameters<CommandMenu["list"]>) => menu.list(...args);

describe("commandsFor", () => {
  it("gives each role the commands of the roles below it (MEMBER ⊂ MODERATOR ⊂ ADMIN)", () => {
    const member = commandsFor("MEMBER");
    const moderator = commandsFor("MODERATOR");
    const admin = commandsFor("ADMIN");
    expect(moderator.slice(0, member.length)).toEqual(member);
    expect(admin.slice(0, moderator.length)).toEqual(moderator);
    expect(admin.length).toBeGreaterThan(member.length);
  });

  it("gives /admin to admins only", () => {
    expect(commandsFor("ADMIN")).toContain("admin");
    expect(commandsFor("MODERATOR")).not.toContain("admin");
    expect(commandsFor("MEMBER")).not.toContain("admin");
  });

  it("gives every member /start, /help and /cancel", () => {
    expect(commandsFor("MEMBER")).toEqual(expect.arrayContaining(["start", "help", "cancel"]));
  });

  it.each(MEMBER_ROLES)("lists no command twice for %s", (role) => {
    const commands = commandsFor(role);
    expect(new Set(commands).size).toBe(commands.length);
  });

  it("groups get only group commands: /report for everyone, staff commands for the group's administrators", () => {
    expect(menu.inGroups.everyone).toEqual(["report"]);
    expect(menu.inGroups.administrators).toEqual(expect.arrayContaining(["report", "warn", "mute", "unmute", "ban", "unban", "link", "unlink"]));
    // Nothing of the private chat's menu (a member's /profile in a group would be answered nowhere).
    expect(menu.inGroups.administrators.filter((c) => commandsFor("ADMIN").includes(c))).toEqual([]);
    expect(new Set(menu.inGroups.administrators).size).toBe(menu.inGroups.administrators.length);
  });

  it("uses only names Telegram accepts (/^[a-z0-9_]{1,32}$/)", () => {
    for (const command of [...Object.values(COMMANDS).flat(), ...menu.inGroups.administrators]) {
      expect(command).toMatch(/^[a-z0-9_]{1,32}$/);
    }
  });
});

describe("commandList", () => {
  // Uses the project's locales/: every command shown in a menu needs a description there.
  const translator = createTranslator({ defaultLocale: "ru" });

  it.each(["ru", "en"])("has a description of 1-256 characters for every admin command in %s", (locale) => {
    const list = commandList(translator, locale, "ADMIN");
    expect(list.map((c) => c.command)).toEqual(commandsFor("ADMIN"));
    for (const { command, description } of list) {
      expect(description, command).not.toMatch(/^\{.*\}$/);
      expect(description.length, command).toBeGreaterThanOrEqual(1);
      expect(description.length, command).toBeLessThanOrEqual(256);
    }
  });
});
