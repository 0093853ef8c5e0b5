"""Region models as workbooks for planners (issue 17): export a model to a workbook or a folder of CSV files,
read one back into RDF, and validate it with every message at its cell.

The mapping is data (``mappings/sheet/``, decision 0005; read by sotekg.sheet.mapping); sotekg.sheet.convert turns
a graph into rows and rows into a graph, sotekg.sheet.files reads and writes the files, sotekg.sheet.report places
messages at cells, sotekg.sheet.workbook ties them together for the command line and the API. This module and
sotekg.sheet.errors are light (the API imports them at start-up); the others import openpyxl and pySHACL.
"""

WORKBOOK_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
