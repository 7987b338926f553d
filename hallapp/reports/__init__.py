"""Period statistics and the daily ledger as files: XLSX (with county templates) and PDF
with charts. Like :mod:`hallapp.documents`, nothing here touches the database or Qt: the
writers take the figures the services computed."""
