"""The yardstick of issue 11: a plain pandas script computing the per-customer table.

    python3 bench/pandas_customers.py bench/data/cdnow-1m.csv [OUT.csv]

Reads the bench's million-row CSV (customer_id,date,cds,amount), and per customer computes what
the analysis starts from (the same query as the bench's DuckDB case): visits (distinct days with
a paid order), revenue, first and last day. With OUT.csv it writes the table there, as the runner
writes its Segments tab. Not a dependency of the project: only for measurement (`npm run bench`
runs it when a python3 with pandas is found; Debian: `apt-get install python3-pandas`).
"""

import sys

import pandas as pd


def customers(path: str) -> pd.DataFrame:
    sales = pd.read_csv(path, dtype={"customer_id": str}, parse_dates=["date"])
    paid = sales[sales["amount"] > 0]
    table = sales.groupby("customer_id").agg(
        revenue=("amount", "sum"), first_day=("date", "min"), last_day=("date", "max")
    )
    table["visits"] = paid.groupby("customer_id")["date"].nunique()
    table["visits"] = table["visits"].fillna(0).astype(int)
    return table


def main() -> None:
    table = customers(sys.argv[1])
    if len(sys.argv) > 2:
        table.to_csv(sys.argv[2], date_format="%Y-%m-%d")
    print(len(table))


if __name__ == "__main__":
    main()
