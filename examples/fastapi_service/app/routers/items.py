import asyncio
import time
from typing import Annotated

import httpx
import requests
from fastapi import APIRouter, Depends, HTTPException, Path, Query, status
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.auth import get_current_user
from app.db import Item, User, get_session
from app.schemas import ItemCreate, ItemRead, ItemUpdate

router = APIRouter(prefix="/items", tags=["items"])

SessionDep = Annotated[AsyncSession, Depends(get_session)]
SUPPLIER_URL = "https://supplier.example.com/api/prices"


async def get_item_or_404(session: AsyncSession, item_id: int) -> Item:
    item = await session.get(Item, item_id)
    if item is None:
        raise HTTPException(status_code=404, detail=f"Item {item_id} not found")
    return item


@router.get("/", response_model=list[ItemRead])
async def list_items(
    session: SessionDep,
    warehouse_id: Annotated[int | None, Query(gt=0)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
):
    stmt = select(Item).options(selectinload(Item.warehouse)).order_by(Item.sku)
    if warehouse_id is not None:
        stmt = stmt.where(Item.warehouse_id == warehouse_id)
    result = await session.scalars(stmt.offset(offset).limit(limit))
    return result.all()


@router.get("/{item_id}", response_model=ItemRead)
async def read_item(item_id: Annotated[int, Path(gt=0)], session: SessionDep):
    return await get_item_or_404(session, item_id)


@router.post("/", response_model=ItemRead, status_code=status.HTTP_201_CREATED)
async def create_item(payload: ItemCreate, session: SessionDep, user: User = Depends(get_current_user)):
    item = Item(**payload.model_dump())
    session.add(item)
    await session.commit()  # a duplicate SKU raises IntegrityError: app.main maps it to 409
    await session.refresh(item)
    return item


@router.patch("/{item_id}", response_model=ItemRead)
async def update_item(
    item_id: Annotated[int, Path(gt=0)],
    payload: ItemUpdate,
    session: SessionDep,
    user: User = Depends(get_current_user),
):
    item = await get_item_or_404(session, item_id)
    for field, value in payload.model_dump(exclude_unset=True).items():
        setattr(item, field, value)
    await session.commit()
    await session.refresh(item)
    return item


@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[Depends(get_current_user)])
async def delete_item(item_id: Annotated[int, Path(gt=0)], session: SessionDep) -> None:
    item = await get_item_or_404(session, item_id)
    await session.delete(item)
    await session.commit()


@router.get("/{item_id}/supplier-price")
async def supplier_price_blocking(item_id: Annotated[int, Path(gt=0)], session: SessionDep):
    """Pitfall: both calls below block the event loop, freezing every other request meanwhile."""
    item = await get_item_or_404(session, item_id)
    time.sleep(0.2)  # "be polite to the supplier's API"
    response = requests.get(SUPPLIER_URL, params={"sku": item.sku}, timeout=5)
    return {"sku": item.sku, "supplier_price": response.json()["price"]}


@router.get("/{item_id}/supplier-price/v2")
async def supplier_price(item_id: Annotated[int, Path(gt=0)], session: SessionDep):
    """The same endpoint done right: awaiting yields the loop to other requests."""
    item = await get_item_or_404(session, item_id)
    await asyncio.sleep(0.2)
    async with httpx.AsyncClient(timeout=5) as client:
        response = await client.get(SUPPLIER_URL, params={"sku": item.sku})
    response.raise_for_status()
    return {"sku": item.sku, "supplier_price": response.json()["price"]}
