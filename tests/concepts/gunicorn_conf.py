# concepts: uvicorn-gunicorn
# A gunicorn.conf.py: settings are module-level variables.
import multiprocessing

bind = "0.0.0.0:8000"
# <- uvicorn-gunicorn
workers = multiprocessing.cpu_count() * 2 + 1
# <- uvicorn-gunicorn
worker_class = "uvicorn_worker.UvicornWorker"
# <- uvicorn-gunicorn
#               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ uvicorn-gunicorn
timeout = 30
# <- !uvicorn-gunicorn
