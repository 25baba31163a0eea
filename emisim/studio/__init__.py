"""emisim studio: a scenario in the browser, changed and re-solved at once (``emisim studio``;
docs/studio.md). ``app`` (routes), ``session`` (one browser's scenario and warm engine),
``sessions`` (the store, idle sessions freed), ``views`` (what the fragments show),
``controls`` (what may change, with the schema's ranges), ``keep`` (save and compare),
``server`` (uvicorn, the access token)."""
