# syntax=docker/dockerfile:1
# Node 24 is the active LTS line (Node 20 left support in April 2026).
# Build stage: compile TypeScript with the dev dependencies.
FROM node:24-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies only, non-root user, data on a volume.
FROM node:24-trixie-slim AS runtime
# --max-semi-space-size=4 (MB), as `npm start`: V8's young generation otherwise grows to 2 × 16 MB
# while the knowledge base loads and stays resident afterwards, a fifth of the bot's memory at 5,000
# articles (bench section 7). In NODE_OPTIONS so shard processes get it too.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=4 \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY knowledge ./knowledge
# The PostgreSQL engine applies these at start-up (DATABASE_URL); they are read from src/, not compiled.
COPY src/store/postgres/migrations ./src/store/postgres/migrations
COPY public ./public
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Liveness only: a platform reconnecting or a full disk makes /readyz fail, which must not get the
# container restarted. Point an orchestrator's readiness probe at /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node directly (not npm): SIGTERM from `docker stop` reaches the bot, which shuts down cleanly.
CMD ["node", "dist/src/main.js"]
