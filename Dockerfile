# syntax=docker/dockerfile:1
# The gateway's container image, built from the lock file (docs/deploy.md says how to build and run it).
#
#   docker build -t bepaid-gateway .
#   docker run --rm -p 4000:4000 -e BEPAID_API_URL=https://api.bepaid.by \
#     -e BEPAID_SHOP_ID=… -e BEPAID_SECRET_KEY=… -e GATEWAY_TOKENS=… bepaid-gateway
#
# test/deployment.test.ts replays the runtime stage outside a container from this file's own
# COPY, ENV, RUN and CMD lines, so keep each instruction on one line.

# Build: every dependency, then the TypeScript compiled into dist/.
FROM node:24-slim AS build
WORKDIR /app
# The manifest and lock first, so the install layer is reused until they change.
COPY package.json package-lock.json ./
# No install scripts: every dependency runs as published (the project has none of its own).
# npm's cache is a build cache mount, so no downloaded tarball stays in a layer.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime: production dependencies and dist/ only, as an unprivileged user.
FROM node:24-slim AS runtime
ENV NODE_ENV=production
ENV HOST=0.0.0.0
ENV PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /app/dist ./dist
# The slim image's unprivileged user; the gateway writes nothing to disk.
USER node
EXPOSE 4000
# Node itself asks /healthz: the slim image has no curl or wget.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node as PID 1 gets SIGTERM itself and drains (GATEWAY_SHUTDOWN_TIMEOUT_MS) before it exits.
CMD ["node", "dist/main.js"]
