"""Importers: turn third-party data into datasets in allyscore's own schema (see `importers.atop`)."""
