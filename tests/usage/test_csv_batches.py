"""The Arrow CSV stream numbers rows as the report shows them and reports progress."""

from __future__ import annotations

from kamdesk.usage.warehouse import csv_batches


def test_it_numbers_the_rows_counts_them_and_tells_progress(tmp_path):
    path = tmp_path / "cdr.csv"
    path.write_text("a,b\n" + "".join(f"{i},x\n" for i in range(10)), encoding="gb18030")
    counted, told = [0], []

    reader = csv_batches(
        path, encoding="gb18030", header=["a", "b"], counted=counted, on_rows=told.append, every=1
    )
    table = reader.read_all()

    assert table.column("_row").to_pylist() == list(range(2, 12))  # the header is row 1
    assert table.column("a").to_pylist() == [str(i) for i in range(10)]
    assert counted == [10]
    assert told and told[-1] == 10
