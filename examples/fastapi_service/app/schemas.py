import re
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SKU_PATTERN = re.compile(r"^[A-Z0-9]{3,12}(-[A-Z0-9]{1,8})?$")


class ItemBase(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200, examples=["Steel shelf 80cm"])
    quantity: int = Field(default=0, ge=0)
    unit_price: Decimal = Field(gt=0, max_digits=10, decimal_places=2)
    warehouse_id: int = Field(gt=0)


class ItemCreate(ItemBase):
    sku: str = Field(max_length=32)

    @field_validator("sku")
    @classmethod
    def normalise_sku(cls, value: str) -> str:
        value = value.strip().upper()
        if not SKU_PATTERN.match(value):
            raise ValueError("SKU must look like ABC123 or ABC123-XL")
        return value


class ItemUpdate(BaseModel):
    """PATCH body: every field optional, only the ones sent are applied."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    quantity: int | None = Field(default=None, ge=0)
    unit_price: Decimal | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def at_least_one_field(self) -> "ItemUpdate":
        if not self.model_fields_set:
            raise ValueError("Send at least one field to update")
        return self


class ItemRead(ItemBase):
    model_config = ConfigDict(from_attributes=True)

    id: int
    sku: str
    updated_at: datetime


class StockEvent(BaseModel):
    sku: str
    quantity: int
    at: datetime = Field(default_factory=datetime.now)


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
