# fix: debug-true
import os

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = True
ALLOWED_HOSTS = ["shop.example.com"]
