#!/bin/sh
# `prisma generate` does not use the schema engine, but the CLI tries to
# download one unless PRISMA_SCHEMA_ENGINE_BINARY names an existing file.
# Machines without access to Prisma's binary host (CI here) need the stand-in.
set -e
if [ -z "$PRISMA_SCHEMA_ENGINE_BINARY" ]; then
  PRISMA_SCHEMA_ENGINE_BINARY="$(readlink -f "$0")"
  export PRISMA_SCHEMA_ENGINE_BINARY
fi
exec prisma generate "$@"
