# concepts: docker-multi-stage, docker-layer-caching, docker-add, docker-add-url, docker-cmd-entrypoint, docker-user, container-healthcheck, runs-as-root, unpinned-image, package-cache-in-layer, hardcoded-secret
# The last stage switches back to root, and the base is an earlier stage.
FROM node:latest AS assets
#    ^^^^^^^^^^^ unpinned-image
COPY package.json package-lock.json ./
#    ^^^^^^^^^^^^ docker-layer-caching
RUN npm ci && npm run build

FROM python:3.12-alpine@sha256:0d4c1ec0e8ebd5dd3bb93a43c5f7aad8a6a1b7d8e1f6c5f0a9b8c7d6e5f4a3b2 AS base
#    ^^^^^^^^^^^^^^^^^^ !unpinned-image
RUN apk add --no-cache libpq
#   ^^^^^^^ !package-cache-in-layer
ENV PIP_NO_CACHE_DIR=1
COPY pyproject.toml poetry.lock ./
#    ^^^^^^^^^^^^^^ docker-layer-caching
#                   ^^^^^^^^^^^ !docker-layer-caching
RUN pip install poetry && poetry install --no-root
#   ^^^^^^^^^^^ !package-cache-in-layer
USER nobody
#    ^^^^^^ docker-user

FROM base
#    ^^^^ !unpinned-image
# <- !runs-as-root
COPY --from=assets /app/dist /srv/static
#    ^^^^^^^^^^^^^ docker-multi-stage
USER root
#    ^^^^ runs-as-root
#    ^^^^ !docker-user
ENTRYPOINT ["/srv/entrypoint.sh"]
# <- docker-cmd-entrypoint
