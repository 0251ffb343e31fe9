# fix: sql-injection
from django.db import connection


def orders_for(email, status):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM shop_order WHERE email = %s AND status = %s", [email, status])
        return cursor.fetchall()
