"""What both the History tab (``couchtimer.ui``) and the PDF (``couchtimer.report``) draw.

Qt and pyqtgraph drawing over core values: the charts, the colour theme and the per-segment
table. It imports core only, so ui and report both may import it without importing each other.
"""
