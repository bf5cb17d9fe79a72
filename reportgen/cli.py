"""The command line: parse options, call the pipeline, show problems. No logic of its own."""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from reportgen import __version__
from reportgen.errors import InputError, ReportgenError, echoed
from reportgen.options import FORMATS, IMPORTERS

F = TypeVar("F", bound=Callable[..., Any])

CONFIG = click.argument(
    "config", metavar="REPORT_YAML", type=click.Path(path_type=Path, dir_okay=False)
)


def output(help_text: str) -> Callable[[F], F]:
    return click.option(
        "-o",
        "--output",
        "out_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("output"),
        show_default=True,
        help=help_text,
    )


FORMAT = click.option(
    "-f",
    "--format",
    "formats",
    type=click.Choice(FORMATS),
    multiple=True,
    help="Output format; repeat for several. [default: pdf, docx and html]",
)


def _jobs(context: click.Context, parameter: click.Parameter, value: int | None) -> int | None:
    """Return the processes to build with, cut to one per core with a warning."""
    from reportgen.parallel import bounded_jobs

    jobs, warning = bounded_jobs(value)
    if warning:
        click.echo(f"warning: {warning}", err=True)
    return jobs


JOBS = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    callback=_jobs,
    help="Processes to build with, at most one per core; the pack is the same whatever the "
    "number. [default: one per core]",
)
STRICT = click.option("--strict", is_flag=True, help="Treat warnings as errors (exit status 2).")


class _StderrHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        level = "warning" if record.levelno >= logging.WARNING else "note"
        click.echo(f"{level}: {record.getMessage()}", err=True)


def _stop_cleanly(signum: int, frame: object) -> None:
    """Turn a termination request into SystemExit, so half-written files are removed."""
    raise SystemExit(128 + signum)


def _setup_logging(verbose: bool) -> None:
    logger = logging.getLogger("reportgen")
    logger.handlers[:] = [_StderrHandler()]
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False


def _show_errors(command: F) -> F:
    """Turn reportgen's errors into their messages on stderr and their exit status."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InputError as error:
            for problem in error.problems:
                click.echo(f"error: {problem}", err=True)
            count = len(error.problems)
            click.echo(
                f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", err=True
            )
            raise SystemExit(error.exit_code) from None
        except ReportgenError as error:
            click.echo(f"error: {error}", err=True)
            raise SystemExit(error.exit_code) from None

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportgen")
@click.option("-v", "--verbose", is_flag=True, help="Also show notes, e.g. how files were read.")
def main(verbose: bool) -> None:
    """Build a children's services committee performance pack (PDF and Word)
    from a report.yaml and the indicator data it names.

    Start with `reportgen validate report.yaml`, then `reportgen build report.yaml`.
    """
    _setup_logging(verbose)
    signal.signal(signal.SIGTERM, _stop_cleanly)


@main.command()
@CONFIG
@STRICT
@_show_errors
def validate(config: Path, strict: bool) -> None:
    """Check REPORT_YAML and its data files, listing every problem at once.

    Each problem names the file, the row as a spreadsheet shows it, the column, what is
    wrong and what is allowed. Exits with status 2 if anything is wrong; writes nothing.
    """
    from reportgen import pipeline  # the stages' heavy imports, only now

    checked_config, dataset = pipeline.validate(config, strict)
    click.echo(
        f"{config.name}: valid ({len(dataset.indicators)} indicators, "
        f"{len(dataset.observations):,} observations, area {checked_config.area})."
    )


@main.command()
@CONFIG
@click.option(
    "-o",
    "--output",
    "target",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The table to write: a .csv or .xlsx file. [default: output/<title>.csv]",
)
@STRICT
@_show_errors
def compute(config: Path, target: Path | None, strict: bool) -> None:
    """Write the computed indicator table that the pack's ratings come from.

    One row per indicator and area (each locality too): the latest figure on or before the
    report period, the previous and year-ago figures, the year to date and the previous year
    to date, the comparators with the best statistical neighbour and the national top
    quartile, each comparison's rating, the direction of travel, the gap to England, quartile,
    significance, and the overall rating under the configured scheme. Nothing is written if
    the data has problems.
    """
    from reportgen import pipeline  # the stages' heavy imports, only now

    click.echo(f"wrote {pipeline.compute_table(config, target, strict)}")


@main.command()
@CONFIG
@output("Folder to write the pack into.")
@FORMAT
@JOBS
@STRICT
@_show_errors
def build(
    config: Path, out_dir: Path, formats: tuple[str, ...], jobs: int | None, strict: bool
) -> None:
    """Validate REPORT_YAML's data, then write the pack: a tagged PDF for the agenda, a Word
    file for officers and a standalone HTML page for the web.

    Nothing is written if the data has problems; files are replaced only when complete.
    """
    from reportgen import pipeline  # the stages' heavy imports, only now

    for path in pipeline.build(config, out_dir, formats or FORMATS, strict, jobs=jobs):
        click.echo(f"wrote {path}")


def _shard(context: click.Context, parameter: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    number, _, of = value.partition("/")
    if not (number.isdigit() and of.isdigit() and 1 <= int(number) <= int(of)):
        raise click.BadParameter(f"{echoed(value)}: write K/N, K from 1 to N, e.g. 2/4")
    return int(number), int(of)


@main.command()
@CONFIG
@click.option(
    "--areas",
    default="all",
    show_default=True,
    help="The councils: all (every local authority in the areas table), region:NAME, or a "
    "file naming one area per line.",
)
@output("Folder to write into: a folder per council, and the index.")
@FORMAT
@JOBS
@click.option(
    "--shard",
    metavar="K/N",
    callback=_shard,
    help="Build only share K of N of the councils (the same share on every machine), to "
    "split the work between machines or jobs.",
)
@STRICT
@_show_errors
def batch(
    config: Path,
    areas: str,
    out_dir: Path,
    formats: tuple[str, ...],
    jobs: int | None,
    shard: tuple[int, int] | None,
    strict: bool,
) -> None:
    """Build REPORT_YAML's pack for each of many councils, each with its own region and
    statistical neighbours, sharing the data read once; then an index of them all.

    A council that fails is reported and stops no other; one whose pack is unchanged since
    the last run is skipped. Exit status 1 if any failed.
    """
    import time

    from reportgen import batch as batches  # the stages' heavy imports, only now

    started = time.monotonic()
    outcomes = batches.run(config, areas, out_dir, formats or FORMATS, jobs, shard, strict)
    for line in batches.summary(outcomes, time.monotonic() - started):
        click.echo(line)
    if any(outcome.status == "failed" for outcome in outcomes):
        raise SystemExit(1)


@main.group()
def narrative() -> None:
    """Officers' commentary: pull their words out of an edited Word pack, and see which
    places have words."""


@narrative.command()
@click.argument("docx", metavar="EDITED_DOCX", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-c",
    "--config",
    "config",
    required=True,
    metavar="REPORT_YAML",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The report.yaml whose narrative file receives the words.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Take the Word file's words even where the narrative file has newer ones.",
)
@STRICT
@_show_errors
def pull(docx: Path, config: Path, force: bool, strict: bool) -> None:
    """Read the commentary officers wrote in EDITED_DOCX into the narrative file.

    Works with a file saved by Word, LibreOffice or another editor: each place is found by
    its bookmarks, content control or label, and read whole, tracked changes accepted. Places
    left as drafted are not copied, so the next build drafts them afresh. Where the narrative
    file's words changed since EDITED_DOCX was built, they are kept and the Word file's words
    are written beside them (incoming:) for a person to choose. The previous narrative file
    is kept in a dated copy in the history folder beside it.
    """
    from reportgen import pipeline  # the stages' heavy imports, only now

    target, pulled = pipeline.pull_narrative(docx, config, strict, force)
    for key in pulled.changed:
        click.echo(f"updated {key}")
    for key in pulled.conflicts:
        click.echo(
            f"kept {key}: its words in {target.name} are newer than {docx.name}'s; those are "
            "written beside them under incoming: for you to choose (or pull with --force)"
        )
    for key in pulled.unsure:
        click.echo(f"not found {key}: left as it was")
    summary = f"{target.name}: {len(pulled.changed)} place(s) updated"
    if pulled.conflicts:
        summary += f", {len(pulled.conflicts)} to choose"
    if not (pulled.changed or pulled.conflicts):
        summary = f"{target.name}: no commentary changed"
    click.echo(summary)
    if pulled.kept is not None:
        click.echo(f"the previous {target.name} is kept as {pulled.kept}")


@narrative.command()
@CONFIG
@_show_errors
def status(config: Path) -> None:
    """List every place officers write in REPORT_YAML's pack, and whether its words are
    written by officers, drafted from the figures, stale (the figures changed since they
    were written), missing, or waiting for a person to choose between two versions."""
    from reportgen import pipeline  # the stages' heavy imports, only now

    places, unknown = pipeline.narrative_status(config)
    width = max(len(key) for key, _ in places)
    for key, state in places:
        click.echo(f"{key:<{width}}  {state}")
    if unknown:
        raise InputError(unknown)


@main.command(name="import")
@click.argument("kind", type=click.Choice(IMPORTERS))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--into",
    "config",
    required=True,
    metavar="REPORT_YAML",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The report whose indicators, observations and areas CSVs receive the data.",
)
@click.option(
    "--mapping",
    type=click.Path(path_type=Path, dir_okay=False),
    help="For ees: a YAML file saying which columns and filter values make which "
    "indicator. [default: the built-in children's social care measures]",
)
@click.option(
    "--every-revision",
    is_flag=True,
    help="List every figure a newer release revised, and every figure kept from a newer "
    "release. [default: the first 10 of each]",
)
@_show_errors
def import_(
    kind: str, files: tuple[Path, ...], config: Path, mapping: Path | None, every_revision: bool
) -> None:
    """Import published statistics (KIND: ees, fingertips, lait, or neighbours for DfE's
    statistical-neighbour model) into a report's data.

    Figures are added, or replace the same indicator, area and period from an older release
    (and are counted as revised); a figure from a newer release is never replaced by an older
    one's (and is counted as kept). Each figure keeps its file, row and release. LAs are
    matched by code, old LA number or name, so code changes and renames join up; suppression
    symbols load as missing with their reason.
    """
    from reportgen import pipeline  # the stages' heavy imports, only now

    for line in pipeline.import_files(kind, files, config, mapping, every_revision):
        click.echo(line)


if __name__ == "__main__":
    main()
