# fix: runs-as-root
FROM python:3.12-slim
RUN useradd --create-home app
USER app
WORKDIR /home/app
USER root
RUN apt-get update && apt-get install -y libpq5 && rm -rf /var/lib/apt/lists/*
USER app
ENTRYPOINT ["/home/app/entrypoint.sh"]
