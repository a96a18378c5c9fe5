"""Command line of the knowledge store: ``python -m knowledge COMMAND``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from knowledge.db import database_url, make_engine
from knowledge.files import DATA_DIR, DataFileError, read_files
from knowledge.loader import InvalidKnowledgeData, load
from knowledge.nlu_export import LOOKUP_FILE, export_lookups
from knowledge.recommender import Profile
from knowledge.repository import KnowledgeRepository
from knowledge.validation import validate


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def cmd_validate(args: argparse.Namespace) -> int:
    files = read_files(Path(args.data_dir))
    problems = validate(files)
    for problem in problems:
        print(f"FOUT: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} probleem/problemen gevonden in {args.data_dir}.", file=sys.stderr)
        return 1
    print(f"OK: de kennisbestanden in {args.data_dir} zijn in orde.")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    url = database_url(args.database_url)
    print(f"Kennisbank laden uit {args.data_dir} ...", flush=True)
    report = load(make_engine(url), read_files(Path(args.data_dir)))
    counts = ", ".join(f"{n} {table}" for table, n in sorted(report.counts.items()))
    print(f"Klaar in {time.perf_counter() - started:.1f} s: {counts}.")
    print(f"Database: {_safe_url(url)} (versie {report.data_hash}).")
    print("Volgende stap: `python -m knowledge routes --vooropleiding havo --sector po` of `make run`.")
    return 0


def cmd_routes(args: argparse.Namespace) -> int:
    repo = KnowledgeRepository(make_engine(args.database_url))
    level = repo.match_education(args.vooropleiding) or args.vooropleiding
    sector = repo.match_sector(args.sector) or args.sector
    advice = repo.recommend(Profile(education_level=level, sector=sector, subject=args.vak), limit=args.max)
    if not advice:
        print(f"Geen route gevonden voor vooropleiding '{level}' en sector '{sector}'.")
        return 1
    for rank, item in enumerate(advice, start=1):
        print(f"{rank}. {item.name} ({item.duration_months} maanden, {item.study_form}) -> {item.qualification}")
        print(f"   Waarom: {item.why}")
        if item.requirement:
            print(f"   Nog nodig: {item.requirement}")
        print(f"   Bron: {item.source} (peildatum {item.peildatum})")
    return 0


def cmd_desk(args: argparse.Namespace) -> int:
    repo = KnowledgeRepository(make_engine(args.database_url))
    answer = repo.desks_for_place(args.plaats, args.sector)
    if answer.place:
        place = answer.place
        print(f"{args.plaats!r} -> gemeente {place.municipality_name} ({place.municipality_code}, via {place.how})")
    else:
        print(f"{args.plaats!r}: plaats niet gevonden; landelijk loket.")
    for desk in answer.desks:
        kind = "landelijk" if desk.is_national else "regionaal"
        contact = ", ".join(x for x in (desk.website, desk.email, desk.phone) if x)
        print(f"- {desk.name} ({kind}): {contact} [bron: {desk.source}, peildatum {desk.peildatum}]")
    return 0


def cmd_export_nlu(args: argparse.Namespace) -> int:
    path = export_lookups(KnowledgeRepository(make_engine(args.database_url)), Path(args.output))
    print(f"NLU-lookups geschreven naar {path}. Train opnieuw (`make train`) om ze in het model te gebruiken.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description="Kennisbank van de routeadvies-bot.")
    parser.add_argument(
        "--database-url", default=None, help="SQLAlchemy URL (standaard: $DATABASE_URL of SQLite in var/)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="controleer de kennisbestanden")
    p.add_argument("--data-dir", default=str(DATA_DIR))
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("load", help="bouw de database uit de kennisbestanden")
    p.add_argument("--data-dir", default=str(DATA_DIR))
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("routes", help="toon het routeadvies voor een profiel")
    p.add_argument("--vooropleiding", required=True)
    p.add_argument("--sector", required=True)
    p.add_argument("--vak", default=None)
    p.add_argument("--max", type=int, default=3)
    p.set_defaults(func=cmd_routes)

    p = sub.add_parser("desk", help="toon het loket voor een plaats of postcode")
    p.add_argument("plaats")
    p.add_argument("--sector", default=None, choices=["po", "vo", "mbo"])
    p.set_defaults(func=cmd_desk)

    p = sub.add_parser("export-nlu", help="schrijf NLU-lookups uit de kennisbank")
    p.add_argument("--output", default=str(LOOKUP_FILE))
    p.set_defaults(func=cmd_export_nlu)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataFileError as exc:
        print(f"FOUT: {exc}", file=sys.stderr)
        return 2
    except InvalidKnowledgeData as exc:
        for problem in exc.problems:
            print(f"FOUT: {problem}", file=sys.stderr)
        print("De database is niet veranderd. Los de fouten op en probeer opnieuw.", file=sys.stderr)
        return 1
