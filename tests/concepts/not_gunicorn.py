# concepts: uvicorn-gunicorn
# One variable named like a gunicorn setting is not a gunicorn config.
workers = 4
# <- !uvicorn-gunicorn


def bind(socket, address):
#   ^^^^ !uvicorn-gunicorn
    socket.bind(address)
