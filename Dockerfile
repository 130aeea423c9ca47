# customs-aml detector image: multi-stage, runs as the unprivileged `node` user.
#   docker build -t customs-aml .
#   docker run --rm -p 127.0.0.1:9464:9464 -e KAFKA_BROKERS=... -e CLICKHOUSE_URL=... customs-aml
# Build stage: all dependencies, compile src/ to dist/, then drop the dev dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: see .ci/run (the lock cannot list every platform's optional binaries).
RUN npm install --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: Node, the compiled code, production dependencies and the data files only.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./
COPY --chown=root:root bin ./bin
COPY --chown=root:root config ./config
COPY --chown=root:root migrations ./migrations
COPY --chown=root:root queries ./queries
COPY --chown=root:root schemas ./schemas
COPY --chown=root:root data/sample ./data/sample
COPY --chown=root:root deploy/load-sample.mjs ./deploy/load-sample.mjs
# Code and config are read-only to the process; only its store folder is writable.
RUN mkdir -p /var/lib/customs-aml && chown node:node /var/lib/customs-aml
ENV CUSTOMS_AML_STORE=/var/lib/customs-aml
USER node
EXPOSE 9464
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/customs-aml.js"]
CMD ["run", "--config", "config"]
