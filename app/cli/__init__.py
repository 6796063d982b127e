"""The `assay` command line: serve, worker, migrate, token, assess, recheck, accreditation.

Start-up is part of the interface (issue 14): `assay --help` must not import the web stack,
the database layer or the parser. So each command lives in its own module, imported only
when that command runs; the index below knows each command's one-line help without
importing it, and `main` dispatches on the first argument. `assay assess` runs in a warm
server when one can be used (`app.cli.assess_client`): typer itself is imported only when
a command runs here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

# name -> (module, attribute, one-line help). A typer.Typer attribute is a command group.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "serve": ("app.cli.serve", "serve", "Run the HTTP API (and, by default, the workers)."),
    "worker": (
        "app.cli.worker",
        "worker",
        "Run background workers: parsing, webhook delivery, re-check batches.",
    ),
    "migrate": ("app.cli.admin", "migrate_command", "Apply database migrations."),
    "token": ("app.cli.admin", "token", "Print a locally signed token (for scripts)."),
    "assess": (
        "app.cli.assess",
        "assess",
        "Assess vendor documents offline and print findings, score and evidence.",
    ),
    "recheck": (
        "app.cli.recheck",
        "recheck",
        "Re-assess vendors whose assessment may have changed; print a summary.",
    ),
    "accreditation": ("app.cli.accreditation", "app", "Accreditation reference data."),
}


def _load(name: str) -> Any:
    from importlib import import_module

    module, attribute, _ = COMMANDS[name]
    return vars(import_module(module))[attribute]


def _command_app(name: str) -> typer.Typer:
    """A Typer app for one command (a group is returned as is)."""
    import typer

    target = _load(name)
    if isinstance(target, typer.Typer):
        return target
    single = typer.Typer(add_completion=False, rich_markup_mode=None)
    single.command(name)(target)
    return single


def _index() -> typer.Typer:
    """The root app for `assay --help` and unknown commands: placeholders, nothing imported."""
    import typer

    index = typer.Typer(
        add_completion=False,
        no_args_is_help=True,
        help="Assay: vendor due-diligence service.",
        rich_markup_mode=None,  # plain help: rich costs 250 ms of imports
    )
    for name, (_, _, help_text) in COMMANDS.items():
        index.command(
            name,
            help=help_text,
            context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
            add_help_option=False,
        )(_placeholder)
    return index


def _placeholder() -> None:  # never run: `main` dispatches known commands itself
    import typer

    raise typer.Exit(2)


def build_cli() -> typer.Typer:
    """Every command in one Typer app (imports them all: for tests and completion)."""
    import typer

    full = typer.Typer(
        add_completion=False, no_args_is_help=True, help="Assay: vendor due-diligence service."
    )
    for name, (_, _, help_text) in COMMANDS.items():
        target = _load(name)
        if isinstance(target, typer.Typer):
            full.add_typer(target, name=name, help=help_text)
        else:
            full.command(name)(target)
    return full


def __getattr__(name: str) -> Any:
    if name == "cli":
        return build_cli()
    raise AttributeError(f"module 'app.cli' has no attribute {name!r}")


def _run(app: Callable[..., Any], args: list[str], prog: str) -> int:
    import typer

    try:
        result = app(args=args, prog_name=prog, standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except typer.Abort:
        return 1
    except typer.TyperException as exc:  # bad usage: unknown option, missing argument, ...
        typer.echo(f"Error: {exc.format_message()}", err=True)
        return exc.exit_code
    # With standalone_mode=False, a command's `typer.Exit(code)` comes back as the value.
    return result if isinstance(result, int) else 0


def _prestart_parsers(args: list[str]) -> None:
    """`assay assess FILE...`: start the parse workers before anything else is imported, so
    the parser's imports in the workers overlap this process's (one per core, per file)."""
    import os

    from app.adapters.pdf.isolation import prespawn

    files = sum(1 for a in args if not a.startswith("-") and a.lower().endswith(".pdf"))
    prespawn(min(files, os.cpu_count() or 1))


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; returns the exit code (for tests: `main([...])`)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["assess"] and "--help" not in args:
        from app.cli.assess_client import run as run_in_server

        code = run_in_server(args)
        if code is not None:
            return code
        _prestart_parsers(args[1:])
    return dispatch(args)


def dispatch(args: list[str]) -> int:
    """Run `assay <args>` in this process (the warm server's command copies start here)."""
    if args and args[0] in COMMANDS:
        return _run(_command_app(args[0]), args[1:], f"assay {args[0]}")
    return _run(_index(), args, "assay")
