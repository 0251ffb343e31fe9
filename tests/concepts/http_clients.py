# concepts: http-client, missing-timeout, retry
import aiohttp
import backoff
import httpx
import requests
from requests.adapters import HTTPAdapter
from tenacity import retry, stop_after_attempt, wait_exponential
from urllib3.util.retry import Retry


@retry(stop=stop_after_attempt(3), wait=wait_exponential(multiplier=0.5))
# <- retry
def fetch_rates():
    response = requests.get("https://rates.example.com/latest")
#              ^^^^^^^^^^^^ http-client
#              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ missing-timeout
    response.raise_for_status()
#   ^^^^^^^^ !http-client
    return response.json()
#          ^^^^^^^^ !retry


@backoff.on_exception(backoff.expo, requests.RequestException, max_tries=5)
# <- retry
def notify(url, payload):
    return requests.post(url, json=payload, timeout=5)
#          ^^^^^^^^^^^^^ http-client
#          ^^^^^^^^^^^^^ !missing-timeout


def session_with_retries():
    session = requests.Session()
#             ^^^^^^^^^^^^^^^^ http-client
    session.mount("https://", HTTPAdapter(max_retries=Retry(total=3, backoff_factor=0.5)))
#                                                     ^^^^^ retry
#                             ^^^^^^^^^^^ !retry
    return session


def charge(payload):
    with requests.Session() as s:
#        ^^^^^^^^^^^^^^^^ http-client
        s.post("https://pay.example.com/charge", json=payload)
#       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ missing-timeout
        return s.get("https://pay.example.com/status", timeout=(3, 10))
#              ^^^^^ !missing-timeout


def charge_with_kwargs(payload, **options):
    # **options may carry the timeout: not reported.
    return requests.post("https://pay.example.com/charge", json=payload, **options)
#          ^^^^^^^^^^^^^ http-client
#          ^^^^^^^^^^^^^ !missing-timeout


def modern(url):
    with httpx.Client(timeout=10) as client:
#        ^^^^^^^^^^^^ http-client
        return client.get(url), httpx.get(url)
#                               ^^^^^^^^^ http-client
#              ^^^^^^^^^^ !missing-timeout
#                               ^^^^^^^^^ !missing-timeout


async def crawl(url):
    async with aiohttp.ClientSession() as session:
#              ^^^^^^^^^^^^^^^^^^^^^ http-client
        async with session.get(url) as response:
            return await response.text()
#                        ^^^^^^^^^^^^^ !http-client


def not_http(cache, mapping):
    return cache.get("requests"), mapping.post
#          ^^^^^^^^^ !http-client
#          ^^^^^^^^^ !missing-timeout
