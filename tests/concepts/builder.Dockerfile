# concepts: docker-multi-stage, docker-layer-caching, docker-add, docker-add-url, docker-cmd-entrypoint, docker-user, container-healthcheck, runs-as-root, unpinned-image, package-cache-in-layer, hardcoded-secret
# Package caches in a builder stage (one COPY --from takes files from) stay behind. The stages
# the final one is built FROM ship their layers, also when a build argument picks one, and so
# does a stage nobody copies from (a --target of its own).
ARG DISTRO=debian
FROM python:3.12-slim AS build
RUN apt-get update && apt-get install -y gcc
#                     ^^^^^^^^^^^^^^^ !package-cache-in-layer
RUN pip install -r requirements.txt
#   ^^^^^^^^^^^ !package-cache-in-layer
FROM build AS test
RUN pip install pytest
#   ^^^^^^^^^^^ package-cache-in-layer
FROM debian:bookworm-slim AS runtime-debian
RUN apt-get update && apt-get install -y libpq5
#                     ^^^^^^^^^^^^^^^ package-cache-in-layer
FROM alpine:3.20 AS runtime-alpine
RUN apk add libpq
#   ^^^^^^^ package-cache-in-layer
FROM runtime-${DISTRO}
#    ^^^^^^^^^^^^^^^^^ !unpinned-image
COPY --from=build /venv /venv
#    ^^^^^^^^^^^^ docker-multi-stage
RUN pip install gunicorn
#   ^^^^^^^^^^^ package-cache-in-layer
USER app
#    ^^^ docker-user
