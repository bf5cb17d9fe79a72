"""load -> validate -> compute -> build -> render: the whole of a build, one stage per line."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.areas import AreaBook, read_neighbours
from reportgen.atomic import Staging, Writer, all_or_nothing, exclusive, write_atomically
from reportgen.build import build_pack
from reportgen.compute import Computed, compute
from reportgen.computed_cache import computed as cached_computed
from reportgen.config import Config, load_config
from reportgen.edited import read_edited
from reportgen.errors import InputError, Problem
from reportgen.export import EXPORT_SUFFIXES, computed_frame, write_table
from reportgen.importers import (
    Imported,
    load_mapping,
    read_ees,
    read_fingertips,
    read_lait,
)
from reportgen.logs import Kept
from reportgen.manifest import write_manifest
from reportgen.measures import BUILTIN_EES
from reportgen.merge import latest_periods, merge, report_tables
from reportgen.model import Pack
from reportgen.narrative import (
    EDITION,
    Pulled,
    check_keys,
    held_places,
    load_narrative,
    merge_pulled,
    narrative_blocks,
    save_narrative,
    status_lines,
    unknown_keys,
    with_narrative,
)
from reportgen.options import FORMATS
from reportgen.parallel import default_jobs, stopped_on_failure, workers
from reportgen.paths import output_folder, slug
from reportgen.render.docx import write_docx
from reportgen.render.html import render_html
from reportgen.validate import Dataset, load_dataset

if TYPE_CHECKING:
    from reportgen.plotting import ChartCache

log = logging.getLogger(__name__)

# WeasyPrint and matplotlib are imported only when a pack is written, so that the command
# line starts, and validates, without them.
READERS = {"fingertips": read_fingertips, "lait": read_lait}
REVISIONS_SHOWN = 10
CHART_FORMATS_FOR = {"pdf": "svg", "docx": "png", "html": "svg"}
PULL_WAIT_SECONDS = 120  # a second pull waits for the first, rather than losing either


def check(config_path: Path, strict: bool = False) -> tuple[Config, Dataset]:
    """Return the config and data, checked; raise InputError with every problem found."""
    with counting_warnings() as warnings:
        config = load_config(config_path)  # report.yaml first: it says where the data is
        dataset = load_dataset(config)  # every table read, typed and cross-checked
    refuse_warnings(config_path, warnings, strict)
    return config, dataset


def refuse_warnings(path: Path, warnings: list[logging.LogRecord], strict: bool) -> None:
    """With --strict, a warning about `path` is an error."""
    if strict and warnings:
        raise InputError(
            [
                Problem(
                    path.name, f"{len(warnings)} warning(s) above; --strict treats them as errors"
                )
            ]
        )


def validate(config_path: Path, strict: bool = False) -> tuple[Config, Dataset]:
    """Return the config and data, checked, with the narrative file's keys checked against
    the places the pack has; raise InputError with every problem found."""
    config, dataset = check(config_path, strict)
    check_keys(dataset.narrative, build_pack(config, compute(config, dataset)))
    return config, dataset


def build(
    config_path: Path,
    out_dir: Path,
    formats: Sequence[str] = FORMATS,
    strict: bool = False,
    cache: ChartCache | None = None,
    jobs: int | None = None,
) -> list[Path]:
    """Build the pack from `config_path` into `out_dir`, with `jobs` processes (default: one
    per core); return the files written."""
    with counting_warnings() as warnings:
        config, dataset = check(config_path, strict)  # nothing is written unless input is sound
        cache = chart_cache(formats, cache)
        # Latest figures, references and ratings, as last time if the inputs are the same.
        computed = cached_computed(config, dataset, cache.folder.parent / "computed")
        return write_pack(
            config, dataset, computed, out_dir, formats, cache, warnings, strict, jobs
        )


def chart_cache(formats: Sequence[str], cache: ChartCache | None = None) -> ChartCache:
    """Return `cache`, or the user's chart cache for the formats asked for."""
    from reportgen.plotting import default_cache  # before workers start, so they have it

    return cache or default_cache([CHART_FORMATS_FOR[fmt] for fmt in formats])


def write_pack(
    config: Config,
    dataset: Dataset,
    computed: Computed,
    out_dir: Path,
    formats: Sequence[str],
    cache: ChartCache,
    warnings: list[logging.LogRecord],
    strict: bool = False,
    jobs: int | None = None,
) -> list[Path]:
    """Write the pack of the computed figures into `out_dir`, every format and its manifest
    or none of them; return the files written."""
    pack = build_pack(config, computed)  # every wording, format and rating decided once
    check_keys(dataset.narrative, pack)  # a mistyped key's words would silently vanish
    pack = with_narrative(pack, dataset.narrative.entries)  # officers' words where written
    if "pdf" in formats:
        import reportgen.render.pdf  # noqa: F401  # before workers start, so they have it
    output_folder(out_dir)
    with (
        workers(jobs or default_jobs()) as pool,
        exclusive(out_dir, "build"),  # one build at a time into a folder
        all_or_nothing() as staging,  # every format and the manifest, or none of them
        stopped_on_failure(pool),  # before the staged files are removed
    ):
        pack = cache.draw_all(pack, pool)  # each chart drawn once, in the formats asked for
        written = write_outputs(pack, out_dir, formats, staging, strict, config.word_template, pool)
        manifest = out_dir / f"{slug(pack.title)}.manifest.json"  # what went in and out
        staging.write(
            manifest,
            lambda path: write_manifest(
                path,
                config,
                written,
                [r.getMessage() for r in warnings],
                computed_frame(computed, config),
            ),
        )
    return [*written, manifest]


def pull_narrative(
    docx_path: Path, config_path: Path, strict: bool = False, force: bool = False
) -> tuple[Path, Pulled]:
    """Merge the officers' words in an edited Word pack into the narrative file; return the
    file's path and what was done."""
    config, _, pack = _places(config_path, strict)
    assert config.narrative is not None
    with counting_warnings() as warnings:
        edited = read_edited(docx_path, narrative_blocks(pack))
        _check_edition(edited.properties.get(EDITION), pack, docx_path)
        for key, why in edited.unsure.items():
            log.warning(
                "narrative %s: %s in %s; nothing was taken for it", key, why, docx_path.name
            )
        source = f"{docx_path.name}, pulled {datetime.now().strftime('%d %B %Y %H:%M')}"
        # Read and rewritten under one lock: a second pull waits, so neither loses an edit.
        with exclusive(config_path.parent, "narrative pull", wait=PULL_WAIT_SECONDS):
            entries = load_narrative(config.narrative).entries  # as it is now, locked
            held = held_places(edited.properties) or None
            merged, changed, conflicts = merge_pulled(
                edited.found, held, pack, entries, source, force
            )
            refuse_warnings(docx_path, warnings, strict)
            kept = save_narrative(config.narrative, merged) if changed or conflicts else None
    return config.narrative, Pulled(changed, conflicts, tuple(edited.unsure), kept)


def narrative_status(config_path: Path) -> tuple[list[tuple[str, str]], list[Problem]]:
    """Return each place in the pack with the state of its words, and a problem for each
    narrative key that names no place."""
    _, dataset, pack = _places(config_path, check_narrative=False)
    return status_lines(pack, dataset.narrative.entries), unknown_keys(dataset.narrative, pack)


def _places(
    config_path: Path, strict: bool = False, check_narrative: bool = True
) -> tuple[Config, Dataset, Pack]:
    """Return the config, the data and the pack whose places officers write."""
    config, dataset = check(config_path, strict)  # the places officers write come from the data
    if config.narrative is None:
        raise InputError(
            [
                Problem(
                    config_path.name,
                    "names no narrative file for officers' words (add "
                    "a line such as  narrative: narrative.yaml)",
                    column="narrative",
                )
            ]
        )
    pack = build_pack(config, compute(config, dataset))  # each place's key, label and draft
    if check_narrative:
        check_keys(dataset.narrative, pack)
    return config, dataset, pack


def _check_edition(edition: str | None, pack: Pack, docx_path: Path) -> None:
    """Refuse a Word pack of another report (last quarter's, another council's)."""
    if edition is None:
        log.warning(
            "%s: has no record of which report it is (an editor removed it, or an older "
            "reportgen built it); check it is the Word file of this report (%s)",
            docx_path.name,
            pack.edition,
        )
    elif edition != pack.edition:
        raise InputError(
            [
                Problem(
                    docx_path.name,
                    f"is the pack for {edition}, not this report's ({pack.edition}); pull "
                    "the Word file built from this report",
                )
            ]
        )


def import_files(
    kind: str,
    files: Sequence[Path],
    config_path: Path,
    mapping: Path | None = None,
    every_revision: bool = False,
) -> list[str]:
    """Import published files into the report's tables; return a summary line per file and
    one for the merge (with the first few revised figures, or every one)."""
    paths = report_tables(config_path)  # the CSVs the imports go into
    with exclusive(config_path.parent, "import"):  # the tables are read, then rewritten
        return _import_files(kind, files, paths, mapping, every_revision)


def _import_files(
    kind: str,
    files: Sequence[Path],
    paths: dict[str, Path],
    mapping: Path | None,
    every_revision: bool,
) -> list[str]:
    # Areas matched across code changes and renames; the latest period's code kept.
    book = AreaBook.read(paths["areas"], latest_periods(paths["observations"]))
    lines, found = [], Imported()
    for path in files:
        if not path.is_file():
            raise InputError([Problem(str(path), "file not found")])
        if kind == "neighbours":
            lines.append(_name_neighbours(path, book, paths["areas"]))
            continue
        if kind == "ees":
            imported = read_ees(path, book, load_mapping(mapping) if mapping else BUILTIN_EES)
        else:
            imported = READERS[kind](path, book)
        lines.append(
            f"{path.name}: {len(imported.observations):,} observations "
            f"({imported.suppressed():,} suppressed or missing) for "
            f"{len({o['area'] for o in imported.observations}):,} areas"
        )
        lines += [f"  skipped {reason}" for reason in imported.skipped]
        found.observations += imported.observations
        found.indicators |= imported.indicators
    merged = merge(paths, found, book)
    lines.append(
        f"{paths['observations'].name}: {merged.added:,} added, {merged.revised:,} "
        f"revised, {merged.unchanged:,} unchanged; {merged.indicators_added} new "
        f"indicators; {merged.areas:,} areas"
    )
    lines += _listed("revised", merged.revisions, every_revision)
    if merged.kept_newer:
        releases = " and ".join(merged.newer_releases)
        lines.append(
            f"  {_figures(len(merged.kept_newer))} kept from the newer {releases} "
            f"release{'s' if len(merged.newer_releases) > 1 else ''}, which this import's "
            "older release would have changed"
        )
        lines += _listed("kept", merged.kept_newer, every_revision)
    if merged.redefined:
        lines.append(
            f"  {paths['indicators'].name} defines indicators otherwise than the source; "
            "kept as the table has them (delete an indicator's row and import again to take "
            "the source's):"
        )
        lines += [f"    {line}" for line in merged.redefined]
    if merged.kept:
        lines.append(
            f"  {_figures(merged.kept)} kept where this import gives only a symbol (c, x, -)"
        )
    if merged.duplicates:
        lines.append(
            f"  {merged.duplicates:,} rows were given twice; the newer release's (else the "
            "later file's) was kept"
        )
    return lines


def _figures(count: int) -> str:
    """Return "1 figure" or "2 figures"."""
    return f"{count:,} figure{'' if count == 1 else 's'}"


def _listed(what: str, figures: tuple[str, ...], every: bool) -> list[str]:
    """Return a line for each of the first few figures (or every one), and one for the rest."""
    shown = figures if every else figures[:REVISIONS_SHOWN]
    lines = [f"  {what} {figure}" for figure in shown]
    if len(shown) < len(figures):
        lines.append(
            f"  ... and {len(figures) - len(shown):,} more {what} (--every-revision lists them all)"
        )
    return lines


def _name_neighbours(path: Path, book: AreaBook, areas: Path) -> str:
    """Record DfE's statistical-neighbour model in the areas; return the summary line."""
    model = read_neighbours(path)
    named, absent = book.add_neighbours(model)
    if not named:
        raise InputError(
            [
                Problem(
                    path.name,
                    f"names LAs by their LA number, and {areas.name} holds none of them yet: "
                    "import the EES or LAIT figures first (reportgen import ees ...), then "
                    "the statistical neighbours",
                )
            ]
        )
    line = f"{path.name}: statistical neighbours named for {named:,} areas"
    if absent:
        shown = ", ".join(absent[:5]) + (", ..." if len(absent) > 5 else "")
        line += (
            f"; {len(absent)} of the model's LAs are not in {areas.name} and were left out "
            f"(LA numbers {shown})"
        )
    return line


def compute_table(config_path: Path, target: Path | None, strict: bool = False) -> Path:
    """Write the computed indicator table (CSV or XLSX) to `target`; return its path.

    Without a target it goes to output/ beside the packs, named after the report's title.
    """
    if target is not None and target.suffix.lower() not in EXPORT_SUFFIXES:
        raise InputError(
            [
                Problem(
                    str(target),
                    f"is not a {' or '.join(EXPORT_SUFFIXES)} file "
                    "(name the table e.g. table.csv or table.xlsx)",
                )
            ]
        )
    config, dataset = check(config_path, strict)  # nothing is written unless the input is sound
    frame = computed_frame(compute(config, dataset), config)  # as the pack is rated
    target = target or Path("output") / f"{slug(config.title)}.csv"
    output_folder(target.parent)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, lambda path: write_table(frame, path, target.suffix))
    return target


def write_outputs(
    pack: Pack,
    out_dir: Path,
    formats: Sequence[str],
    staging: Staging,
    strict: bool = False,
    word_template: bytes | None = None,
    pool: Executor | None = None,
) -> dict[Path, Path]:
    """Render the pack in each format into `out_dir` through `staging` (the Word file on the
    council's template, if given), the formats at once across the pool's processes if given;
    return each file's final path and the staged file holding it."""
    writers: dict[str, Writer] = {
        "pdf": partial(_write_pdf, pack, strict),
        "docx": partial(write_docx, pack, template=word_template),
        "html": partial(_write_html, pack),
    }
    targets = {
        out_dir / f"{slug(pack.title)}.{fmt}": writers[fmt] for fmt in dict.fromkeys(formats)
    }
    return staging.write_all(targets, pool)


def _write_pdf(pack: Pack, strict: bool, target: Path) -> None:
    from reportgen.render.pdf import write_pdf

    write_pdf(render_html(pack), target, strict)


def _write_html(pack: Pack, target: Path) -> None:
    """Write the pack as a standalone HTML page."""
    target.write_text(render_html(pack, standalone=True), encoding="utf-8")


@contextmanager
def counting_warnings() -> Iterator[list[logging.LogRecord]]:
    """Yield the list of reportgen's warnings logged in the block, for the manifest."""
    counter = Kept(logging.WARNING)
    logger = logging.getLogger("reportgen")
    logger.addHandler(counter)
    try:
        yield counter.records
    finally:
        logger.removeHandler(counter)
