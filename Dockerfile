# syntax=docker/dockerfile:1
# The Parley bridge as a container: multi-stage, runs as the unprivileged `node` user.
#   docker build -t parley-bridge .                 # the bridge (default target)
#   docker build -t parley-ada-sim --target ada-sim . # the local Ada simulator, for trying it out (compose.yaml)
# Settings come from the environment (README, "The bridge"); HOST defaults to 0.0.0.0 here.

# 1. Everything, with dev dependencies: builds widget.js, the chat file and dist/bridge/main.js.
FROM node:20-bookworm-slim AS build
# better-sqlite3 is compiled from source (.prebuild-installrc), so the build stage needs a C++ toolchain.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .prebuild-installrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# 2. Production dependencies only (the native addon compiled once more against the same Node).
FROM build AS prod-deps
RUN npm prune --omit=dev --no-audit --no-fund

# 3. The simulator (a dev tool: it runs TypeScript through tsx).
FROM build AS ada-sim
USER node
ENV ADA_SIM_HOST=0.0.0.0 ADA_SIM_PORT=4010
EXPOSE 4010
CMD ["npx", "tsx", "demo/ada-sim/cli.ts"]

# 4. The bridge: compiled JavaScript, production node_modules, the built widget; nothing else.
FROM node:20-bookworm-slim AS bridge
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8787 DATA_DIR=/data MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=prod-deps /app/package.json ./package.json
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8787
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM drains: streams are told to reconnect (to another instance), in-flight Ada calls finish.
STOPSIGNAL SIGTERM
CMD ["node", "dist/bridge/main.js"]
