# fix: sql-injection
from django.db import connection


def orders_for(email, status):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM shop_order WHERE email = '{email}' AND status = '{status}'")
        return cursor.fetchall()
