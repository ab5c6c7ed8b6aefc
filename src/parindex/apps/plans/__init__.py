"""Remediation plans, criterion assignment inside units, and risk warnings."""
