"""Printed documents (打印文书) as PDF files, drawn with reportlab.

No Qt and no database here: a document is made from plain values the caller has already
read, so it can be rendered in a background worker and tested without either.
"""
