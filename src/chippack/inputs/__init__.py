"""The edge of chippack: every file, number and option a user gives is checked here first.

One rule per kind of input, applied where it enters and before any array is
allocated or any file is written:

* :mod:`.files`: a file exists, is a regular file of bounded size and is UTF-8
  text (UTF-16, Latin-1, gzip, ZIP/.xlsx, .npy and other binaries are named);
* :mod:`.yaml_reader`: YAML 1.2 booleans, no duplicate keys, no invisible
  characters in keys, bounded nesting depth, aliases and expanded size, finite
  numbers;
* :mod:`.options`: command-line numbers are finite and inside their range;
* :mod:`.paths`: output folders can be made and never replace an input file;
* :mod:`.limits`: the budgets (file size, nesting, joints, mesh cells) with their
  documented defaults.

This stage sits with :mod:`chippack.errors` and :mod:`chippack.units` at the start
of the data flow: it imports nothing else of chippack.
"""

from chippack.inputs.files import read_text
from chippack.inputs.limits import LIMITS, Limits
from chippack.inputs.yaml_reader import load_yaml_text, read_yaml

__all__ = ["LIMITS", "Limits", "load_yaml_text", "read_text", "read_yaml"]
