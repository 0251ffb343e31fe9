# concepts: sqlalchemy-orm, connection-pooling, celery-task, celery-beat, pandas, vector-db, aws-lambda, graphql
import json
#      ^^^^ !vector-db

import boto3
import chromadb
#      ^^^^^^^^ vector-db
import pandas as pd
#      ^^^^^^ pandas
import strawberry
#      ^^^^^^^^^^ graphql
from celery import Celery, shared_task
from celery.schedules import crontab
from pymilvus import MilvusClient
#    ^^^^^^^^ vector-db
from sqlalchemy import ForeignKey, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

engine = create_engine("postgresql+psycopg://app@db/shop", pool_size=10, max_overflow=20, pool_pre_ping=True)
#        ^^^^^^^^^^^^^ connection-pooling
reporting = create_engine("sqlite:///report.db")
#           ^^^^^^^^^^^^^ !connection-pooling
celery_app = Celery("shop", broker="redis://redis:6379/0")
#            ^^^^^^ celery-task
celery_app.conf.beat_schedule = {
#               ^^^^^^^^^^^^^ celery-beat
    "nightly-report": {"task": "shop.tasks.nightly_report", "schedule": crontab(hour=2, minute=0)},
#                                                                       ^^^^^^^ celery-beat
#                      ^^^^^^ !celery-task
}
CONN_MAX_AGE = 60
# <- connection-pooling
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "CONN_MAX_AGE": 60}}
#                                                                    ^^^^^^^^^^^^ connection-pooling
#                         ^^^^^^ !connection-pooling


class Base(DeclarativeBase):
#     ^^^^ sqlalchemy-orm
    pass


class Customer(Base):
#     ^^^^^^^^ sqlalchemy-orm
    __tablename__ = "customers"
#   ^^^^^^^^^^^^^ !sqlalchemy-orm
    id: Mapped[int] = mapped_column(primary_key=True)
#                     ^^^^^^^^^^^^^ sqlalchemy-orm
    orders: Mapped[list["Order"]] = relationship(back_populates="customer")
#                                   ^^^^^^^^^^^^ sqlalchemy-orm


class Order(Base):
#     ^^^^^ sqlalchemy-orm
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
#                     ^^^^^^^^^^^^^ sqlalchemy-orm
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
#                              ^^^^^^^^^^^^^ sqlalchemy-orm
    customer: Mapped[Customer] = relationship(back_populates="orders")
#                                ^^^^^^^^^^^^ sqlalchemy-orm


def recent_orders(session: Session, customer_id: int):
#                          ^^^^^^^ !pandas
    stmt = select(Order).where(Order.customer_id == customer_id).options(selectinload(Order.customer))
#          ^^^^^^ sqlalchemy-orm
#                                                                        ^^^^^^^^^^^^ sqlalchemy-orm
    legacy = session.query(Order).filter_by(customer_id=customer_id).all()
#                    ^^^^^ sqlalchemy-orm
    return session.scalars(stmt).all(), legacy
#          ^^^^^^^^^^^^^^^ !sqlalchemy-orm


@shared_task(bind=True, max_retries=3)
# <- celery-task
def send_receipt(self, order_id):
    return order_id
#          ^^^^^^^^ !celery-beat


@celery_app.task
# <- celery-task
def nightly_report():
    frame = pd.read_csv("orders.csv")
#           ^^^^^^^^^^^ pandas
    summary = pd.DataFrame({"total": [frame["amount"].sum()]})
#             ^^^^^^^^^^^^ pandas
    return summary.to_dict()
#          ^^^^^^^^^^^^^^^ pandas


def checkout(order_id, queue):
#   ^^^^^^^^ !celery-beat
    send_receipt.delay(order_id)
#                ^^^^^ celery-task
    nightly_report.apply_async(countdown=60)
#                  ^^^^^^^^^^^ celery-task
    queue.put(order_id)
#   ^^^^^^^^^ !celery-task


def lambda_handler(event, context):
#   ^^^^^^^^^^^^^^ aws-lambda
    return {"statusCode": 200, "body": json.dumps(event)}
#                                      ^^^^^^^^^^ !aws-lambda


def handler(request):
#   ^^^^^^^ !aws-lambda
    # Not a Lambda signature.
    return request


def invoke(payload):
#   ^^^^^^ !graphql
    client = boto3.client("lambda")
#            ^^^^^^^^^^^^^^^^^^^^^^ aws-lambda
    s3 = boto3.client("s3")
#        ^^^^^^^^^^^^ !aws-lambda
    return client.invoke(FunctionName="resize", Payload=payload), s3


def similar(text, vector):
    collection = chromadb.Client().get_or_create_collection("docs")
#                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ vector-db
    milvus = MilvusClient("milvus.db")
#            ^^^^^^^^^^^^ vector-db
    return collection.query(query_texts=[text]), milvus.search("docs", data=[vector])
#          ^^^^^^^^^^^^^^^^ vector-db
#                                                ^^^^^^^^^^^^^ vector-db


@strawberry.type
# <- graphql
class Query:
    hello: str = "world"
#   ^^^^^ !graphql


def not_frames(records, query):
    # A local `query` object and a list are not pandas or SQLAlchemy.
    records.append(query.filter(x=1))
#                  ^^^^^^^^^^^^ !sqlalchemy-orm
    return sorted(records)
#          ^^^^^^ !pandas
