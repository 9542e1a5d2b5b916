"""Derived indexes over stored articles: related lists, same-story clusters and archive search.

They may use NLP (to compute what they index) and storage (the connection they write through);
storage proper only stores what it is given.
"""
