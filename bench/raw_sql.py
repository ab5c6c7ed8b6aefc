"""One SQL statement that scores the raw entries and adds them up, as the engine does.

It reads the ``entries`` and ``leaves`` tables of :mod:`bench.raw` and ends in one
``GROUP BY`` giving, per unit and side (0 appraised, 1 self-scored), the points of each
field and of the unit, in integer thousandths. Its CTEs:

- ``relative``: the relative leaves' rows, each worth value / best value of its group and
  side x max (a window ``MAX() OVER (PARTITION BY province, group, leaf, side)``);
- ``field_sums``: every other leaf's points from its own entry, one ``CASE`` branch per
  rule kind, "không áp dụng" rows left out (entered, or a zero denominator whose rule
  says so), summed per unit and field for both sides; and per unit and field, how many
  compared leaves apply on the appraised side and how many of them the self-scored side
  scored the same (the two sides of a leaf side by side, see ``PAIRED_BY_*``);
- ``shares``: those counts per unit, relative leaves included;
- ``accuracy``: the accuracy leaf of both sides, from that share and the leaf's bands on
  the appraised side, full points (or the entered score) on the self-scored side;
- the final ``GROUP BY`` adds it all up per unit, side and field, and per unit and side
  through a window over the groups.

Rounding is exact and the same in both databases. ``ROUND`` works on binary floats in
both: DuckDB's ``ROUND`` of a ``DOUBLE`` turns 0.25 x 3 / 10 = 0.075 into 0.07, and SQLite's
``ROUND`` happens to round exact halves up but still rounds a float, not the ratio. So
every computed score is rounded half up to the set's quantum ``q`` in integer arithmetic:
``a / b`` thousandths (``a, b >= 0``) becomes ``q * ((2a + bq) DIV 2bq)``. A direct score
is kept as entered, as the engine keeps it.

Written for each planner: in SQLite, ``field_sums`` is one scan of the appraised rows in
the order the table stores them (:data:`bench.raw.CREATE_ENTRIES_SQLITE`), each joined to
its self-scored row by the primary key, so that its GROUP BY needs no sort; DuckDB hashes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str
    div: str  # integer division of two integers
    least: str  # the smaller of two values (never given a NULL here)
    pairing: str  # the body of the field_sums CTE


CHECKLIST_ITEMS = 4
Q = "l.quantum"


def _round(value: str, divisor: str = "1") -> str:
    """``value / divisor`` thousandths (both >= 0) rounded half up to the quantum."""
    return f"{Q} * ((2 * ({value}) + ({divisor}) * {Q}) DIV (2 * ({divisor}) * {Q}))"


def _band_points(reaches: str) -> str:
    """Points of the highest band reached; ``reaches`` has ``{m}`` for a minimum."""
    high, low = reaches.format(m="l.band2_min"), reaches.format(m="l.band1_min")
    return (
        f"CASE WHEN l.band2_min IS NOT NULL AND {high} THEN l.band2_points "
        f"WHEN l.band1_min IS NOT NULL AND {low} THEN l.band1_points ELSE 0 END"
    )


def not_applicable(e: str) -> str:
    """1 when the row of alias ``e`` is "không áp dụng", else 0."""
    return f"""CASE WHEN {e}.na = 1 THEN 1
                WHEN {e}.score IS NULL AND {e}.den = 0
                     AND ((l.kind = 'ratio' AND l.zero_den = 'not_applicable')
                          OR (l.kind = 'bands' AND l.percent = 1)) THEN 1
                ELSE 0 END"""


def points(e: str) -> str:
    """The points, in thousandths, of the applicable row of alias ``e``.

    Rules that need other rows (relative, accuracy) give 0 here, and so does a leaf
    without an entry (the engine counts it as 0 points, still applicable).
    """
    items = " + ".join(f"(({e}.items >> {k}) & 1) * l.item{k + 1}" for k in range(CHECKLIST_ITEMS))
    bands = _band_points(
        f"((l.percent = 1 AND 100000 * {e}.num >= {{m}} * {e}.den)"
        f" OR (l.percent = 0 AND {e}.val >= {{m}}))"
    )
    counted = f"{e}.cnt * l.points_each"  # millionths: thousandths x thousandths
    count_cap = "1000 * LEAST(COALESCE(l.cap, l.max_points), l.max_points)"
    deducted = f"CASE WHEN l.cap IS NULL THEN {counted} ELSE LEAST({counted}, 1000 * l.cap) END"
    return f"""COALESCE(CASE WHEN {e}.score IS NOT NULL THEN {e}.score
                WHEN l.kind = 'judged' THEN COALESCE({e}.val, 0)
                WHEN l.kind = 'ratio' AND {e}.den = 0
                     THEN CASE WHEN l.zero_den = 'full' THEN {_round("l.max_points")} ELSE 0 END
                WHEN l.kind = 'ratio' AND 1000 * {e}.num >= {e}.den * l.full_at
                     THEN {_round("l.max_points")}
                WHEN l.kind = 'ratio'
                     THEN {_round(f"1000 * l.max_points * {e}.num", f"{e}.den * l.full_at")}
                WHEN l.kind = 'checklist' AND {e}.items IS NOT NULL
                     THEN {_round(f"LEAST({items}, l.max_points)")}
                WHEN l.kind = 'bands' THEN {_round(f"LEAST({bands}, l.max_points)")}
                WHEN l.kind = 'count' AND {e}.cnt IS NOT NULL
                     THEN {_round(f"LEAST({counted}, {count_cap})", "1000")}
                WHEN l.kind = 'deduction' AND {e}.cnt IS NOT NULL
                     THEN -{_round(deducted, "1000")}
                WHEN l.kind = 'bonus' AND {e}.cnt IS NOT NULL AND l.minimum IS NOT NULL
                     THEN CASE WHEN {e}.cnt >= l.minimum THEN {_round("l.cap")} ELSE 0 END
                WHEN l.kind = 'bonus' AND {e}.cnt IS NOT NULL
                     THEN {_round(f"LEAST({counted}, 1000 * l.cap)", "1000")}
                ELSE 0 END, 0)"""


ACCURACY = f"LEAST({_band_points('100000 * s.equal >= {m} * s.eligible')}, l.max_points)"

RELATIVE = _round("max_points * val", "best").replace("l.quantum", "quantum")

# Per unit and field, over every leaf but the relative and accuracy ones: the points of
# both sides, how many compared leaves apply on the appraised side ("eligible") and how
# many of them the self-scored side scored the same ("equal"). Two ways to put the two
# sides of a leaf side by side, each the faster one for its database:
# SQLite: each appraised row joined to its self-scored row through the table's key, in
# key order, so that the GROUP BY needs no sort;
PAIRED_BY_JOIN = f"""
    SELECT e.province, e.unit, e.field,
           SUM(CASE WHEN {not_applicable("e")} = 0 THEN {points("e")} ELSE 0 END) AS appraised,
           SUM(CASE WHEN {not_applicable("o")} = 0 THEN {points("o")} ELSE 0 END) AS self_scored,
           SUM(CASE WHEN l.compared = 1 AND {not_applicable("e")} = 0 THEN 1 ELSE 0 END)
               AS eligible,
           SUM(CASE WHEN l.compared = 1 AND {not_applicable("e")} = 0
                     AND {not_applicable("o")} = 0 AND {points("e")} = {points("o")}
                    THEN 1 ELSE 0 END) AS equal
    FROM entries e JOIN leaves l ON l.id = e.leaf_id
         LEFT JOIN entries o ON o.province = e.province AND o.unit = e.unit
                            AND o.field = e.field AND o.leaf_id = e.leaf_id AND o.side = 1
    WHERE e.side = 0 AND l.kind NOT IN ('relative', 'accuracy')
    GROUP BY e.province, e.unit, e.field"""
# DuckDB: both sides of a leaf gathered by a hash GROUP BY (its hash join is slower).
PAIRED_BY_GROUP = f"""
    SELECT province, unit, field,
           SUM(CASE WHEN na0 = 0 THEN p0 ELSE 0 END) AS appraised,
           SUM(CASE WHEN na1 = 0 THEN p1 ELSE 0 END) AS self_scored,
           SUM(CASE WHEN compared = 1 AND na0 = 0 THEN 1 ELSE 0 END) AS eligible,
           SUM(CASE WHEN compared = 1 AND na0 = 0 AND na1 = 0 AND p0 = p1 THEN 1 ELSE 0 END)
               AS equal
    FROM (SELECT e.province, e.unit, e.field, e.leaf_id, l.compared,
                 MAX(CASE e.side WHEN 0 THEN {not_applicable("e")} END) AS na0,
                 MAX(CASE e.side WHEN 1 THEN {not_applicable("e")} END) AS na1,
                 MAX(CASE e.side WHEN 0 THEN {points("e")} END) AS p0,
                 MAX(CASE e.side WHEN 1 THEN {points("e")} END) AS p1
          FROM entries e JOIN leaves l ON l.id = e.leaf_id
          WHERE l.kind NOT IN ('relative', 'accuracy')
          GROUP BY e.province, e.unit, e.field, e.leaf_id, l.compared) AS pairs
    GROUP BY province, unit, field"""

TEMPLATE = f"""
WITH relative AS (
    SELECT province, unit, side, field, leaf_id, na,
           CASE WHEN na = 1 THEN 0
                WHEN score IS NOT NULL THEN score
                WHEN val IS NULL OR best IS NULL OR best = 0 THEN 0
                ELSE {RELATIVE} END AS points
    FROM (SELECT e.province, e.unit, e.side, e.field, e.leaf_id, e.score, e.val,
                 l.max_points, l.quantum, {not_applicable("e")} AS na,
                 MAX(CASE WHEN e.na = 0 AND e.score IS NULL THEN e.val END)
                     OVER (PARTITION BY e.province, e.unit_group, e.leaf_id, e.side) AS best
          FROM leaves l JOIN entries e ON e.leaf_id = l.id
          WHERE l.kind = 'relative') AS relative_rows
),
field_sums AS (FIELD_SUMS
),
shares AS (
    SELECT province, unit, SUM(eligible) AS eligible, SUM(equal) AS equal
    FROM (SELECT province, unit, eligible, equal FROM field_sums
          UNION ALL
          SELECT a.province, a.unit, 1 AS eligible,
                 CASE WHEN s.na = 0 AND s.points = a.points THEN 1 ELSE 0 END AS equal
          FROM relative a JOIN relative s ON s.province = a.province AND s.unit = a.unit
                                         AND s.leaf_id = a.leaf_id AND s.side = 1
          WHERE a.side = 0 AND a.na = 0) AS per_kind
    GROUP BY province, unit
),
accuracy AS (
    SELECT e.province, e.unit, e.side, e.field,
           CASE WHEN e.side = 0 AND s.eligible > 0 AND e.score IS NULL THEN {_round(ACCURACY)}
                WHEN e.side = 0 AND s.eligible > 0 THEN {ACCURACY}
                WHEN e.score IS NOT NULL THEN e.score
                ELSE {_round("l.max_points")} END AS points
    FROM leaves l JOIN entries e ON e.leaf_id = l.id
         LEFT JOIN shares s ON s.province = e.province AND s.unit = e.unit
    WHERE l.kind = 'accuracy' AND e.na = 0
),
sides AS (SELECT 0 AS side UNION ALL SELECT 1 AS side),
all_points AS (
    SELECT f.province, f.unit, s.side, f.field,
           CASE s.side WHEN 0 THEN f.appraised ELSE f.self_scored END AS points
    FROM field_sums f CROSS JOIN sides s
    UNION ALL
    SELECT province, unit, side, field, points FROM relative WHERE na = 0
    UNION ALL
    SELECT province, unit, side, field, points FROM accuracy
)
SELECT province, unit, side, field,
       SUM(points) AS field_points,
       SUM(SUM(points)) OVER (PARTITION BY province, unit, side) AS unit_points
FROM all_points
GROUP BY province, unit, side, field
"""


def raw_query(dialect: Dialect) -> str:
    """The statement in ``dialect``: integer division, the two-value minimum and the way
    the two sides of a leaf are paired differ."""
    text = TEMPLATE.replace("FIELD_SUMS", dialect.pairing)
    return text.replace(" DIV ", f" {dialect.div} ").replace("LEAST(", f"{dialect.least}(")


SQLITE = Dialect("SQLite", "/", "MIN", PAIRED_BY_JOIN)
DUCKDB = Dialect("DuckDB", "//", "LEAST", PAIRED_BY_GROUP)
