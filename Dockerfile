# The ringflow image used by docker-compose.yml (worker, ingress, codec server, simulator: one image,
# the command picks the process). TypeScript runs through tsx, a production dependency, so there is no
# compile step; the one build step is the workflow bundle (webpack comes with @temporalio/worker), made
# here into .ringflow/workflow-bundle/ so a container's worker starts without bundling.

# Stage 1: production dependencies only (no test runner, linters, browser driver or SDK used in tests).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Stage 2: the runtime, as the unprivileged `node` user; nothing it runs can write to the app.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY activities ./activities
COPY agentphone ./agentphone
COPY client ./client
COPY common ./common
COPY outcome ./outcome
COPY simulator ./simulator
COPY stack ./stack
COPY worker ./worker
COPY workflows ./workflows
COPY tsconfig.json ./
COPY scripts/build-workflows.ts ./scripts/
# As root, before USER: the cache stays read-only to the worker, which only reads it (a worker whose
# checks fail bundles in memory and says so in its log; it never needs to write here).
RUN npm run build:workflows
USER node
EXPOSE 8080 9464
CMD ["node", "bin/ringflow.mjs", "worker"]
