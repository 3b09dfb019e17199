"""No fixture hides another of the same name.

pytest lets a test module, a helper module, or a deeper conftest.py define a fixture under
the name of one in a conftest.py above it, and the nearer one silently wins for that
module: `program` would mean one thing in one test file and another in its neighbour.
Read from the source (no import): a module's fixtures are its functions decorated with
`pytest.fixture` and the module-level names bound to another module's fixture
(`rx = log_support.rx`, `from tests.programs.log_support import rx`).
"""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def dotted(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {dotted(path): path for path in sorted(TESTS.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(), str(path)) for name, path in MODULES.items()}


def fixture_name(function) -> str | None:
    """The name `function` is registered under, or None if it is not a fixture."""
    for decorator in function.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        if ast.unparse(call.func if call else decorator) in {"pytest.fixture", "fixture"}:
            named = [k.value.value for k in (call.keywords if call else ()) if k.arg == "name"]
            return named[0] if named else function.name
    return None


def defined(tree) -> dict[str, str]:
    """Attribute name → fixture name, for the fixtures a module defines itself (a test
    class's own fixtures count as the module's: they hide a conftest one for that class)."""
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
        functions += [node for node in cls.body if isinstance(node, ast.FunctionDef)]
    return {f.name: name for f in functions if (name := fixture_name(f))}


OWN = {name: defined(tree) for name, tree in TREES.items()}


def fixtures(module: str) -> set[str]:
    """Every fixture name pytest registers for `module`, borrowed ones included."""
    names = set(OWN[module].values())
    modules = {}  # local name → a module of the suite
    for node in TREES[module].body:
        if isinstance(node, ast.Import):
            modules |= {a.asname: a.name for a in node.names if a.asname and a.name in OWN}
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                local = alias.asname or alias.name
                if f"{node.module}.{alias.name}" in OWN:
                    modules[local] = f"{node.module}.{alias.name}"
                elif alias.name in OWN.get(node.module, {}):
                    names.add(local)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Attribute):
            source = ast.unparse(node.value.value)
            source = modules.get(source, source)
            if node.value.attr in OWN.get(source, {}):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


CONFTESTS = {MODULES[name].parent: name for name in MODULES if name.endswith(".conftest")}


def conftests_above(path: Path) -> list[str]:
    """The conftest modules that apply to `path` (for a conftest, the ones above it)."""
    return [CONFTESTS[d] for d in path.parents if d in CONFTESTS and CONFTESTS[d] != dotted(path)]


def test_no_module_redefines_a_fixture_of_a_conftest_above_it():
    hidden = [
        f"{MODULES[module].relative_to(ROOT)} defines `{name}`, "
        f"already a fixture of {MODULES[conftest].relative_to(ROOT)}"
        for module in MODULES
        for conftest in conftests_above(MODULES[module])
        for name in sorted(fixtures(module) & fixtures(conftest))
    ]
    assert not hidden, "\n".join(hidden)


def test_the_check_sees_the_suites_fixtures():
    """Guards the check itself: it reads decorators, aliases and imports."""
    assert {"bob", "alice", "northside"} <= fixtures("tests.conftest")
    assert "program" in fixtures("tests.programs.conftest")
    assert conftests_above(MODULES["tests.programs.test_today"]) == [
        "tests.programs.conftest",
        "tests.conftest",
    ]
    assert conftests_above(MODULES["tests.programs.conftest"]) == ["tests.conftest"]
    assert {"frozen", "rx"} <= fixtures("tests.programs.log_support")
    assert {"frozen", "rx"} <= fixtures("tests.programs.test_today")  # `rx = log_support.rx`
