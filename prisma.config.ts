import { defineConfig } from "prisma/config";

// The URL is only needed by CLI commands that talk to the database
// (`prisma migrate deploy`, `prisma studio`); `prisma generate` does not use it.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/teachers_bot",
  },
});
