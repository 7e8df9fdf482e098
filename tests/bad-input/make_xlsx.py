# Writes a minimal XLSX workbook of one sheet, without any library:
#   python3 make_xlsx.py OUT.xlsx SHEET < ROWS
# Each input line is a row of tab-separated cells; an empty line is an empty
# row. Cells that parse as numbers are written as numbers, others as text.
import sys
import zipfile
from xml.sax.saxutils import escape


def column(i):
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def cell(ref, text):
    try:
        float(text)
        return f'<c r="{ref}"><v>{text}</v></c>'
    except ValueError:
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


path, sheet = sys.argv[1], sys.argv[2]
rows = []
for r, line in enumerate(sys.stdin.read().split("\n")[:-1], 1):
    if line:
        cells = "".join(cell(f"{column(c)}{r}", t) for c, t in enumerate(line.split("\t")) if t)
        rows.append(f'<row r="{r}">{cells}</row>')
main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml",
               '<?xml version="1.0" encoding="UTF-8"?>'
               '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/xl/workbook.xml" '
               'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
               '<Override PartName="/xl/worksheets/sheet1.xml" '
               'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
               '</Types>')
    z.writestr("_rels/.rels",
               f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}">'
               f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml",
               f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
               f'<sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels",
               f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}">'
               f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    z.writestr("xl/worksheets/sheet1.xml",
               f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
               + "".join(rows) + "</sheetData></worksheet>")
