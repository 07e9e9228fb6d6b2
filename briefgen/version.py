"""The release number, in a module of its own so any stage can name it without importing the
package top (which would pull the whole library in)."""

__version__ = "0.1.0"
