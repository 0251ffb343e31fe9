FROM python:3.12
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
ENV C_FORCE_ROOT=1
CMD ["celery", "-A", "shop", "worker", "--loglevel", "info"]
