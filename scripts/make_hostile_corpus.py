"""Write the corpus of hostile and odd files to tests/data/hostile/ (run: make corpus).

Each file is small; the decompression bomb is a real one (a few hundred KB that unpacks to
over 200 MB). Deterministic: the same bytes every run (timestamps are fixed), except the
encrypted workbook, whose salt is random by design.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "hostile"
HEADER = ["Nämnd", "År", "Utvecklingsmål", "Bedömning"]
ROWS = [["Socialnämnden", 2023, "Ökad nöjdhet inom äldreomsorgen", "Målet är uppfyllt"],
        ["Socialnämnden", 2024, "Ökad nöjdhet inom äldreomsorgen", "Delvis uppfyllt"]]
FIXED = (2024, 1, 1, 0, 0, 0)


def _save(wb: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return _normalise(buffer.getvalue())


def _normalise(data: bytes, replace: dict[str, bytes] | None = None) -> bytes:
    """Rewrite a zip with fixed timestamps (and some members replaced)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(
            out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = (replace or {}).get(info.filename, zin.read(info))
            if info.filename in ("docProps/core.xml", "meta.xml"):  # writers stamp the time
                body = re.sub(rb"(<(?:dcterms:created|dcterms:modified|meta:creation-date|"
                              rb"dc:date)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", body)
            # ODF wants "mimetype" first and stored; everything else is deflated.
            method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            zout.writestr(zipfile.ZipInfo(info.filename, FIXED), body, method)
    return out.getvalue()


def _declaring(data: bytes, member: str, size: int) -> bytes:
    """The zip with ``member``'s declared size (and CRC) made those of its first ``size``
    bytes: a reader that trusts the declaration sees less than the deflate stream holds."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(member)
        crc = zlib.crc32(zf.read(member)[:size])
    struct.pack_into("<III", out, info.header_offset + 14, crc, info.compress_size, size)
    entry = out.find(b"PK\x01\x02")
    while entry >= 0:
        name_length = struct.unpack_from("<H", out, entry + 28)[0]
        if out[entry + 46:entry + 46 + name_length] == member.encode():
            struct.pack_into("<III", out, entry + 16, crc, info.compress_size, size)
            break
        entry = out.find(b"PK\x01\x02", entry + 4)
    return bytes(out)


def _goals_workbook(rows: list[list[object]] = ROWS,
                    header: list[str] = HEADER) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Mål"
    ws.append(header)
    for row in rows:
        ws.append(row)
    return wb


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("xl/worksheets/sheet1.xml").decode("utf-8")


def _not_spreadsheets(good: bytes) -> dict[str, bytes]:
    """Files that are no spreadsheet, or that must be refused: renamed, empty, cut, locked."""
    files: dict[str, bytes] = {}
    # Not a spreadsheet
    files["csv_renamed.xlsx"] = "Nämnd;År\nSocialnämnden;2024\n".encode()
    files["html_renamed.xlsx"] = b"<!DOCTYPE html><html><body><p>Logga in</p></body></html>"
    files["pdf_renamed.xlsx"] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
    files["empty.xlsx"] = b""
    files["truncated.xlsx"] = good[: len(good) // 2]
    try:
        import msoffcrypto
        from msoffcrypto.format.ooxml import OOXMLFile

        encrypted = io.BytesIO()
        OOXMLFile(io.BytesIO(good)).encrypt("hemligt", encrypted)
        files["password.xlsx"] = encrypted.getvalue()
        del msoffcrypto
    except ImportError:
        print("msoffcrypto-tool saknas: password.xlsx skrivs inte")
    try:
        import xlwt

        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet("Mål")
        for r, row in enumerate([HEADER, *ROWS]):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
        buffer = io.BytesIO()
        book.save(buffer)
        files["old.xls"] = buffer.getvalue()
        # A damaged .xls, found by fuzzing: these 24 changed bytes make calamine's reader
        # try to allocate ~480 GB and abort its whole process.
        damaged = bytearray(buffer.getvalue())
        for pos, byte in [(1315, 92), (1623, 250), (1679, 180), (1756, 45), (2035, 249),
                          (2120, 132), (2306, 167), (2454, 219), (2573, 67), (2867, 30),
                          (3058, 208), (3571, 208), (3806, 124), (3817, 225), (3875, 237),
                          (4254, 60), (4308, 82), (4530, 47), (4736, 170), (4817, 179),
                          (5010, 82), (5133, 101), (5190, 228), (5198, 36)]:
            damaged[pos] = byte
        files["damaged.xls"] = bytes(damaged)
    except ImportError:
        print("xlwt saknas: old.xls skrivs inte")
    return files


def _xml_attacks(good: bytes) -> dict[str, bytes]:
    """Workbooks whose XML declares entities: billion laughs and external entities."""
    files: dict[str, bytes] = {}
    # XML attacks
    xml = _sheet_xml(good)
    def entity(i: int) -> str:
        inner = ("&lol" + str(i - 1) + ";") if i > 1 else "&lol;"
        return f'<!ENTITY lol{i} "{inner * 10}">'

    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(entity(i) for i in range(1, 10)) + "]>")
    body = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
    files["billion_laughs.xlsx"] = _normalise(good, {
        "xl/worksheets/sheet1.xml": (laughs + body.replace("Socialnämnden", "&lol9;", 1)).encode()})
    xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    files["xxe.xlsx"] = _normalise(good, {
        "xl/worksheets/sheet1.xml": (xxe + body.replace("Socialnämnden", "&xxe;", 1)).encode()})
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        workbook_xml = zf.read("xl/workbook.xml").decode()
    files["xxe_workbook.xlsx"] = _normalise(good, {"xl/workbook.xml": (
        xxe + workbook_xml.split("?>", 1)[-1]).encode()})
    return files


def _size_attacks(good: bytes) -> dict[str, bytes]:
    """Workbooks that would make the parser allocate far too much, written every way."""
    files: dict[str, bytes] = {}
    # Size attacks
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zipfile.ZipFile(io.BytesIO(good)) as src:
            for info in src.infolist():
                zf.writestr(zipfile.ZipInfo(info.filename, FIXED), src.read(info))
        padding = zipfile.ZipInfo("xl/media/padding.bin", FIXED)
        padding.compress_type = zipfile.ZIP_DEFLATED  # ZipInfo alone would store it raw
        zf.writestr(padding, b"\0" * 210_000_000)
    files["bomb.xlsx"] = bomb.getvalue()
    wb = _goals_workbook()
    wb.active["XFD1048576"] = 1
    files["xfd1048576.xlsx"] = _save(wb)
    far = _sheet_xml(_save(_goals_workbook())).replace(
        "</sheetData>", '<row r="1048570"><c r="XFD1048570"><v>1</v></c></row></sheetData>')
    files["far_cell_small_dimension.xlsx"] = _normalise(good, {"xl/worksheets/sheet1.xml":
                                                              far.encode()})
    # Within the row and column limits, but A1 to ZZ900000 is 630 million cells to allocate.
    area = _sheet_xml(good).replace(
        "</sheetData>", '<row r="900000"><c r="ZZ900000"><v>1</v></c></row></sheetData>')
    files["area.xlsx"] = _normalise(good, {"xl/worksheets/sheet1.xml": area.encode()})
    # The same area written the ways calamine also accepts: rows out of order, a lower-case
    # or single-quoted reference, a namespace prefix, a second r in a tag, and cells without
    # any reference (each placed after the one before, so 1 000 empty cells reach ALM).
    sheet = _sheet_xml(good)
    far_first = sheet.replace(
        "<sheetData>", '<sheetData><row r="999999"><c r="ZZ999999"><v>1</v></c></row>')
    lower = sheet.replace(
        "</sheetData>", '<row r="900000"><c r="zz900000"><v>1</v></c></row></sheetData>')
    single = sheet.replace(
        "</sheetData>", "<row r='900000'><c r='ZZ900000'><v>1</v></c></row></sheetData>")
    prefixed = sheet.replace(
        "</sheetData>", '<x:row r="900000"><x:c r="ZZ900000"><x:v>1</x:v></x:c></x:row>'
                        "</sheetData>")
    repeated = sheet.replace(
        "</sheetData>", '<row r="3"><c r="A3" r="ZZ900000"><v>1</v></c></row></sheetData>')
    no_refs = sheet.replace(
        "</sheetData>", '<row r="900000">' + "<c/>" * 1000 + "<c><v>1</v></c></row></sheetData>")
    def with_sheet(xml: str) -> bytes:
        return _normalise(good, {"xl/worksheets/sheet1.xml": xml.encode()})

    files["area_rows_out_of_order.xlsx"] = with_sheet(far_first)
    files["area_lower_case_ref.xlsx"] = with_sheet(lower)
    files["area_single_quoted_ref.xlsx"] = with_sheet(single)
    files["area_prefixed_tags.xlsx"] = with_sheet(prefixed)
    files["area_cells_without_ref.xlsx"] = with_sheet(no_refs)
    files["area_repeated_ref.xlsx"] = with_sheet(repeated)  # calamine takes the last r
    # The far cell after the sheet's declared size: zipfile (and so the extent check) stops
    # at the declared size, calamine's zip reader refuses the bytes past it.
    past = sheet.replace(
        "</sheetData>", '<row r="900000"><c r="ZZ900000"><v>1</v></c></row></sheetData>')
    files["area_past_declared_size.xlsx"] = _declaring(
        with_sheet(past), "xl/worksheets/sheet1.xml", past.encode().index(b'<row r="900000">'))
    # Legal and harmless: the same goals with no cell or row references at all.
    files["no_references.xlsx"] = with_sheet(re.sub(r'<(c|row) r="[A-Z]*[0-9]+"', r"<\1", sheet))
    return files


def _odd_sheets() -> dict[str, bytes]:
    """Legal but unusual sheets: merged and two-row headers, hidden rows and sheets."""
    files: dict[str, bytes] = {}
    # Odd but legal content
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Indikatorer"
    ws.append(["Indikatorer 2022–2024"])
    ws.append(["Indikator", "Nämnd", "Utfall", None, None])
    ws.append([None, None, 2022, 2023, 2024])
    ws.append(["Väntetid", "Socialnämnden", 31, 29, 27.5])
    ws.append(["Nöjdhet", None, 80, 82, 84])
    ws.merge_cells("C2:E2")
    ws.merge_cells("B4:B5")  # one nämnd merged down over its indicators
    files["merged_header.xlsx"] = _save(wb)

    wb = _goals_workbook()
    wb.active.row_dimensions[3].hidden = True
    hidden = wb.create_sheet("Dolt")
    hidden.append(HEADER)
    hidden.append(["Tillväxtnämnden", 2024, "Fler besökare", "Uppfyllt"])
    hidden.sheet_state = "hidden"
    files["hidden_rows_and_sheet.xlsx"] = _save(wb)
    return files


def _ods_files() -> dict[str, bytes]:
    """OpenDocument files: a hidden row, a huge extent, a formula without a value."""
    files: dict[str, bytes] = {}
    try:
        from odf.opendocument import OpenDocumentSpreadsheet
        from odf.table import Table, TableCell, TableRow
        from odf.text import P

        doc = OpenDocumentSpreadsheet()
        table = Table(name="Mål & mått")
        for i, row in enumerate([HEADER, *ROWS]):
            element = TableRow(visibility="collapse") if i == 2 else TableRow()
            for value in row:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
                element.addElement(cell)
            table.addElement(element)
        doc.spreadsheet.addElement(table)
        buffer = io.BytesIO()
        doc.write(buffer)
        files["hidden_row.ods"] = _normalise(buffer.getvalue())
        # One value far to the right and one far down: 19 005 rows x 5 002 columns, which
        # calamine would allocate (3 GB; its own cap is 100 million cells).
        with zipfile.ZipFile(buffer) as zf:
            content = zf.read("content.xml").decode("utf-8")
        value = ('<table:table-cell office:value-type="float" office:value="1">'
                 "<text:p>1</text:p></table:table-cell>")
        far = ("<table:table-row>" + value + '<table:table-cell table:number-columns-'
               'repeated="5000"/>' + value + "</table:table-row>"
               '<table:table-row table:number-rows-repeated="19000"><table:table-cell/>'
               "</table:table-row><table:table-row>" + value + "</table:table-row>")
        files["area.ods"] = _normalise(buffer.getvalue(), {"content.xml": content.replace(
            "</table:table>", far + "</table:table>", 1).encode()})
        # A formula saved without its value, which calamine reads as blank (cell D2).
        doc = OpenDocumentSpreadsheet()
        table = Table(name="Indikatorer")
        for row in (["Indikator", "Nämnd", "2023", "2024"], ["Kostnad", "Socialnämnden", 10]):
            element = TableRow()
            for value in row:
                kind = "float" if isinstance(value, int) else "string"
                cell = TableCell(valuetype=kind, value=value) if kind == "float" else \
                    TableCell(valuetype=kind)
                cell.addElement(P(text=str(value)))
                element.addElement(cell)
            if len(row) == 3:
                element.addElement(TableCell(formula="of:=[.C2]*1.1"))
            table.addElement(element)
        doc.spreadsheet.addElement(table)
        buffer = io.BytesIO()
        doc.write(buffer)
        files["formula_without_value.ods"] = _normalise(buffer.getvalue())
    except ImportError:
        print("odfpy saknas: hidden_row.ods skrivs inte")
    return files


def _formula_files() -> dict[str, bytes]:
    """Formulas without a saved value, with one, and error values."""
    files: dict[str, bytes] = {}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Indikatorer"
    ws.append(["Indikator", "Nämnd", "2023", "2024"])
    ws.append(["Kostnad", "Socialnämnden", 10, "=C2*1.1"])  # openpyxl saves no value
    files["formula_without_value.xlsx"] = _save(wb)
    cached = _sheet_xml(files["formula_without_value.xlsx"]).replace(
        "<f>C2*1.1</f><v></v>", "<f>C2*1.1</f><v>11</v>").replace(
        "<f>C2*1.1</f><v />", "<f>C2*1.1</f><v>11</v>")
    files["formula_with_cached_value.xlsx"] = _normalise(files["formula_without_value.xlsx"], {
        "xl/worksheets/sheet1.xml": cached.encode()})
    errors = cached.replace('<c r="D2"><f>C2*1.1</f><v>11</v></c>',
                            '<c r="D2" t="e"><f>C2/0</f><v>#DIV/0!</v></c>')
    files["error_cells.xlsx"] = _normalise(files["formula_without_value.xlsx"], {
        "xl/worksheets/sheet1.xml": errors.encode()})
    return files


def _odd_goals() -> dict[str, bytes]:
    """Goal sheets with odd cells: dates as years, repeated headings, long text, emoji."""
    files: dict[str, bytes] = {}
    def goals_with(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
        return _save(_goals_workbook(rows, header))

    import datetime as dt
    files["date_as_year.xlsx"] = goals_with([["Socialnämnden", dt.datetime(2024, 1, 1),
                                              "Mål", "Uppfyllt"]])
    files["text_year.xlsx"] = goals_with([["Socialnämnden", "tjugotjugofyra", "Mål",
                                           "Uppfyllt"]])
    files["duplicate_headers.xlsx"] = goals_with(
        [["Socialnämnden", 2024, "Mål", "Uppfyllt", "Ej uppfyllt"]],
        [*HEADER, "Bedömning"])
    long_text = ("Kommunen ska arbeta för en hållbar utveckling " * 50)[:2000]
    files["long_text.xlsx"] = goals_with([["Socialnämnden", 2024, long_text, "Uppfyllt"]])
    files["emoji_rtl.xlsx"] = goals_with([
        ["Socialnämnden", 2024, "Fler nöjda brukare 😊👍", "Uppfyllt"],
        ["Socialnämnden", 2024, "مرحبا بالجميع – integration", "Delvis uppfyllt"]])
    files["repeated_header.xlsx"] = goals_with([ROWS[0], HEADER, ROWS[1]])
    return files


def _csv_files() -> dict[str, bytes]:
    """The same goals as CSV in the encodings Excel writes."""
    files: dict[str, bytes] = {}
    # CSV encodings
    text_rows = [HEADER, *[[str(v) for v in r] for r in ROWS]]

    def csv_bytes(encoding: str, delimiter: str = ";") -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(text_rows)
        return buffer.getvalue().encode(encoding)

    files["utf8.csv"] = csv_bytes("utf-8")
    files["utf8_bom.csv"] = codecs.BOM_UTF8 + csv_bytes("utf-8")
    files["cp1252.csv"] = csv_bytes("cp1252")
    files["excel_unicode_text.txt"] = codecs.BOM_UTF16_LE + csv_bytes("utf-16-le", "\t")
    return files


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    good = _save(_goals_workbook())
    files["ok.xlsx"] = good

    files.update(_not_spreadsheets(good))
    files.update(_xml_attacks(good))
    files.update(_size_attacks(good))
    files.update(_odd_sheets())
    files.update(_ods_files())
    files.update(_formula_files())
    files.update(_odd_goals())
    files.update(_csv_files())
    for name, data in files.items():
        (OUT / name).write_bytes(data)
    print(f"Skrev {len(files)} filer till {OUT}")


if __name__ == "__main__":
    main()
