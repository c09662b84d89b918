# syntax=docker/dockerfile:1

# ---- build: all dependencies, Prisma client generation, TypeScript → dist/
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No dependency needs its install scripts (Prisma engines are not used: the
# client runs on the pg driver adapter), and skipping them avoids downloads.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY src ./src
# Generates src/generated/prisma, then compiles it with the app into dist/.
RUN npm run build

# ---- runtime: production dependencies, compiled code, migrations, locales
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The app applies prisma/migrations at start, resolved from the package root.
COPY prisma ./prisma
COPY locales ./locales
# Files stay root-owned and read-only for the process.
USER node
EXPOSE 3000
# The slim image has no curl; Node 20 has fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
