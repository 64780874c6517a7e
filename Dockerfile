# syntax=docker/dockerfile:1
# One image for every service of the issuer platform; the service is chosen at run time:
#   docker build -t issuer-platform .
#   docker run issuer-platform kms            (or -e SERVICE=kms; see deploy/container/entrypoint.ts)
#   docker run issuer-platform migrate        (the Helm pre-install/pre-upgrade Job)
# Node 20 LTS on Debian bookworm-slim (glibc: the prebuilt native modules of cbor-extract and embedded-postgres fit).
ARG NODE_IMAGE=node:20-bookworm-slim

# --- manifests: only package.json files and the lockfile, so the dependency layers are cached until they change.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /manifests/ \; \
 && cp package-lock.json /manifests/

# --- build: every dependency (SWC is a dev dependency), then the SWC build to dist/. Tests and their helpers are
# dropped: specs, the e2e suite, libs/testing, the bench, and each app's test/ folder (the fakes of AWS KMS, Azure
# Key Vault, OCI Vault and Vault); the build fails if a fake is left.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY --from=manifests /manifests/ ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node tools/build.mjs \
 && find dist -name '*.spec.js*' -o -name '*.int-spec.js*' -o -name '*.e2e-spec.js*' | xargs rm -f \
 && rm -rf dist/e2e dist/libs/testing dist/tools/bench dist/deploy/chart-tests dist/apps/*/test \
 && if find dist -name '*.fake.js' | grep .; then echo 'test fakes left in dist/' >&2; exit 1; fi

# --- prod-deps: production dependencies only.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /src
COPY --from=manifests /manifests/ ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime: non-root, no build tools, no sources.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    SERVICE=issuer-api
WORKDIR /app
COPY --from=prod-deps --chown=root:root /src/node_modules ./node_modules
COPY --from=build --chown=root:root /src/dist ./dist
COPY --from=build --chown=root:root /src/package.json ./package.json
# The image's files belong to root and are read-only for the app user (uid 1000, "node" in the base image);
# standalone mode writes only to DATA_DIR.
RUN mkdir -p /data && chown 1000:1000 /data
ENV DATA_DIR=/data
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/deploy/container/healthcheck.js"]
ENTRYPOINT ["node", "--enable-source-maps", "dist/deploy/container/entrypoint.js"]
