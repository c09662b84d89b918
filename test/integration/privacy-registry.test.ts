// Item 2 of issue 9: /mydata left out event registrations, feedback, organised
// events, broadcasts and more, because nothing made a new table with personal
// data show up there. Now every slice declares its personal data
// (src/features/*/*.personal-data.ts, each slice's `personalData` in src/features/index.ts), and
// this test reads prisma/schema.prisma with Prisma's own parser and fails when
// a model that points at a member is declared by no slice. Before the registry
// existed it failed listing Event, EventRegistration, EventFeedback, Broadcast,
// CommunitySetting (and, for erasure, every model but Member and Profile).
//
// "Points at a member": a relation to Member; an Int column named like a
// member reference (memberId, …ById, …MemberId); or a BigInt column that is
// not the primary key (Telegram user and chat ids are BigInt).

import { readFile } from "node:fs/promises";
import path from "node:path";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { describe, expect, it } from "vitest";
import { PERSONAL_DATA } from "../../src/features/index.js";

interface Field {
  name: string;
  kind: string;
  type: string;
  isId: boolean;
  relationName?: string;
}
interface Model {
  name: string;
  fields: Field[];
  primaryKey: { fields: string[] } | null;
}

async function schemaModels(): Promise<Model[]> {
  const text = await readFile(path.resolve(import.meta.dirname, "../../prisma/schema.prisma"), "utf8");
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", text]], noColor: true }))) as { datamodel: { models: Model[] } };
  return dmmf.datamodel.models;
}

/** The fields that make a model hold personal data (empty: it holds none). */
function memberPointers(model: Model): string[] {
  const primary = new Set(model.primaryKey?.fields ?? []);
  return model.fields
    .filter((f) => {
      if (f.kind === "object") return f.type === "Member";
      if (f.kind !== "scalar") return false;
      if (f.type === "BigInt") return !f.isId && !primary.has(f.name);
      return f.type === "Int" && /^(memberId|telegramId|\w*ById|\w*MemberId|\w*ChatId)$/.test(f.name);
    })
    .map((f) => f.name);
}

function undeclared(models: Model[], declared: ReadonlySet<string>): Record<string, string[]> {
  const missing: Record<string, string[]> = {};
  for (const model of models) {
    const fields = memberPointers(model);
    if (fields.length > 0 && !declared.has(model.name)) missing[model.name] = fields;
  }
  return missing;
}

const declared = new Set(PERSONAL_DATA.flatMap((d) => d.models));

describe("personal data registry", () => {
  it("declares every model of the schema that points at a member", async () => {
    const models = await schemaModels();
    // The message names each undeclared model and the fields that point at a member.
    expect(undeclared(models, declared)).toEqual({});
  });

  it("finds the models it should (the detector is not blind)", async () => {
    const models = await schemaModels();
    const personal = models.filter((m) => memberPointers(m).length > 0).map((m) => m.name);
    for (const name of [
      "Member",
      "Profile",
      "ProfileSubject",
      "AuditLog",
      "Material",
      "MaterialComment",
      "Event",
      "EventRegistration",
      "EventFeedback",
      "Broadcast",
      "DigestSubscription",
      "Delivery",
      "CommunitySetting",
    ]) {
      expect(personal).toContain(name);
    }
    // Reference data holds nothing about members.
    for (const name of ["Subject", "Grade", "Region", "MaterialSearchWord"]) expect(personal).not.toContain(name);
    expect(memberPointers(models.find((m) => m.name === "Broadcast")!)).toEqual(expect.arrayContaining(["sourceChatId", "statusChatId", "cancelledById", "author"]));
  });

  it("fails for a new model with a member relation or a Telegram id that no slice declares", () => {
    const sneaky: Model = {
      name: "Certificate",
      primaryKey: null,
      fields: [
        { name: "id", kind: "scalar", type: "Int", isId: true },
        { name: "holderId", kind: "scalar", type: "Int", isId: false },
        { name: "holder", kind: "object", type: "Member", isId: false, relationName: "CertificateHolder" },
      ],
    };
    const chat: Model = {
      name: "GroupLink",
      primaryKey: null,
      fields: [
        { name: "id", kind: "scalar", type: "Int", isId: true },
        { name: "telegramUserId", kind: "scalar", type: "BigInt", isId: false },
      ],
    };
    expect(undeclared([sneaky, chat], declared)).toEqual({ Certificate: ["holder"], GroupLink: ["telegramUserId"] });
  });

  it("declares only models that exist, each slice once", async () => {
    const names = new Set((await schemaModels()).map((m) => m.name));
    for (const d of PERSONAL_DATA) for (const m of d.models) expect(names, `${d.slice}: ${m}`).toContain(m);
    const slices = PERSONAL_DATA.map((d) => d.slice);
    expect(new Set(slices).size).toBe(slices.length);
  });
});
