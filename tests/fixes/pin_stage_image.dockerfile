# fix: unpinned-image
FROM python:3.12-slim AS build
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:latest
COPY --from=build /wheels /wheels
USER app
