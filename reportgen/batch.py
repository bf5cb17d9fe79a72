"""A pack for each of many councils from one report.yaml (`reportgen batch`).

The data is read, checked and prepared once; each council's pack is then built as a single
build of that council would build it (its own area, region and statistical neighbours),
several at once, with progress. A failure in one council stops no other; a council whose
pack is unchanged since the last run is skipped; an index lists them all.
"""

from __future__ import annotations

import difflib
import logging
import sys
import time
import zlib
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reportgen import __version__, pipeline
from reportgen.batch_index import write_index
from reportgen.compute import Published, compute, published
from reportgen.config import Config, load_config
from reportgen.errors import InputError, Problem, ReportgenError, echoed
from reportgen.jsonfile import load_json
from reportgen.manifest import inputs, sha256
from reportgen.parallel import default_jobs, logged_call, stopped_on_failure, workers
from reportgen.paths import output_folder, slug, writable
from reportgen.periods import long_date
from reportgen.validate import Loaded, read_dataset

if TYPE_CHECKING:
    from reportgen.plotting import ChartCache
    from reportgen.tables import Area

log = logging.getLogger(__name__)

ALL, REGION = "all", "region:"
AREAS_HELP = "all, region:NAME, or a file naming one area per line"


@dataclass(frozen=True)
class Shared:
    """What every council's pack is built from: read, checked and computed once."""

    config: Config  # report.yaml as written
    loaded: Loaded
    figures: Published
    cache: ChartCache
    formats: tuple[str, ...]
    strict: bool
    said: tuple[str, ...]  # the warnings reading report.yaml and the tables gave
    inputs: tuple[dict[str, str], ...]  # as each manifest lists them
    folders: dict[str, str]  # each council's folder under the batch's, by its name


@dataclass(frozen=True)
class Outcome:
    """What became of one council's pack."""

    area: str
    region: str
    folder: str  # under the batch's folder
    status: str  # built, unchanged or failed
    reason: str = ""  # why it failed


def folder_names(areas: Iterable[Area]) -> dict[str, str]:
    """Return each area's folder name under a batch's folder, by its name: the slug of its
    name, with its code (or, without one, a short hash of its name) added where two names
    give one slug ("St. Helens" and "St Helens"), so no council's pack overwrites another's.
    Every area of the table is named, whichever are built, so a folder is the same in every
    shard and every run."""
    by_slug: dict[str, list[Area]] = {}
    for area in areas:
        by_slug.setdefault(slug(area.name), []).append(area)
    folders = {}
    for made, sharing in by_slug.items():
        for area in sharing:
            suffix = slug(area.code) if area.code else f"{zlib.crc32(area.name.encode()):08x}"
            folders[area.name] = made if len(sharing) == 1 else f"{made}-{suffix}"
    return folders


_shared: Shared | None = None  # in each worker, what the batch shares


def _share(shared: Shared) -> None:
    global _shared
    _shared = shared


def councils(spec: str, loaded: Loaded, config: Config) -> list[Area]:
    """Return the councils `spec` chooses from the areas table: every local authority, those
    of a region, or those a file names (one per line; blank lines and # comments skipped).
    Of every authority or a region's, those that are not councils at report.yaml's period
    (joint returns, and former councils that had ended by then) are left out, and said."""
    areas = loaded.dataset.areas
    authorities = [area for area in areas if area.type == "la"]
    if not authorities:
        raise InputError([Problem("--areas", "the areas table lists no area of type la")])
    if spec == ALL:
        return _councils_of(authorities, config)
    if spec.startswith(REGION):
        name = spec.removeprefix(REGION).strip()
        chosen = [area for area in authorities if area.region == name]
        if not chosen:
            regions = ", ".join(sorted({area.region for area in authorities if area.region}))
            problem = f"no council's region is {echoed(name)} (regions: {regions})"
            raise InputError([Problem("--areas", problem)])
        return _councils_of(chosen, config)
    return _named_in(Path(spec), {area.name: area for area in areas})


def _councils_of(areas: list[Area], config: Config) -> list[Area]:
    """Return the areas that are councils at the report's period, saying which are not."""
    day = config.period_end
    kept = [area for area in areas if area.is_council_at(day)]
    if left_out := [area for area in areas if area not in kept]:
        log.warning(
            "left out %d local authorities that are not councils at %s: %s",
            len(left_out),
            long_date(day),
            ", ".join(_not_a_council(area) for area in left_out),
        )
    return kept


def _not_a_council(area: Area) -> str:
    """Return an area that is not a council, with why: "Northamptonshire (until 31 March 2021)"."""
    if area.status == "joint":
        return f"{area.name} (a joint return)"
    return f"{area.name} (until {long_date(area.until)})" if area.until else f"{area.name} (former)"


def _named_in(path: Path, areas: dict[str, Area]) -> list[Area]:
    if not path.is_file():
        raise InputError([Problem("--areas", f"{path} is not a file; write {AREAS_HELP}")])
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError([Problem(path.name, f"cannot be read as UTF-8 text ({error})")]) from None
    chosen, problems = [], []
    for number, line in enumerate(lines, start=1):
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        if name in areas:
            chosen.append(areas[name])
        else:
            close = difflib.get_close_matches(name, areas, n=1)
            hint = f"; did you mean {echoed(close[0])}?" if close else ""
            problem = f"{echoed(name)} is not an area of the areas table{hint}"
            problems.append(Problem(path.name, problem, number))
    if problems or not chosen:
        raise InputError(problems or [Problem(path.name, "names no area")])
    return list(dict.fromkeys(chosen))  # each once, in the file's order


def in_shard(areas: Sequence[Area], shard: tuple[int, int]) -> list[Area]:
    """Return the councils of share K of N: decided by each council's name alone, so every
    machine given the same N splits the councils the same way, whatever else it is given."""
    number, of = shard
    return [area for area in areas if zlib.crc32(area.name.encode("utf-8")) % of == number - 1]


def council_config(config: Config, area: Area) -> Config:
    """Return report.yaml's config for `area`: its own council name, region and neighbours
    where report.yaml names those of its own area."""

    comparators = dict(config.comparators)
    if "regional" in comparators:
        if not area.region:
            raise InputError(
                [Problem(config.data["areas"].name, f"{area.name} has no region", column="region")]
            )
        comparators["regional"] = area.region
    if "neighbours" in comparators:
        comparators["neighbours"] = _neighbours(config, area)
    council = _moved(config, config.council, area) if config.area in config.council else area.name
    return replace(config, area=area.name, council=council, comparators=comparators)


def _moved(config: Config, text: str, area: Area) -> str:
    """Return report.yaml's `text` with its own area's name as `area`'s."""
    return text.replace(config.area, area.name)


def _neighbours(config: Config, area: Area) -> str:
    """Return the neighbour group report.yaml's comparators name, as `area`'s."""
    return _moved(config, config.comparators.get("neighbours", ""), area)


def build_council(area: Area, out: Path) -> Outcome:
    """Build one council's pack into its own folder under `out`, unless it is unchanged."""
    shared = _shared
    assert shared is not None, "_share() first"
    folder = shared.folders[area.name]
    try:
        config = council_config(shared.config, area)
        writable(out / folder, out)  # a council's folder a link to elsewhere: refused
        if _unchanged(out / folder, config, shared):
            return Outcome(area.name, area.region, folder, "unchanged")
        with pipeline.counting_warnings() as warnings:
            problems = shared.loaded.home_problems(config)
            if problems:
                raise InputError(problems)
            for said in (*shared.said, *map(str, shared.loaded.notes_for(config))):
                log.warning("%s", said)  # as a single build of the council says them
            pipeline.refuse_warnings(config.path, warnings, shared.strict)
            computed = compute(config, shared.loaded.dataset, shared.figures)
            pipeline.write_pack(
                config,
                shared.loaded.dataset,
                computed,
                out / folder,
                shared.formats,
                shared.cache,
                warnings,
                shared.strict,
                jobs=1,
            )
    except ReportgenError as error:
        return Outcome(area.name, area.region, folder, "failed", _one_line(error))
    except Exception as error:  # a fault of reportgen's: said, and the other councils go on
        log.exception("building %s", area.name)
        return Outcome(area.name, area.region, folder, "failed", f"{type(error).__name__}: {error}")
    return Outcome(area.name, area.region, folder, "built")


def _one_line(error: ReportgenError) -> str:
    return "; ".join(str(error).splitlines())


def _unchanged(folder: Path, config: Config, shared: Shared) -> bool:
    """Whether the folder holds this council's pack from the same inputs, code version and
    date, in the formats asked for, every file as its manifest recorded it."""
    found = list(folder.glob("*.manifest.json"))
    try:
        manifest = load_json(found[0]) if len(found) == 1 else {}
    except (OSError, ValueError):
        return False
    expected = {
        "reportgen": __version__,
        "generated": config.generated.isoformat(),
        "area": config.area,
        "inputs": list(shared.inputs),
    }
    if not manifest or any(manifest.get(key) != value for key, value in expected.items()):
        return False
    outputs = manifest.get("outputs", [])
    formats = sorted(Path(output["file"]).suffix.lstrip(".") for output in outputs)
    return formats == sorted(shared.formats) and all(
        (folder / output["file"]).is_file() and sha256(folder / output["file"]) == output["sha256"]
        for output in outputs
    )


def run(
    config_path: Path,
    areas: str,
    out: Path,
    formats: Sequence[str],
    jobs: int | None = None,
    shard: tuple[int, int] | None = None,
    strict: bool = False,
    stream: TextIO | None = None,
) -> list[Outcome]:
    """Build the pack of each council `areas` chooses into its own folder under `out`, and
    the index; return what became of each, in the order chosen."""
    with pipeline.counting_warnings() as said:
        config = load_config(config_path)
        loaded = read_dataset(config)
    pipeline.refuse_warnings(config_path, said, strict)
    chosen = councils(areas, loaded, config)
    if shard is not None:
        chosen = in_shard(chosen, shard)
    shared = Shared(
        config,
        loaded,
        published(config, loaded.dataset),
        pipeline.chart_cache(formats),
        tuple(dict.fromkeys(formats)),
        strict,
        tuple(record.getMessage() for record in said),
        tuple(inputs(config)),
        folder_names(loaded.dataset.areas),
    )
    if "pdf" in formats:
        import reportgen.render.pdf  # noqa: F401  # before workers start, so they have it
    output_folder(out).mkdir(parents=True, exist_ok=True)
    _share(shared)
    progress = Progress(len(chosen), stream or sys.stdout)
    outcomes: dict[str, Outcome] = {}
    with workers(jobs or default_jobs(), _share, shared) as pool, stopped_on_failure(pool):
        if pool is None:
            for area in chosen:
                outcomes[area.name] = progress.add(logged_call(build_council, area, out)[0])
        else:
            futures = {pool.submit(logged_call, build_council, area, out): area for area in chosen}
            for future in as_completed(futures):
                outcome = _outcome_of(future, futures[future], shared.folders)
                outcomes[outcome.area] = progress.add(outcome)
    progress.close()
    ordered = [outcomes[area.name] for area in chosen]
    write_index(out, ordered, config.title, shard)
    return ordered


def _outcome_of(
    future: Future[tuple[Outcome, list[logging.LogRecord]]], area: Area, folders: dict[str, str]
) -> Outcome:
    try:
        return future.result()[0]
    except Exception as error:  # the worker itself stopped (out of memory, killed)
        reason = f"the process building it stopped ({type(error).__name__})"
        return Outcome(area.name, area.region, folders[area.name], "failed", reason)


class Progress:
    """Counts and the time left as packs finish: one line redrawn on a terminal, else a
    line per council (for a log)."""

    BAR = 24

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream = total, stream
        self.counts = {"built": 0, "unchanged": 0, "failed": 0}
        self.started = time.monotonic()
        self.terminal = stream.isatty()
        self.width = 0

    def add(self, outcome: Outcome) -> Outcome:
        self.counts[outcome.status] += 1
        done = sum(self.counts.values())
        line = f"[{done}/{self.total}] {outcome.area}: {outcome.status}"
        line += f" ({outcome.reason})" if outcome.reason else ""
        if not self.terminal:
            self.stream.write(line + "\n")
        else:
            if outcome.status == "failed":  # kept above the bar
                self.stream.write("\r" + line.ljust(self.width) + "\n")
            self._draw(done)
        self.stream.flush()
        return outcome

    def _draw(self, done: int) -> None:
        filled = round(self.BAR * done / self.total)
        bar = "#" * filled + "-" * (self.BAR - filled)
        counts = ", ".join(f"{count} {status}" for status, count in self.counts.items() if count)
        line = f"[{bar}] {done}/{self.total} councils ({counts}), {self._left(done)}"
        self.width = max(self.width, len(line))
        self.stream.write("\r" + line.ljust(self.width))

    def _left(self, done: int) -> str:
        if done == self.total:
            return "done"
        seconds = (time.monotonic() - self.started) / done * (self.total - done)
        return (
            f"about {seconds / 60:.0f} min left" if seconds >= 90 else f"about {seconds:.0f} s left"
        )

    def close(self) -> None:
        if self.terminal and self.total:
            self.stream.write("\n")
            self.stream.flush()


def summary(outcomes: Sequence[Outcome], seconds: float) -> list[str]:
    """Return the lines that end a batch: the counts, then each failure and its reason."""
    counts = {
        status: sum(o.status == status for o in outcomes)
        for status in ("built", "unchanged", "failed")
    }
    lines = [
        f"{len(outcomes)} councils in {seconds:.0f} s: "
        + ", ".join(f"{count} {status}" for status, count in counts.items())
    ]
    lines += [f"failed: {o.area}: {o.reason}" for o in outcomes if o.status == "failed"]
    return lines
