# request: definition
key = ("🐍", lam$0bda row: row["id"])
