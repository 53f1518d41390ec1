"""Documents (one evaluation of one unit, year and kind) and their versions."""
