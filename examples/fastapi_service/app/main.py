"""Inventory service: `uvicorn app.main:app --reload`."""
import logging
import os
import time
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from app import auth, events
from app.db import Base, engine
from app.routers import items

logger = logging.getLogger("inventory")


@asynccontextmanager
async def lifespan(app: FastAPI):
    # Startup: create missing tables (Alembic migrations do the real work in production).
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    logger.info("inventory service started")
    yield
    # Shutdown: close the pooled database connections cleanly.
    await engine.dispose()


app = FastAPI(
    title="Inventory service",
    version="1.0.0",
    lifespan=lifespan,
    docs_url="/docs",
    openapi_url="/openapi.json",
)

app.add_middleware(
    CORSMiddleware,
    allow_origins=os.environ.get("CORS_ORIGINS", "http://localhost:5173").split(","),
    allow_credentials=True,
    allow_methods=["GET", "POST", "PATCH", "DELETE"],
    allow_headers=["Authorization", "Content-Type"],
)


@app.middleware("http")
async def add_timing_header(request: Request, call_next):
    started = time.perf_counter()
    response = await call_next(request)
    elapsed_ms = (time.perf_counter() - started) * 1000
    response.headers["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
    if elapsed_ms > 500:
        logger.warning("slow request %s %s took %.0f ms", request.method, request.url.path, elapsed_ms)
    return response


@app.exception_handler(IntegrityError)
async def integrity_error_handler(request: Request, exc: IntegrityError):
    # A unique constraint (e.g. a duplicate SKU) lost a race: a conflict, not a server error.
    logger.info("integrity error on %s: %s", request.url.path, exc.orig)
    return JSONResponse(status_code=409, content={"detail": "Conflicts with an existing record"})


app.include_router(items.router, prefix="/api/v1")
app.include_router(auth.router, prefix="/api/v1")
app.include_router(events.router)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    uvicorn.run("app.main:app", host="0.0.0.0", port=int(os.environ.get("PORT", "8000")), reload=True)
