"""A corpus of generated documents with known truth, in every format jixiao reads.

``document.py`` is the printed form every writer renders (paragraphs and tables with spans);
``layouts.py`` turns an Evaluation (the truth) into such a document in one of the layout
families; one ``write_<format>.py`` per format renders a document to bytes.
"""
