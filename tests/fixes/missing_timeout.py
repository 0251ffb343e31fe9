# fix: missing-timeout
import requests


def charge(payload):
    response = requests.post(
        "https://pay.example.com/charges",
        json=payload,
    )
    return response.json()
