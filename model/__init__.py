"""The model layer, installed as ``emisim.model`` (this folder is mapped into the package by
``pyproject.toml``): write ``from emisim.model... import ...``, never ``import model``.

Floors, lowest first: :mod:`.vocabulary` and :mod:`.errors`; :mod:`.data` (dataset schema,
loader, the embedded Chongqing tables); :mod:`.scenario` (scenario files and their schema);
the formulation (:mod:`.params`, :mod:`.constraints`, :mod:`.objective`, :mod:`.build`).
"""
