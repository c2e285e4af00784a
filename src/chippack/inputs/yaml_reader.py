"""YAML for people: the YAML 1.2 core schema, no duplicate keys, bounded in every direction.

PyYAML reads YAML 1.1, in which ``no``, ``off`` and ``on`` are booleans, ``010`` is
eight, ``1:30`` is ninety and ``2024-01-01`` is a date; and like every YAML reader
it lets a second ``die:`` silently replace the first. A spec is read here with:

* the YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution):
  booleans only ``true``/``false``, integers decimal (``0o``/``0x`` prefixed
  otherwise), floats with an optional exponent, no dates;
* every mapping key a plain name, given once, free of invisible characters (a
  byte-order mark or zero-width space pasted into ``die`` makes a key that no
  longer matches ``die``);
* every number finite (``1e400`` and ``.nan`` are refused) and every integer
  short enough to mean something;
* nesting depth, alias uses and the node count after alias expansion bounded
  (:class:`~chippack.inputs.limits.Limits`), so a "billion laughs" file or a
  10 000-deep list is refused in milliseconds instead of exhausting memory or
  the Python stack.

Each refusal is a :class:`~chippack.errors.SpecError` whose path names the
field (``parts.die.size[0]``) or the line, and which never repeats the input at
length.
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from chippack.errors import SpecError
from chippack.inputs.files import read_text, shown
from chippack.inputs.limits import current

_TAG = "tag:yaml.org,2002:"
#: YAML 1.2 core schema, section 10.3.2 (plus the merge key ``<<``, which PyYAML supports).
CORE_RESOLVERS: tuple[tuple[str, str, str], ...] = (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$", "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("merge", r"^(?:<<)$", "<"),
)
#: Integers longer than this many digits are typing slips, not package dimensions.
MAX_INT_DIGITS = 15


class Loader(yaml.SafeLoader):
    """SafeLoader with the YAML 1.2 core schema and composition limits (depth, aliases, nodes)."""

    def __init__(self, stream):
        super().__init__(stream)
        self.depth = 0
        self.aliases = 0
        self.nodes = 0
        self.limits = current()

    def compose_node(self, parent, index):
        """Count depth, aliases and nodes while composing, refusing past the limits."""
        event = self.peek_event()
        line = event.start_mark.line + 1 if event.start_mark else 0
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > self.limits.yaml_aliases:
                raise SpecError("", f"line {line}: more than {self.limits.yaml_aliases} YAML "
                                "aliases (*name) in one file; write the values out")
            return super().compose_node(parent, index)
        self.nodes += 1
        if self.nodes > self.limits.yaml_nodes:
            raise SpecError("", f"more than {self.limits.yaml_nodes} values in one file "
                            f"(line {line}); is it the right file?")
        self.depth += 1
        try:
            if self.depth > self.limits.yaml_depth:
                raise SpecError("", f"line {line}: nested more than {self.limits.yaml_depth} "
                                "levels deep; a spec needs a handful")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_yaml_int(self, node):
        """YAML 1.2 integers: ``010`` is ten (YAML 1.1 read it as octal eight)."""
        value = self.construct_scalar(node)
        if value.startswith(("0o", "0x")):
            return int(value[2:], 8 if value[1] == "o" else 16)
        return int(value, 10)

    def construct_yaml_float(self, node):
        value = self.construct_scalar(node).lower()
        if value.lstrip("+-") == ".inf":
            return -math.inf if value.startswith("-") else math.inf
        if value == ".nan":
            return math.nan
        return float(value)


Loader.yaml_implicit_resolvers = {}
for _kind, _pattern, _first in CORE_RESOLVERS:
    Loader.add_implicit_resolver(_TAG + _kind, re.compile(_pattern), list(_first))
Loader.add_constructor(_TAG + "int", Loader.construct_yaml_int)
Loader.add_constructor(_TAG + "float", Loader.construct_yaml_float)


def _invisible(text: str) -> str | None:
    """The first invisible format character (BOM, zero-width space, bidi control) in ``text``."""
    for char in text:
        if unicodedata.category(char) == "Cf":
            return char
    return None


def _char_name(char: str) -> str:
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'format character')})"


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _line(node: Node) -> int:
    return node.start_mark.line + 1 if node.start_mark else 0


def check_nodes(root: Node) -> None:
    """Walk the composed document once: keys, scalars, cycles and expanded size.

    Aliased subtrees are visited once (their size is memoised), so the walk is
    linear in the file even when the aliases would expand exponentially.
    """
    limit = current().yaml_nodes
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def visit(node: Node, path: str) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise SpecError(path, f"line {_line(node)}: an alias refers to the collection it "
                            "sits in (a recursive structure); write the value out")
        open_nodes.add(key)
        size = 1
        if isinstance(node, ScalarNode):
            _check_scalar(node, path)
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                size += visit(item, _join(path, i))
        elif isinstance(node, MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _TAG + "merge":
                    size += visit(value_node, path)
                    continue
                name = _check_key(key_node, path, seen)
                size += visit(value_node, _join(path, name))
        open_nodes.discard(key)
        if size > limit:
            raise SpecError(path, f"expands to more than {limit} values (YAML aliases "
                            "repeated inside each other?); write the values out")
        sizes[key] = size
        return size

    visit(root, "")


def _check_key(node: Node, path: str, seen: dict[str, int]) -> str:
    line = _line(node)
    if not isinstance(node, ScalarNode):
        raise SpecError(path, f"line {line}: a key must be a plain name, not a "
                        f"{'list' if isinstance(node, SequenceNode) else 'mapping'}")
    if node.tag != _TAG + "str":
        kind = {"int": "number", "float": "number", "bool": "boolean",
                "null": "null (empty)"}.get(node.tag.removeprefix(_TAG), node.tag)
        raise SpecError(path, f"line {line}: key {node.value!r} is read as a {kind}; "
                        f"a key is a name (quote it: '{node.value}':)")
    name = node.value
    char = _invisible(name)
    if char is not None:
        visible = "".join(c for c in name if unicodedata.category(c) != "Cf")
        raise SpecError(_join(path, visible), f"line {line}: the key {visible!r} contains "
                        f"the invisible character {_char_name(char)}; delete it and retype "
                        "the key")
    if name in seen:
        raise SpecError(_join(path, name), f"line {line}: key {name!r} given twice (first on "
                        f"line {seen[name]}); YAML would silently keep only the last; "
                        "remove or rename one")
    seen[name] = line
    return name


def _check_scalar(node: ScalarNode, path: str) -> None:
    line = _line(node)
    text = node.value
    char = _invisible(text)
    if char is not None:
        raise SpecError(path, f"line {line}: the value contains the invisible character "
                        f"{_char_name(char)}; delete it")
    if node.tag == _TAG + "int":
        digits = len(text.lstrip("+-").removeprefix("0o").removeprefix("0x").lstrip("0"))
        if digits > MAX_INT_DIGITS:
            raise SpecError(path, f"line {line}: a whole number of {digits} digits is too "
                            "large to be a package dimension or count")
    elif node.tag == _TAG + "float":
        value = Loader.construct_yaml_float(_ConstructScalar, node)
        if not math.isfinite(value):
            shown_text = text if len(text) <= 24 else text[:20] + "..."
            raise SpecError(path, f"line {line}: {shown_text} is not a finite number"
                            f"{' (it overflows a double)' if 'e' in text.lower() else ''}; "
                            "give a finite value")


class _ConstructScalar:
    """Stand-in ``self`` for calling the float constructor on a node outside a loader."""

    @staticmethod
    def construct_scalar(node: ScalarNode) -> str:
        return node.value


def check_flow_depth(text: str, limit: int) -> None:
    """Refuse ``[[[[...`` or ``{{{{...`` nested past ``limit`` before PyYAML sees it.

    PyYAML's scanner looks ahead over every open flow collection for a possible
    key, which costs time quadratic in the nesting: 3000 brackets take seconds and
    a 2 MB file of them hours. Counting brackets (quoted text included, which only
    errs towards refusing 32 unclosed brackets inside a string) is linear.
    """
    if text.count("[") + text.count("{") <= limit:
        return
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    step = (np.isin(codes, (ord("["), ord("{"))).astype(np.int32)
            - np.isin(codes, (ord("]"), ord("}"))).astype(np.int32))
    depth = np.cumsum(step)
    if depth.max() > limit:
        line = text[: int(np.argmax(depth > limit))].count("\n") + 1
        raise SpecError("", f"line {line}: brackets nested more than {limit} levels deep; "
                        "a spec needs a handful")


def load_yaml_text(text: str, name: str = "spec") -> Any:
    """Parse YAML text (see the module docstring for the rules); errors name the line."""
    limits = current()
    if len(text) > limits.yaml_bytes:
        raise SpecError("", f"{name} is {len(text) / 1e6:.3g} MB of text, more than the "
                        f"{limits.yaml_bytes / 1e6:.3g} MB limit for a YAML input")
    check_flow_depth(text, limits.yaml_depth)
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_nodes(node)
        return loader.construct_document(node)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        context = getattr(err, "context", None)
        if context and "expected a single document" in context:
            problem = "more than one YAML document (a '---' line); give one per file"
        raise SpecError("", f"YAML syntax error in {name}{where}: {problem}") from None
    except RecursionError:
        raise SpecError("", f"{name} is nested too deeply to read") from None
    finally:
        loader.dispose()


def read_yaml(path: str | Path, field: str = "") -> Any:
    """Read a YAML file by the rules above; file problems name the file and what it is."""
    text = read_text(path, field)
    try:
        return load_yaml_text(text, shown(Path(path).name))
    except SpecError as err:
        if field and not err.path:
            raise SpecError(field, err.message) from None
        raise
