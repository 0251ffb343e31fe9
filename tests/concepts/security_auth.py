# concepts: jwt, oauth2, password-hashing, weak-password-hash, encryption, cors
import hashlib
from datetime import datetime, timedelta, timezone

import bcrypt
import jwt
#      ^^^ jwt
from cryptography.fernet import Fernet
from django.contrib.auth.hashers import check_password, make_password
from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from passlib.context import CryptContext
from rest_framework_simplejwt.views import TokenObtainPairView
#    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ jwt

app = FastAPI()
#     ^^^^^^^ !cors
app.add_middleware(CORSMiddleware, allow_origins=["https://shop.example.com"], allow_methods=["*"])
#                  ^^^^^^^^^^^^^^ cors
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")
#               ^^^^^^^^^^^^^^^^^^^^ oauth2
#                                    ^^^^^^^^ !oauth2
pwd_context = CryptContext(schemes=["argon2", "bcrypt"], deprecated="auto")
#             ^^^^^^^^^^^^ password-hashing

CORS_ALLOWED_ORIGINS = ["https://shop.example.com"]
# <- cors
CORS_ALLOW_ALL_ORIGINS = False
# <- cors
INSTALLED_APPS = ["corsheaders", "rest_framework_simplejwt"]
#                  ^^^^^^^^^^^ cors
#                                 ^^^^^^^^^^^^^^^^^^^^^^^^ jwt
ALLOWED_ORIGINS_NOTE = "configure CORS in the proxy"
#                       ^^^^^^^^^^^^^^ !cors


def issue_token(user_id, secret):
    claims = {"sub": str(user_id), "exp": datetime.now(timezone.utc) + timedelta(minutes=15)}
#   ^^^^^^ !jwt
    return jwt.encode(claims, secret, algorithm="HS256")
#          ^^^^^^^^^^ jwt


def read_token(token, secret):
    return jwt.decode(token, secret, algorithms=["HS256"])
#          ^^^^^^^^^^ jwt


async def login(form: OAuth2PasswordRequestForm = Depends()):
#                     ^^^^^^^^^^^^^^^^^^^^^^^^^ oauth2
    return {"access_token": form.username}
#            ^^^^^^^^^^^^ !jwt


def store_password(raw_password):
    return make_password(raw_password)
#          ^^^^^^^^^^^^^ password-hashing


def verify(raw, hashed, user):
    return check_password(raw, hashed) or bcrypt.checkpw(raw.encode(), hashed)
#          ^^^^^^^^^^^^^^ password-hashing
#                                         ^^^^^^^^^^^^^^ password-hashing


def legacy_hash(password):
#   ^^^^^^^^^^^ !password-hashing
    return hashlib.md5(password.encode()).hexdigest()
#          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ weak-password-hash


def legacy_hash_salted(user, salt):
    digest = hashlib.sha256((salt + user.password).encode()).hexdigest()
#            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ weak-password-hash
    return digest


def file_checksum(data):
    # Hashing file contents for integrity is what md5/sha256 are for.
    return hashlib.sha256(data).hexdigest(), hashlib.md5(data).hexdigest()
#          ^^^^^^^^^^^^^^^^^^^^ !weak-password-hash
#                                            ^^^^^^^^^^^^^^^^^ !weak-password-hash
#          ^^^^^^^^^^^^^^ !password-hashing


def derive(password, salt):
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)
#          ^^^^^^^^^^^^^^^^^^^ password-hashing


def encrypt_card(key, number):
    box = Fernet(key)
#         ^^^^^^ encryption
    return box.encrypt(number.encode())
#          ^^^^^^^^^^^ !encryption


def new_key():
    return Fernet.generate_key()
#          ^^^^^^^^^^^^^^^^^^^ encryption


pair_view = TokenObtainPairView.as_view()
#           ^^^^^^^^^^^^^^^^^^^ jwt
