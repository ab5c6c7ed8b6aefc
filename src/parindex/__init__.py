"""ParIndex: the yearly PAR INDEX (Chỉ số cải cách hành chính) of a province."""

__version__ = "0.1.0"
