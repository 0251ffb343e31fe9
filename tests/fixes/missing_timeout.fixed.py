# fix: missing-timeout
import requests


def charge(payload):
    response = requests.post(
        "https://pay.example.com/charges",
        json=payload,
        timeout=10,
    )
    return response.json()
