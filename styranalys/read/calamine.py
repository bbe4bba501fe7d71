"""calamine's loop over a workbook's sheets, shared by the workbook source and the .xls
child process, and the merged cells it reports, filled as a reader sees them."""

from __future__ import annotations

__all__ = ["calamine_sheets", "fill_merged"]

#: One sheet as calamine gives it: name, rows, (first row, first column), hidden, merged.
RawSheet = tuple[str, list[list[object]], tuple[int, int], bool, tuple]


def calamine_sheets(path: str) -> list[RawSheet]:
    """Every worksheet of the workbook at ``path``, merged cells filled."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    wb = CalamineWorkbook.from_path(path)
    sheets = []
    try:
        for meta in wb.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            start = tuple(sheet.start or (0, 0))
            rows = sheet.to_python()
            merged = tuple(sheet.merged_cell_ranges or ())
            fill_merged(rows, merged, start)
            sheets.append((meta.name, rows, start,
                           meta.visible != SheetVisibleEnum.Visible, merged))
    finally:
        wb.close()
    return sheets


def fill_merged(rows: list[list[object]], merged: tuple, start: tuple[int, int]) -> None:
    """Give every cell of a merged range the value shown in it (its top-left cell's), as a
    reader of the sheet sees it: a nämnd merged down over its goals belongs to each."""
    row0, col0 = start
    for (r0, c0), (r1, c1) in merged:
        top, left = r0 - row0, c0 - col0
        if not (0 <= top < len(rows) and 0 <= left < len(rows[top])):
            continue
        value = rows[top][left]
        for r in range(max(top, 0), min(r1 - row0, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(max(left, 0), min(c1 - col0, len(row) - 1) + 1):
                if row[c] in ("", None):
                    row[c] = value


