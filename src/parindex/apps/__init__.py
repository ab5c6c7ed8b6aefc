"""The Django apps of ParIndex."""
