# The `yearend` image: the compiled CLI on Node 20, run as the unprivileged user `node`.
# docker-compose.yml runs it as `migrate` (once) and `worker`; any other command works too:
#   docker compose run --rm worker status
# Two stages: the build stage has the dev dependencies (TypeScript) and compiles src/, jobs/,
# reports/ to dist/; the runtime stage has the production dependencies and dist/ only.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` (the build) needs the sources, copied next; run it explicitly below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY jobs ./jobs
COPY reports ./reports
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would compile, and the compiler is a dev dependency; dist/ comes
# from the build stage. (No runtime dependency needs its install script: msgpackr-extract, used
# by bullmq, ships prebuilt binaries and falls back to JavaScript.)
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# read at run time from beside the code: the migrations and the SQL queries (src/package-root.ts)
COPY sql ./sql
# The output folder (workbooks, payment lists, rejection reports) belongs to the user that writes
# it; a named volume mounted here takes over this owner.
RUN mkdir -p /data/output && chown node:node /data/output
ENV OUTPUT_DIR=/data/output
USER node
# exec form: node gets SIGTERM itself (`docker stop`), and `yearend worker` finishes its chunk first
ENTRYPOINT ["node", "dist/src/cli/yearend.js"]
CMD ["worker"]
