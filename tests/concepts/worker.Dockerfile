# concepts: docker-multi-stage, docker-layer-caching, docker-add, docker-add-url, docker-cmd-entrypoint, docker-user, container-healthcheck, runs-as-root, unpinned-image, package-cache-in-layer, hardcoded-secret
# A quick image with the usual shortcuts: each is a pitfall.
FROM python
#    ^^^^^^ unpinned-image
# <- runs-as-root
ARG PYPI_TOKEN=pypi-AgEIcHlwaS5vcmc
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ hardcoded-secret
ARG GIT_SHA=unknown
#   ^^^^^^^ !hardcoded-secret
ENV DATABASE_PASSWORD=hunter2 CELERY_CONCURRENCY=4
#   ^^^^^^^^^^^^^^^^^^^^^^^^^ hardcoded-secret
#                             ^^^^^^^^^^^^^^^^^^ !hardcoded-secret
ENV API_TOKEN=${API_TOKEN}
#   ^^^^^^^^^ !hardcoded-secret
RUN apt-get update && apt-get install -y gcc libpq-dev
#                     ^^^^^^^^^^^^^^^ package-cache-in-layer
RUN apk add --virtual .deps musl-dev
#   ^^^^^^^ package-cache-in-layer
WORKDIR /app
COPY . .
COPY requirements.txt .
#    ^^^^^^^^^^^^^^^^ !docker-layer-caching
RUN pip install -r requirements.txt
#   ^^^^^^^^^^^ package-cache-in-layer
RUN python3 -m pip install celery[redis]
#   ^^^^^^^^^^^^^^^^^^^^^^ package-cache-in-layer
RUN uv pip install --system flower
#      ^^^^^^^^^^^ !package-cache-in-layer
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ docker-add-url
#   ^^^^^ !docker-add
ADD vendor.tar.gz /opt/vendor/
# <- docker-add
#   ^^^^^^^^^^^^^ !docker-add-url
HEALTHCHECK NONE
#           ^^^^ !container-healthcheck
CMD celery -A shop worker
# <- docker-cmd-entrypoint
