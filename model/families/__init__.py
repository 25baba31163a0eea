"""The requirement families, one module per kind of requirement; the registry
(:data:`emisim.model.requirements.FAMILIES`) lists them in report order."""
