# concepts: sql-join, sql-select-star, sql-window-function, sql-cte, sql-write-without-where, sql-not-in-null
"""Raw SQL in a shop's reports: the SQL rules run inside the strings handed to the database."""
import sqlite3

from django.db import connection
from sqlalchemy import text

from shop.models import Order

REPORT_HELP = "SELECT * FROM shop_order shows every column"
#              ^ !sql-select-star
ARCHIVE_SQL = "DELETE FROM shop_order_archive"
#              ^^^^^^ !sql-write-without-where


def customer(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM shop_customer WHERE id = %s", [pk])
#                              ^ sql-select-star
        return cursor.fetchone()


def revenue_by_customer():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.id, c.email, sum(o.total) AS revenue
            FROM shop_customer AS c
            LEFT JOIN shop_order AS o ON o.customer_id = c.id"""
#                ^^^^ sql-join
        )
        return cursor.fetchall()


def ranked_orders():
    return Order.objects.raw("SELECT id, row_number() OVER (ORDER BY total DESC) AS rank FROM shop_order")
#                                                     ^^^^ sql-window-function


def recent_orders(cursor, since):
    cursor.execute(
        "SELECT o.id, c.email "
        "FROM shop_order o JOIN shop_customer c ON c.id = o.customer_id WHERE o.created_at > :since"
#                          ^^^^ sql-join
    )


def weekly_totals(cursor):
    cursor.execute(
        """SELECT week, sum(total) FROM weekly GROUP BY week"""
    )
    cursor.execute(r"""WITH weekly AS (SELECT week, total FROM shop_order) SELECT * FROM weekly""")
#                           ^^^^^^ sql-cte
#                                                                                 ^ !sql-select-star
    return cursor.fetchall()


def mark_paid(cursor):
    sql = "UPDATE shop_order SET status = 'paid'"
#          ^^^^^^ sql-write-without-where
    cursor.execute(sql)


def purge_sessions(session):
    session.execute(text("DELETE FROM django_session"))
#                         ^^^^^^ sql-write-without-where


def never_refunded():
    return connection.cursor().execute(
        "SELECT id FROM shop_order WHERE id NOT IN (SELECT order_id FROM shop_refund)"
#                                           ^^^^^^ sql-not-in-null
    )


def local_stock(path):
    conn = sqlite3.connect(path)
    return conn.execute("SELECT * FROM stock").fetchall()
#                               ^ sql-select-star


def legacy_report(cursor):
    cursor.execute("SELECT * FROM shop_legacy_report")  # interview-prep: ignore[sql-select-star]
#                          ^ !sql-select-star


def by_table(cursor, table):
    cursor.execute(f"SELECT * FROM {table}")
#                           ^ !sql-select-star


def by_format(cursor, table):
    cursor.execute("SELECT * FROM %s" % table)
#                          ^ !sql-select-star


def built_up(cursor, status):
    sql = "UPDATE shop_order SET status = %s"
#          ^^^^^^ !sql-write-without-where
    sql += " WHERE id = 1"
    cursor.execute(sql, [status])


def archive(cursor):
    cursor.execute(ARCHIVE_SQL)


def run_action(action):
    action.execute("SELECT * FROM shop_order")
#                          ^ !sql-select-star


def shell(cursor):
    cursor.execute("delete everything? no: a command name")
#                   ^^^^^^ !sql-write-without-where


def delete_many(cursor, ids):
    cursor.execute("DELETE FROM shop_order WHERE id IN %s", [tuple(ids)])
#                   ^^^^^^ !sql-write-without-where


def legacy_join(cursor):
    cursor.execute(  # interview-prep: ignore[sql-join]
        "SELECT a.id FROM a "
        "JOIN b ON b.a_id = a.id"
#        ^^^^ !sql-join
    )
