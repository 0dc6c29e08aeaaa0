"""The package's shape: no import cycle (imports inside functions included), no module using
another module's private names, no class too large to read, every package in the wheel. Read
from the source with ast, so a lazy import cannot hide a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "labctl"
MAX_CLASS_LINES = 250


def _modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return found


def _imports(name: str, tree: ast.Module, known: set[str]) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import of a labctl module, at any depth
    (TYPE_CHECKING blocks excepted: they never run)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for child in node.body for n in ast.walk(child)}
    out = []
    package = name if _is_package(name) else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names if a.name.startswith("labctl")]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - (node.level - 1)]
                module = ".".join([*base, module] if module else base)
            if not module.startswith("labctl"):
                continue
            names = [a.name for a in node.names]
            # `from labctl import x` names a submodule when there is one.
            subs = [f"{module}.{n}" for n in names if f"{module}.{n}" in known]
            out += [(s, []) for s in subs]
            rest = [n for n in names if f"{module}.{n}" not in known]
            if rest:
                out.append((module, rest))
    return out


def _with_parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts) + 1)]


def _is_package(module: str) -> bool:
    return (PACKAGE.parent / module.replace(".", "/") / "__init__.py").exists()


def test_no_import_cycle() -> None:
    modules = _modules()
    known = set(modules)
    # Importing labctl.providers.base runs labctl/providers/__init__.py first: parent packages
    # are imports too.
    graph = {
        name: {
            parent
            for m, _ in _imports(name, tree, known)
            for parent in _with_parents(m)
            # ... except the importing module's own packages, which are running already
            if parent in known and parent != name and not name.startswith(f"{parent}.")
        }
        for name, tree in modules.items()
    }
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == [], "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_module_imports_another_modules_private_name() -> None:
    modules = _modules()
    known = set(modules)
    offences = [
        f"{name} imports {module}.{n}"
        for name, tree in modules.items()
        for module, names in _imports(name, tree, known)
        for n in names
        if n.startswith("_") and module != name
    ]
    assert offences == []


def test_the_wheel_lists_every_package() -> None:
    """pyproject.toml names the packages (provision/ is mapped in): a new one must be added."""
    from labctl.tomlcompat import tomllib

    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    found = {m for m in _modules() if _is_package(m)}
    assert found | {"labctl.provision"} == listed


def test_no_class_over_the_size_a_reader_can_hold() -> None:
    big = [
        f"{name}.{node.name}: {node.end_lineno - node.lineno + 1} lines"
        for name, tree in _modules().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_CLASS_LINES
    ]
    assert big == []


TESTS = PACKAGE.parent / "tests"
# Suites about the product as a whole rather than one module.
WHOLE_PRODUCT = {
    "install": "the wheel, installed outside the clone and run as students and instructors do",
    "layout": "the package's shape (this file)",
}
# Modules whose behaviour is tested in the file of the module they serve, and why.
TESTED_WITH = {
    "labctl.providers.base": ("test_layout", "the Provider protocol, no behaviour: mypy holds "
                              "each provider to it where it is passed as one"),
    "labctl.providers.local_faults": ("test_faults", "the embedded lab's FaultMeans, each kind "
                                      "applied and cleared on real Apache"),
    "labctl.flapper": ("test_faults", "the detached process of `fault flap`"),
    "labctl.tomlcompat": ("test_install", "tomli on Python 3.10: the wheel run under 3.10"),
    "labctl.transports.base": ("test_transports_local", "the Transport contract and its one "
                               "sudo wrapper, kept by each transport's own file"),
    "labctl.transports.sshconfig": ("test_transports_ssh", "the SSH transport's part: the "
                                    "`vagrant ssh-config` value it connects with"),
    "labctl.transports.sshconnect": ("test_transports_ssh", "the SSH transport's part: keys, "
                                     "host keys, retries, connect errors, on a real sshd"),
    "labctl.transports.sshio": ("test_transports_ssh", "the SSH transport's part: the channel "
                                "pump, on a real sshd"),
}  # fmt: skip


def _named_module(test_file: str, known: set[str]) -> str | None:
    """The module or package tests/test_<name>.py is about: the longest run of its words that
    names one (test_verify_corpus: labctl.verify; test_providers_vagrant_faults:
    labctl.providers.vagrant_faults); provision/ is the package labctl.provision."""
    words = test_file.removeprefix("test_").split("_")
    for n in range(len(words), 0, -1):
        for dots in range(n):
            # Words joined by dots from the left, the rest by underscores: a.b_c, a_b_c ...
            name = ".".join(words[:dots]) + ("." if dots else "") + "_".join(words[dots:n])
            if f"labctl.{name}" in known or name == "provision":
                return f"labctl.{name}"
    return None


def test_a_test_files_name_is_read_as_the_module_it_tests() -> None:
    known = set(_modules())
    assert _named_module("test_verify_corpus", known) == "labctl.verify"
    faults = "labctl.providers.vagrant_faults"
    assert _named_module("test_providers_vagrant_faults", known) == faults
    assert _named_module("test_transports_local", known) == "labctl.transports.local"
    assert _named_module("test_provision_scripts", known) == "labctl.provision"
    assert _named_module("test_crlf", known) is None  # named after no module: refused


def test_every_test_file_is_named_after_what_it_tests() -> None:
    known = set(_modules())
    stray = [
        path.name
        for path in sorted(TESTS.glob("test_*.py"))
        if path.stem.removeprefix("test_") not in WHOLE_PRODUCT
        and _named_module(path.stem, known) is None
    ]
    assert stray == [], f"tests/test_<module>.py, named after a module of labctl/: {stray}"


def test_every_module_has_a_test_file() -> None:
    known = set(_modules())
    named = {_named_module(p.stem, known) for p in TESTS.glob("test_*.py")}
    untested = []
    for module in sorted(known - {"labctl", "labctl.__main__"}):
        # A package's file covers its modules (tests/test_verify*.py: labctl/verify/), and a
        # package is covered by its modules' files.
        if any(m in named for m in _with_parents(module)[1:]):
            continue
        if _is_package(module) and any(str(m).startswith(f"{module}.") for m in named):
            continue
        if module in TESTED_WITH:
            assert (TESTS / f"{TESTED_WITH[module][0]}.py").exists(), module
            continue
        untested.append(module)
    assert untested == [], f"no tests/test_<module>.py for {untested}"
