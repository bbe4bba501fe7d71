"""Parse an old .xls in a child process (``python -m styranalys._xls_child FILE``).

calamine's .xls (CFB) reader can abort the whole process on a damaged file (it tries to
allocate hundreds of GB); in a child only the child dies. Writes the sheets as a pickle to
stdout.
"""

from __future__ import annotations

import pickle
import sys


def main() -> None:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    wb = CalamineWorkbook.from_path(sys.argv[1])
    sheets = []
    for meta in wb.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        sheet = wb.get_sheet_by_name(meta.name)
        sheets.append((meta.name, sheet.to_python(), tuple(sheet.start or (0, 0)),
                       meta.visible != SheetVisibleEnum.Visible,
                       tuple(sheet.merged_cell_ranges or ())))
    sys.stdout.buffer.write(pickle.dumps(sheets))


if __name__ == "__main__":
    main()
