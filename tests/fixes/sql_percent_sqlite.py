# fix: sql-injection
import sqlite3

conn = sqlite3.connect("shop.db")


def find(sku):
    return conn.execute("SELECT * FROM product WHERE sku = '%s'" % sku).fetchone()
