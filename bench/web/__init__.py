"""Web speed benchmark: p50/p95 latency of the self-scoring and appraisal-queue pages
under concurrent users, served by gunicorn, against a trivial Django view.

Run ``python -m bench.web.latency`` from the repository root (see bench/README.md).
"""
