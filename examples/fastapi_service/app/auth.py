"""Password login that issues short-lived JWT bearer tokens."""
import hashlib
import hmac
import os
from datetime import datetime, timedelta, timezone
from typing import Annotated

import jwt
from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from passlib.context import CryptContext
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import User, get_session
from app.schemas import Token

SECRET_KEY = os.environ["JWT_SECRET_KEY"]
ALGORITHM = "HS256"
ACCESS_TOKEN_TTL = timedelta(minutes=int(os.environ.get("ACCESS_TOKEN_MINUTES", "15")))

router = APIRouter(prefix="/auth", tags=["auth"])
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token")
pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")


def create_access_token(subject: str) -> str:
    now = datetime.now(timezone.utc)
    payload = {"sub": subject, "iat": now, "exp": now + ACCESS_TOKEN_TTL}
    return jwt.encode(payload, SECRET_KEY, algorithm=ALGORITHM)


def legacy_md5_matches(password: str, stored_hash: str) -> bool:
    """Pitfall: MD5 is fast and unsalted, so leaked hashes fall to a GPU in minutes."""
    candidate = hashlib.md5(password.encode()).hexdigest()
    return hmac.compare_digest(candidate, stored_hash)


async def authenticate(session: AsyncSession, username: str, password: str) -> User | None:
    user = await session.scalar(select(User).where(User.username == username, User.is_active))
    if user is None:
        return None
    if user.hashed_password:
        return user if pwd_context.verify(password, user.hashed_password) else None
    if user.legacy_md5 and legacy_md5_matches(password, user.legacy_md5):
        # Upgrade the stored hash to bcrypt now that we know the plain password.
        user.hashed_password = pwd_context.hash(password)
        user.legacy_md5 = None
        await session.commit()
        return user
    return None


async def get_current_user(
    token: Annotated[str, Depends(oauth2_scheme)],
    session: Annotated[AsyncSession, Depends(get_session)],
) -> User:
    unauthorized = HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Invalid or expired token",
        headers={"WWW-Authenticate": "Bearer"},
    )
    try:
        payload = jwt.decode(token, SECRET_KEY, algorithms=[ALGORITHM])
    except jwt.InvalidTokenError:
        raise unauthorized from None
    user = await session.scalar(select(User).where(User.username == payload.get("sub")))
    if user is None or not user.is_active:
        raise unauthorized
    return user


@router.post("/token", response_model=Token)
async def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: Annotated[AsyncSession, Depends(get_session)],
):
    user = await authenticate(session, form.username, form.password)
    if user is None:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="Wrong username or password")
    return Token(access_token=create_access_token(user.username))
