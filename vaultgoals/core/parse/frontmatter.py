"""A note's frontmatter (Obsidian "properties"): where it is, and what its YAML says.

Obsidian reads a frontmatter block only when the very first line of the file is `---`; the
block ends at the next `---` line. A file that opens with `---` and never closes it has no
properties: Obsidian shows all of it as the body, and so do we (with a Problem).

The YAML is read so that it means what Obsidian shows, and so that every value is
JSON-safe (the parsed note is cached as JSON):

- dates and datetimes become ISO strings; an impossible date (`2024-11-31`) stays text;
- YAML 1.2 scalars, as Obsidian (a YAML 1.2 reader) has them: `yes`/`no`/`on`/`off` stay
  text, `12:30` stays text (PyYAML's YAML 1.1 would give 750), `0123` is 123 (not octal 83);
- keys become strings, sets and tuples become lists, bytes become base64 text;
- an unquoted link `parent: [[Goal]]`, which YAML reads as a list in a list, becomes the
  text `[[Goal]]` again (anywhere in the value: also inside lists);
- anchors and aliases are allowed, but a document whose aliases expand far beyond its own
  size ("billion laughs") or refer to themselves is refused before anything is copied.
"""

from __future__ import annotations

import base64
import datetime as _dt
import math
import re
from collections.abc import Iterable
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from vaultgoals.core.model import Problem

__all__ = [
    "MAX_FRONTMATTER_CHARS",
    "frontmatter_tags",
    "load_frontmatter",
    "read_properties",
    "split_frontmatter",
    "split_frontmatter_lines",
]

# Bigger than any hand-written properties block; keeps a pasted blob from stalling a scan.
MAX_FRONTMATTER_CHARS = 256 * 1024
# An alias-expanded document may be this many times bigger than its distinct nodes (plus a
# constant) before it is taken for an alias bomb. Real anchors/aliases (shared defaults)
# stay far below this; a billion-laughs document exceeds it by orders of magnitude.
_EXPANSION_FACTOR = 10
_EXPANSION_SLACK = 10_000

_LINE_BREAK = re.compile(r"\r\n?|\n")
_TAGS_KEY = re.compile(r"^tags[ \t]*:[ \t]*(.*)$", re.IGNORECASE | re.MULTILINE)
_TAG_SPLIT = re.compile(r"[,\s]+")
_PROPERTY = re.compile(r"([^\s#:\-][^:]*):(?:\s|$)")  # a top-level `key:` line


def split_lines(text: str) -> list[str]:
    """Split like CodeMirror (and so Obsidian) numbers lines: `\\r\\n`, `\\r` and `\\n`."""
    if "\r" in text:
        return _LINE_BREAK.split(text)
    return text.split("\n")


def _is_fence(line: str) -> bool:
    return line.rstrip(" \t") == "---"


def _is_close(line: str) -> bool:
    stripped = line.rstrip(" \t")
    return stripped == "---" or stripped == "..."


def split_frontmatter_lines(
    lines: list[str], path: str = ""
) -> tuple[str | None, int, list[Problem]]:
    """Find the frontmatter block in a note already split into lines (BOM removed).

    Returns the YAML text between the fences (None when there is no frontmatter), the
    0-based index of the first body line, and problems (an unclosed block).
    """
    if not lines or not _is_fence(lines[0]):
        return None, 0, []
    for i in range(1, len(lines)):
        line = lines[i]
        # Cheap pre-check: only lines starting with '-' or '.' can close the block.
        if line[:1] in ("-", ".") and _is_close(line):
            return "\n".join(lines[1:i]), i + 1, []
    problem = Problem(path, 1, "frontmatter starts with --- but is never closed")
    return None, 0, [problem]


def split_frontmatter(text: str, path: str = "") -> tuple[str | None, int, list[Problem]]:
    """Split `text` into (frontmatter YAML or None, index of the first body line, problems).

    The block exists only when the first line is exactly `---` (trailing spaces and a
    UTF-8 BOM are fine) and a later line is `---` (or `...`). The index counts lines the
    way Obsidian does (`\\r\\n`, `\\r` and `\\n` each end a line).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.startswith("---"):  # fast path: most notes have no frontmatter to find
        return None, 0, []
    return split_frontmatter_lines(split_lines(text), path)


# --------------------------------------------------------------------------- YAML reading

# libyaml's parser (C, bundled in PyYAML's wheels) reads nearly every note's YAML; the pure
# Python one only YAML nested too deeply for it (see `_loader_for`).
try:
    from yaml import CSafeLoader as _FastBase
except ImportError:  # pragma: no cover - a PyYAML built without libyaml
    from yaml import SafeLoader as _FastBase  # type: ignore[assignment]

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _construct_bool(loader: yaml.SafeLoader, node: ScalarNode) -> bool:
    return str(loader.construct_scalar(node)).lower() == "true"


def _construct_int(loader: yaml.SafeLoader, node: ScalarNode) -> int:
    value = str(loader.construct_scalar(node))
    if value.startswith("0o"):
        return int(value[2:], 8)
    if value.startswith("0x"):
        return int(value[2:], 16)
    return int(value)


def _construct_timestamp(loader: yaml.SafeLoader, node: ScalarNode) -> str:
    text = str(loader.construct_scalar(node))
    try:
        value = yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return text  # `2024-11-31`: a date-shaped text that is no date
    return value.isoformat() if isinstance(value, (_dt.date, _dt.datetime)) else text


def _configure(cls: type[_FastBase] | type[yaml.SafeLoader]) -> None:
    """YAML 1.2 core-schema scalars (as Obsidian reads them) and JSON-safe timestamps."""
    cls.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _INT, _FLOAT)]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    cls.add_implicit_resolver(
        _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    cls.add_implicit_resolver(
        _INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
    )
    cls.add_implicit_resolver(
        _FLOAT,
        re.compile(
            r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?[0-9]+[eE][-+]?[0-9]+"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+.0123456789"),
    )
    cls.add_constructor(_BOOL, _construct_bool)
    cls.add_constructor(_INT, _construct_int)
    cls.add_constructor(_TIMESTAMP, _construct_timestamp)


class _FastLoader(_FastBase):
    """libyaml-backed safe loader (see `_configure`)."""


class _SafeDeepLoader(yaml.SafeLoader):
    """Pure-Python safe loader, for YAML that might nest deeply (see `_loader_for`)."""


_configure(_FastLoader)
_configure(_SafeDeepLoader)

# libyaml composes nodes by C recursion: a document nested ~100,000 deep overflows the C
# stack and kills the process. Every level of nesting needs one of these characters, so
# their count bounds the depth; above the bound the pure loader is used, whose Python
# recursion stops with a RecursionError instead.
_NESTING_CHARS = ("[", "{", "-", "?", ":")
_MAX_C_NESTING = 5_000


def _loader_for(yaml_text: str) -> _FastLoader | _SafeDeepLoader:
    bound = 0
    for ch in _NESTING_CHARS:
        bound += yaml_text.count(ch)
        if bound > _MAX_C_NESTING:
            return _SafeDeepLoader(yaml_text)
    return _FastLoader(yaml_text)


def _expanded_size(root: Node) -> tuple[int, int, bool]:
    """(distinct nodes, nodes after expanding every alias, has a cycle) — without recursion.

    Aliases are the same Node object reached twice, so a memo by `id` counts the expansion
    in time linear in the distinct nodes.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            total = 1
            for child in _children(node):
                total += sizes[id(child)]
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in on_path:
            return len(sizes), 0, True
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            ckey = id(child)
            if ckey in on_path:
                return len(sizes), 0, True
            if ckey not in sizes:
                stack.append((child, False))
    return len(sizes), sizes[id(root)], False


def _children(node: Node) -> Iterable[Node]:
    if isinstance(node, SequenceNode):
        return node.value  # type: ignore[no-any-return]
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return ()


def _json_safe(value: Any) -> Any:
    """A JSON-safe copy of what the YAML loader built (see the module docstring)."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {_key(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        if len(value) == 1 and isinstance(value[0], list) and len(value[0]) == 1:
            inner = value[0][0]
            if isinstance(inner, str):  # `[[Goal]]` unquoted: YAML's nested list
                return f"[[{inner}]]"
        return [_json_safe(v) for v in value]
    if isinstance(value, tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_json_safe(v) for v in value), key=repr)
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
# Scalars the simple path builds: strings as they are, the rest with the loader's own
# constructors (ours for bool, int and timestamp; PyYAML's for float and null).
_SIMPLE_SCALARS = frozenset((_STR, _BOOL, _INT, _FLOAT, _TIMESTAMP, "tag:yaml.org,2002:null"))


def _scalar(loader: Any, node: ScalarNode) -> Any:
    if node.tag == _STR:
        return node.value
    return _json_safe(loader.yaml_constructors[node.tag](loader, node))


def _simple_document(loader: Any, node: Node) -> dict[str, Any] | None:
    """What `_json_safe(loader.construct_document(node))` gives, built straight from the
    nodes, for what frontmatter nearly always is: string keys to plain scalars or lists of
    them. None for anything else (nested mappings or lists, merge keys, other tags): the
    full constructor reads those. (PyYAML's constructor runs in Python, value by value:
    for a note without tasks it would cost more than the rest of its reading;
    tests/test_frontmatter.py holds this path equal to it.)"""
    if not isinstance(node, MappingNode) or node.tag != _MAP:
        return None
    out: dict[str, Any] = {}
    for key, value in node.value:
        if not isinstance(key, ScalarNode) or key.tag != _STR:
            return None  # (a merge key `<<` has its own tag)
        if isinstance(value, ScalarNode):
            if value.tag not in _SIMPLE_SCALARS:
                return None
            out[key.value] = _scalar(loader, value)
        elif isinstance(value, SequenceNode) and value.tag == _SEQ:
            items = value.value
            if not all(isinstance(i, ScalarNode) and i.tag in _SIMPLE_SCALARS for i in items):
                return None  # (`[[Goal]]` unquoted is a list in a list: see _json_safe)
            out[key.value] = [_scalar(loader, i) for i in items]
        else:
            return None
    return out


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is None:
        return ""
    safe = _json_safe(key)
    return safe if isinstance(safe, str) else str(safe)


def _line_of_key(yaml_text: str, pattern: re.Pattern[str]) -> int:
    """0-based line of the first match of `pattern` in `yaml_text` (0 if none)."""
    m = pattern.search(yaml_text)
    return yaml_text.count("\n", 0, m.start()) if m else 0


def load_frontmatter(
    yaml_text: str, path: str, line_offset: int = 1
) -> tuple[dict[str, Any], list[Problem]]:
    """Read frontmatter YAML into a JSON-safe dict, with problems at their file lines.

    `line_offset` is how many file lines precede `yaml_text` (1: the opening `---`), so a
    YAML error at YAML line 0 is reported at file line `line_offset + 1`.
    Broken or hostile YAML gives an empty dict and a Problem; it never raises.
    """
    first = line_offset + 1
    if len(yaml_text) > MAX_FRONTMATTER_CHARS:
        msg = f"frontmatter is larger than {MAX_FRONTMATTER_CHARS // 1024} KiB; not read"
        return {}, [Problem(path, first, msg)]
    if not yaml_text.strip():
        return {}, []
    loader = _loader_for(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, []
        if "&" in yaml_text and "*" in yaml_text:  # aliases need an anchor
            distinct, expanded, cyclic = _expanded_size(node)
            if cyclic:
                return {}, [Problem(path, first, "frontmatter has an alias that refers to itself")]
            if expanded > _EXPANSION_FACTOR * distinct + _EXPANSION_SLACK:
                msg = (
                    f"frontmatter aliases expand to {expanded:,} values "
                    f"from {distinct:,} written ones (an alias bomb?); not read"
                )
                return {}, [Problem(path, first, msg)]
        simple = _simple_document(loader, node)
        data = loader.construct_document(node) if simple is None else simple
    except yaml.MarkedYAMLError as exc:
        return {}, [_yaml_problem(exc, path, first)]
    except RecursionError:
        return {}, [Problem(path, first, "frontmatter is nested too deeply; not read")]
    except Exception as exc:  # a note's bytes must never stop a vault scan
        return {}, [Problem(path, first, f"frontmatter is not valid YAML: {exc}")]
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        msg = f"frontmatter is {kind}, not a set of properties (key: value)"
        return {}, [Problem(path, first, msg)]
    try:
        result: dict[str, Any] = _json_safe(data) if simple is None else simple
    except RecursionError:
        return {}, [Problem(path, first, "frontmatter is nested too deeply; not read")]
    problems = _check_tags(yaml_text, result, path, first)
    return result, problems


def _yaml_problem(exc: yaml.MarkedYAMLError, path: str, first: int) -> Problem:
    """`path:line: frontmatter is not valid YAML: <what> (<while doing what, from where>)`."""
    mark = exc.problem_mark or exc.context_mark
    line = first + mark.line if mark is not None else first
    reason = exc.problem or exc.context or "invalid YAML"
    if exc.problem and exc.context:
        where = exc.context
        if exc.context_mark is not None and exc.context_mark.line + first != line:
            where += f" that starts on line {exc.context_mark.line + first}"
        reason += f" ({where})"
    return Problem(path, line, f"frontmatter is not valid YAML: {reason}")


def _tags_value(frontmatter: dict[str, Any]) -> tuple[bool, Any]:
    for key, value in frontmatter.items():
        if key.lower() == "tags":
            return True, value
    return False, None


def frontmatter_tags(frontmatter: dict[str, Any]) -> tuple[str, ...]:
    """The note's tags from its `tags` property (any case), without `#`, unique, in order.

    Accepts a YAML list, or a string of tags separated by commas and/or spaces, as
    Obsidian does. Only `tags` counts: in vaultgoals `tag:` names a goal's task tag.
    """
    found, value = _tags_value(frontmatter)
    if not found or value is None:
        return ()
    items: list[Any] = value if isinstance(value, list) else [value]
    out: dict[str, None] = {}
    for item in items:
        if item is None or isinstance(item, (dict, list)):
            continue
        for part in _TAG_SPLIT.split(str(item)):
            tag = part.lstrip("#")
            if tag:
                out.setdefault(tag, None)
    return tuple(out)


def _check_tags(
    yaml_text: str, frontmatter: dict[str, Any], path: str, first: int
) -> list[Problem]:
    found, value = _tags_value(frontmatter)
    if not found:
        return []
    line = first + _line_of_key(yaml_text, _TAGS_KEY)
    if value is None:
        m = _TAGS_KEY.search(yaml_text)
        if m is not None and m.group(1).startswith("#"):
            return [
                Problem(
                    path,
                    line,
                    "`tags: #…` is a YAML comment, so the note has no tags; "
                    "write `tags: [tag]` or a list without `#`",
                )
            ]
        return []
    problems: list[Problem] = []
    items = value if isinstance(value, list) else [value]
    strings = [str(v) for v in items if isinstance(v, (str, int, float))]
    if isinstance(value, str) and len([p for p in _TAG_SPLIT.split(value) if p]) > 1:
        problems.append(
            Problem(path, line, "tags written as one text; read as separate tags, "
                    "but a YAML list is clearer")
        )
    if any(s.lstrip().startswith("#") for s in strings):
        problems.append(Problem(path, line, "tags in properties are written without `#`"))
    if any(isinstance(v, (dict, list)) for v in items):
        problems.append(
            Problem(path, line, "tags should be a list of texts; nested values ignored")
        )
    return problems


def read_properties(
    lines: list[str], path: str, problems: list[Problem]
) -> tuple[dict[str, Any], int, tuple[str, ...], tuple[tuple[str, int], ...]]:
    """A note's frontmatter block, from its lines: (properties, index of the first body
    line, the `tags` property's tags, (casefolded name, 1-based line) of each top-level
    `key:` line). Problems are added to `problems`."""
    yaml_text, body_start, fm_problems = split_frontmatter_lines(lines, path)
    problems.extend(fm_problems)
    if yaml_text is None:
        return {}, body_start, (), ()
    frontmatter, yaml_problems = load_frontmatter(yaml_text, path)
    problems.extend(yaml_problems)
    property_lines = tuple(
        (m.group(1).strip().strip("\"'").casefold(), i + 1)
        for i in range(1, body_start) if (m := _PROPERTY.match(lines[i])) is not None
    )
    tags = tuple(dict.fromkeys(frontmatter_tags(frontmatter)))
    return frontmatter, body_start, tags, property_lines
