"""The solver layer, installed as ``emisim.solvers`` (this folder is mapped into the package
by ``pyproject.toml``): write ``from emisim.solvers... import ...``, never ``import solvers``.

:mod:`.compile` turns a built model into one HiGHS LP, :mod:`.highs` solves it and returns a
frozen :class:`~emisim.solvers.highs.SolveResult`, :mod:`.diagnostics` explains infeasibility.
"""
