"""The what-if planner's pages: where a unit can still gain points and what a target
("rise 3 places") asks of it, from the unit's latest round (:mod:`parindex.planning`)."""
