# Writes the Parquet fixtures of IngestTest (run with a Python with pyarrow, e.g. /work/.cache/hfvenv/bin/python, from this directory).
import pyarrow as pa
import pyarrow.parquet as pq

table = pa.table({
    "content": ["First row of the Parquet fixture.", None, "Third row, caf\u00e9 au lait."],
    "url": ["https://example.org/1", "https://example.org/2", "https://example.org/3"],
    "score": [0.5, 1.5, 2.5],
    "n": pa.array([1, 2, 3], type=pa.int64()),
})
pq.write_table(table, "docs-snappy.parquet", compression="snappy")
pq.write_table(table, "docs-gzip.parquet", compression="gzip")
