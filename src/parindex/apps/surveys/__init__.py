"""Surveys: SIPAS satisfaction and sociological surveys, their ballots, and points."""
