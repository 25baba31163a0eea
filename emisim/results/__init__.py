"""Results: the tidy tables of a solve (:mod:`.tables`) and its headline (:mod:`.summary`).

Computed from the solver's values and the parameters; never imports the reports."""
