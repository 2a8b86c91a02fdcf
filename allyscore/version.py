"""The version of allyscore, in a module of its own so that any layer can name it without importing the
package's public face (allyscore/__init__.py imports from every layer)."""

__version__ = "0.1.0"
