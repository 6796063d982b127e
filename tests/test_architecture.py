"""The functional core stays pure: app/core imports only the stdlib, pydantic, rapidfuzz and
itself (STYLE.md rule 1), and reads neither the clock nor the environment."""

import ast
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "app" / "core"
ALLOWED_THIRD_PARTY = {"pydantic", "rapidfuzz", "typing_extensions"}
FORBIDDEN_CALLS = {
    "date.today",
    "datetime.now",
    "datetime.utcnow",
    "datetime.today",
    "time.time",
    "os.getenv",
}


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("app."):
                names.add(node.module if not node.module.startswith("app.core") else "app.core")
            else:
                names.add(node.module.split(".")[0])
    return names


def test_core_imports_only_pure_modules() -> None:
    offenders = {}
    for path in CORE.rglob("*.py"):
        bad = {
            name
            for name in _imports(ast.parse(path.read_text()))
            if name != "app.core"
            and name not in sys.stdlib_module_names
            and name not in ALLOWED_THIRD_PARTY
        }
        bad -= {"app"}  # `import app.core...` style
        if bad:
            offenders[str(path.relative_to(CORE))] = sorted(bad)
    assert offenders == {}


def test_core_reads_no_clock_and_no_environment() -> None:
    for path in CORE.rglob("*.py"):
        source = path.read_text()
        for call in FORBIDDEN_CALLS:
            assert f"{call}(" not in source, f"{path.name} calls {call}()"
        assert "os.environ" not in source, path.name
        assert "open(" not in source.replace("_open(", ""), f"{path.name} opens files"
