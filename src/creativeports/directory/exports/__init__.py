"""Open-data export of the directory: what a reader may see, as CSV, XLSX, JSON and JSON-LD."""
