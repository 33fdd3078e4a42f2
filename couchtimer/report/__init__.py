"""Outputs for a physio or a spreadsheet: the history as text/JSON and the PDF report."""
