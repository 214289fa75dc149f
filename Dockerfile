# syntax=docker/dockerfile:1
# One image for all four services; the command picks the app (see docker-compose.yml):
#   docker build -t barbershop-booking .
#   docker run --rm barbershop-booking node dist/apps/booking/src/main.js
# or build with `--build-arg APP=booking` to make that app the default command.

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV SCARF_ANALYTICS=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false
COPY package.json package-lock.json ./
RUN npm ci
COPY .swcrc tsconfig.json nest-cli.json ./
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
# The local Stripe stand-in (dev only): docker-compose.yml runs it from this image when no
# STRIPE_SECRET_KEY is given.
COPY tools ./tools
# scripts/build.mjs also compiles test/ (fixtures the tests spawn); it is small.
COPY test ./test
RUN node scripts/build.mjs \
 && rm -rf dist/test \
 && npm prune --omit=dev \
 && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
ARG APP=gateway
# MALLOC_ARENA_MAX: glibc's per-thread malloc arenas otherwise keep ~50 MB the password hashes
# (libuv's thread pool) once used; two are plenty for one event loop. NODE_OPTIONS: V8's heap
# otherwise grows lazily under load (230–280 MB per service); see scripts/start.mjs.
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    NODE_OPTIONS="--max-semi-space-size=4 --max-old-space-size=160" \
    APP=${APP}
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The official image ships an unprivileged `node` user (uid 1000); files stay root-owned, read-only to it.
USER node
EXPOSE 3000 3001 3002 3003 4001 4002 4003
# Run with an init (`docker run --init`, `init: true` in compose): Nest re-raises SIGTERM after its
# shutdown hooks, and PID 1 ignores signals it has no handler for. `exec` lets node get the signal.
CMD ["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
