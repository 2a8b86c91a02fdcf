"""The careful YAML parser: plain data with the position of every value, and strict limits.

PyYAML's loaders keep the last of two duplicate keys and expand aliases without limit; this module
composes the node graph (with the C parser when there is one), then builds plain Python data itself,
refusing duplicate keys, object-constructing tags and alias bombs, and recording each value's line and
column so that a validation error can point at the file, line and column it comes from. Imported only
when a file is read this way (see `allyscore.yamlio`), so that the fast path never loads PyYAML.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import InputFileError
from .located import MAX_DEPTH, Located, Path_, Positions

try:  # the C parser composes several times faster
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """YAML 1.2 core-schema scalars (PyYAML speaks 1.1, where `no` is false and `012` is octal).

    The fast parser (yaml_rs) reads 1.2 too, so both give the same data for the same file.
    """

    yaml_implicit_resolvers: dict[Any, Any] = {}


_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9_]*[0-9][0-9_]*|0[oO][0-7_]+|0[xX][0-9a-fA-F_]+|0[bB][01_]+)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?=\.?[0-9])(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"), list("-+0123456789."))
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"),
                              ["~", "n", "N", ""])
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:timestamp",
    re.compile(r"^(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
               r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?)$"), list("0123456789"))


def _core_scalar(tag: str, value: str) -> Any:
    """Construct an implicitly typed YAML 1.2 core scalar."""
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() == "true"
    text = value.replace("_", "")
    if tag == "tag:yaml.org,2002:int":
        sign = -1 if text.startswith("-") else 1
        digits = text.lstrip("+-")
        return sign * (int(digits, 0) if digits[:2].lower() in ("0x", "0o", "0b") else int(digits, 10))
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    return float(text)


_CORE_TAGS = {"tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
              "tag:yaml.org,2002:float"}
_ALLOWED_SCALAR_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
}
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


def parse_located(text: str, file: str) -> Located:
    """Parse one YAML document into plain data with positions; raise InputFileError when it is bad."""
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise InputFileError("file is empty", file=file, hint="see the README for the format")
    _refuse_tabs(text, file)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = (exc.problem or exc.context or "invalid YAML").strip()
        if exc.context == "expected a single document in the stream":
            raise InputFileError("the file holds more than one YAML document", file=file,
                                 line=mark.line + 1 if mark else None,
                                 column=mark.column + 1 if mark else None,
                                 hint="remove the '---' and what follows, or split the file") from None
        hint = None
        if message.startswith("mapping values are not allowed"):  # `claim: Article 3: ...`
            hint = "a value that holds ': ' must be quoted, e.g. claim: \"Article 3: no help to an aggressor\""
        raise InputFileError(f"invalid YAML: {message}", file=file,
                             line=mark.line + 1 if mark else None,
                             column=mark.column + 1 if mark else None, hint=hint) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow; the first one is it
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        at = text.find(char)
        line = text.count("\n", 0, at) + 1 if at >= 0 else None
        column = at - (text.rfind("\n", 0, at) + 1) + 1 if at >= 0 else None
        raise InputFileError(f"invalid YAML: {exc.reason}: found U+{ord(char[:1] or ' '):04X}",
                             file=file, line=line, column=column,
                             hint="remove it, or write it as an escape in a double-quoted string") from None
    except yaml.YAMLError as exc:
        raise InputFileError(f"invalid YAML: {exc}", file=file) from None
    finally:
        loader.dispose()
    if node is None:
        raise InputFileError("file is empty", file=file, hint="see the README for the format")
    # aliases may at most double the document: the budget counts distinct nodes, not bytes (a bomb
    # padded with a long comment would otherwise get a budget of millions of nodes)
    builder = _Builder(file, budget=2 * _distinct_nodes(node) + 10_000)
    data = builder.build(node, ())
    return Located(data, builder.values, builder.keys, file)


def _distinct_nodes(root: yaml.Node) -> int:
    """How many distinct nodes the composed graph holds (an alias is the node it names, counted once)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return len(seen)


def _refuse_tabs(text: str, file: str) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            raise InputFileError("tab character in indentation", file=file, line=number,
                                 column=indent.index("\t") + 1, hint="YAML indents with spaces")


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, with limits and positions."""

    def __init__(self, file: str, budget: int) -> None:
        self.file = file
        self.budget = budget
        self.values: Positions = {}
        self.keys: Positions = {}
        self._scalars = yaml.SafeLoader("")  # only its scalar constructors are used (explicit tags)
        self._resolver = _Loader("")

    @staticmethod
    def _tag(node: yaml.Node) -> str:
        return node.tag.replace("tag:yaml.org,2002:", "!!")

    def _fail(self, node: yaml.Node, message: str, hint: str | None = None) -> InputFileError:
        return InputFileError(message, file=self.file, line=node.start_mark.line + 1,
                              column=node.start_mark.column + 1, hint=hint)

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise self._fail(node, "document expands to too many nodes (an alias bomb?)",
                             "remove the nested aliases")
        if len(path) > MAX_DEPTH:
            raise self._fail(node, f"nested more than {MAX_DEPTH} levels deep", "allyscore files nest a few levels")
        self.values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self._fail(node, f"YAML tag {self._tag(node)!r} is not allowed", "remove the tag")
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self._fail(key_node, "mapping keys must be plain scalars")
                key = "<<" if key_node.tag == "tag:yaml.org,2002:merge" else self._scalar(key_node)
                if key == "<<":
                    raise self._fail(key_node, "YAML merge keys ('<<') are not supported",
                                     "write the keys out")
                if key in out:
                    first = self.keys.get(path + (key,))
                    where = f" (first at line {first[0]})" if first else ""
                    raise self._fail(key_node, f"duplicate key {key!r}{where}",
                                     "YAML would silently keep only the last one")
                self.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self._fail(node, f"YAML tag {self._tag(node)!r} is not allowed", "remove the tag")
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag not in _ALLOWED_SCALAR_TAGS:
            raise self._fail(node, f"YAML tag {self._tag(node)!r} is not allowed",
                             "allyscore files hold plain data only")
        if node.tag == "tag:yaml.org,2002:str" and not node.style and "_" in node.value:
            bare = node.value.replace("_", "")  # YAML 1.2 parsers read 1_000 and _1 as numbers
            tag = self._resolver.resolve(yaml.ScalarNode, bare, (True, False)) if bare else None
            if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
                return _core_scalar(tag, bare)
        if node.tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
            return node.value  # dates stay text: the models parse and check them
        if not node.style and node.tag in _CORE_TAGS \
                and self._resolver.resolve(yaml.ScalarNode, node.value, (True, False)) == node.tag:
            try:
                return _core_scalar(node.tag, node.value)
            except ValueError:
                pass
        try:
            return self._scalars.construct_object(node)
        except Exception:  # PyYAML's constructors raise ValueError, KeyError, IndexError...: `!!bool maybe`, `!!int`
            raise self._fail(node, f"invalid value {node.value!r} for tag {self._tag(node)!r}",
                             "remove the tag, or fix the value") from None
