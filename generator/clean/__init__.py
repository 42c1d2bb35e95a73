"""Cleaning helpers that read a page by its shapes, not by one outlet's strings.

``outlets`` names the outlet behind a page, ``datelines`` reads publication
and update times in any of the usual forms, ``bylines`` reads reporter lines
(also when glued to the lead sentence). ``generator.classify`` uses them.
"""
