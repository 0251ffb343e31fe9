# fix: missing-timeout
from requests import get


def ping():
    return get("https://status.example.com", timeout=10)
