"""Reading files: encodings, XLSX refusals, headers in either language."""

import io

import openpyxl
import pytest

from ipcoord.exchange.formats import FormatError, read_table, write_table

HEADER = "主体类型,名称,统一社会信用代码\n"
ROW = "法人或其他组织,华为技术有限公司,91440300708461136T\n"


def test_it_reads_utf8_with_bom(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes((HEADER + ROW).encode("utf-8-sig"))
    table = read_table(path)
    assert table.header == ["主体类型", "名称", "统一社会信用代码"]
    assert table.rows == [(2, ["法人或其他组织", "华为技术有限公司", "91440300708461136T"])]
    assert table.encoding == "utf-8-sig"


def test_it_reads_utf8_without_bom(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes((HEADER + ROW).encode("utf-8"))
    assert read_table(path).rows[0][1][1] == "华为技术有限公司"


def test_it_reads_gb18030_as_excel_saves_it(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes((HEADER + ROW).replace("\n", "\r\n").encode("gb18030"))
    table = read_table(path)
    assert table.encoding == "gb18030"
    assert table.header[1] == "名称"
    assert table.rows[0][1][1] == "华为技术有限公司"


def test_it_refuses_a_broken_encoding(tmp_path):
    path = tmp_path / "p.csv"
    # Half a UTF-8 character followed by bytes no GB18030 sequence allows.
    path.write_bytes(HEADER.encode("utf-8") + "华".encode()[:2] + b"\xff\xfe\x80\n")
    with pytest.raises(FormatError) as info:
        read_table(path)
    assert info.value.code == "bad_encoding"
    assert "编码" in info.value.message


def test_it_refuses_an_unknown_ending(tmp_path):
    with pytest.raises(FormatError) as info:
        read_table(tmp_path / "p.txt")
    assert info.value.code == "unknown_format"


def test_it_counts_rows_as_a_person_does_with_blank_lines_skipped(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(HEADER + ROW + ",,\n" + ROW, encoding="utf-8")
    assert [n for n, _cells in read_table(path).rows] == [2, 4]


def _xlsx(path, build):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["主体类型", "名称"])
    sheet.append(["法人或其他组织", "某公司"])
    build(sheet)
    workbook.save(path)
    return path


def test_it_refuses_an_xlsx_formula_naming_the_cell(tmp_path):
    path = _xlsx(tmp_path / "f.xlsx", lambda s: s.__setitem__("B3", '=A2&"x"'))
    with pytest.raises(FormatError) as info:
        read_table(path)
    assert info.value.code == "formula"
    assert "B3" in info.value.message


def test_it_refuses_xlsx_merged_cells_naming_them(tmp_path):
    path = _xlsx(tmp_path / "m.xlsx", lambda s: s.merge_cells("A2:B2"))
    with pytest.raises(FormatError) as info:
        read_table(path)
    assert info.value.code == "merged_cells"
    assert "A2:B2" in info.value.message


def test_it_reads_xlsx_dates_and_numbers_as_text(tmp_path):
    import datetime

    def build(sheet):
        sheet["C1"] = "申请日"
        sheet["C2"] = datetime.datetime(2023, 5, 17)
        sheet["D1"] = "号"
        sheet["D2"] = 30000001

    table = read_table(_xlsx(tmp_path / "d.xlsx", build))
    assert table.rows[0] == (2, ["法人或其他组织", "某公司", "2023-05-17", "30000001"])


def test_xlsx_exports_keep_text_that_looks_like_a_formula(tmp_path):
    path = tmp_path / "x.xlsx"
    write_table(path, ["名称"], [['=HYPERLINK("http://x")']])
    assert read_table(path).rows == [(2, ['=HYPERLINK("http://x")'])]


def test_jsonl_reads_keys_and_line_numbers():
    data = io.BytesIO(b'{"kind": "legal", "name": "A"}\n\n{"name": "B", "kind": "legal"}\n')
    table = read_table(data, name="x.jsonl")
    assert table.header == ["kind", "name"]
    assert table.rows == [(1, ["legal", "A"]), (3, ["legal", "B"])]
