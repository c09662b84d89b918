import { createPrisma } from "../src/db/prisma.js";
import pg from "pg";
const prisma = createPrisma("postgresql://postgres@127.0.0.1:5432/tb_bench_search", { max: 1 });
for (let i = 0; i < 30; i++) { const t = performance.now(); await prisma.$queryRaw`SELECT 1`; if (i % 5 === 4) console.log("prisma select1", (performance.now() - t).toFixed(2)); }
for (let i = 0; i < 10; i++) { const t = performance.now(); await prisma.$queryRaw`SELECT ${i}::int`; if (i % 5 === 4) console.log("prisma select $1", (performance.now() - t).toFixed(2)); }
const c = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/tb_bench_search" }); await c.connect();
for (let i = 0; i < 10; i++) { const t = performance.now(); await c.query("SELECT $1::int", [i]); if (i % 5 === 4) console.log("pg select $1", (performance.now() - t).toFixed(2)); }
await c.end();
await prisma.$disconnect();
