"""Documents out: the 自评表 and the 自评报告 as .docx, .xlsx and .pdf (docs/rendering.md).

Each renderer turns one evaluation into the bytes of one file; :mod:`jixiao.render.registry`
names them, and :func:`jixiao.render.batch.render_all` runs them over many evaluations, turning
Word files into PDF with a pool of long-lived LibreOffice processes.

Importing this package is cheap; the renderers' libraries load with the registry.
"""
