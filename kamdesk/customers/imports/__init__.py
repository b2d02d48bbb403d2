"""Imports from the operator's billing and provisioning system (BOSS): CSV or XLSX files
of plans, customers, accounts, subscribers, products and contracts.

``runner.run_import`` is the entry point (``kam import ENTITY FILE``); ``readers`` reads
the files, one module per entity validates and writes its rows. The file formats are
described in ``docs/data-formats.md``.
"""
