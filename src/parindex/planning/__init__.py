"""Planning for the year ahead, in plain Python (no Django): projections of year-end scores
from operational figures and the what-if planner of gains and ranks."""
