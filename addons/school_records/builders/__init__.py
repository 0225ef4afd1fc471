"""Report builders: plain Python classes that read the database (aggregated there, with
``_read_group`` or one SQL query) and make a neutral grid (:mod:`.grid`). The grid is
rendered by the one XLSX writer (``tools/xlsx.py`` ``write_grid``), printed by the QWeb
PDF statements (``GridSheet.content()``) and archived; the wizards keep only their form."""
