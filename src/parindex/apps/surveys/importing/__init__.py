"""Importing ballots collected on paper or by the post office (CSV or XLSX).

:func:`start.import_start` stores the uploaded file and queues an ``ImportJob``;
:func:`job.run_import` (run by :mod:`parindex.apps.surveys.tasks`) checks every row,
then writes them all in one transaction.
"""
