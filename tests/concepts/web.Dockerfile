# concepts: docker-multi-stage, docker-layer-caching, docker-add, docker-add-url, docker-cmd-entrypoint, docker-user, container-healthcheck, runs-as-root, unpinned-image, package-cache-in-layer, hardcoded-secret
# A production image: dependencies before code, a build stage, a non-root user.
FROM python:3.12-slim AS build
#    ^^^^^^^^^^^^^^^^ !unpinned-image
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY requirements.txt .
#    ^^^^^^^^^^^^^^^^ docker-layer-caching
RUN pip install --no-cache-dir -r requirements.txt
#   ^^^^^^^^^^^ !package-cache-in-layer
COPY . .
COPY setup.cfg .
#    ^^^^^^^^^ !docker-layer-caching
RUN python -m build --wheel

FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
#                     ^^^^^^^^^^^^^^^ !package-cache-in-layer
COPY --from=build /src/dist/*.whl /tmp/
#    ^^^^^^^^^^^^ docker-multi-stage
COPY --chown=app:app static/ /app/static/
#    ^^^^^^^^^^^^^^^ !docker-multi-stage
RUN --mount=type=cache,target=/root/.cache/pip pip install /tmp/*.whl
#                                              ^^^^^^^^^^^ !package-cache-in-layer
ENV DJANGO_SECRET_KEY_FILE=/run/secrets/django DJANGO_DEBUG=0
#   ^^^^^^^^^^^^^^^^^^^^^^ !hardcoded-secret
RUN useradd --create-home app
USER app
#    ^^^ docker-user
HEALTHCHECK --interval=30s CMD curl -f http://localhost:8000/health || exit 1
# <- container-healthcheck
#                          ^^^ !docker-cmd-entrypoint
EXPOSE 8000
ENTRYPOINT ["gunicorn"]
# <- docker-cmd-entrypoint
CMD ["shop.wsgi", "--bind", "0.0.0.0:8000"]
# <- docker-cmd-entrypoint
