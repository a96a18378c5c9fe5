"""Command line of the knowledge store: ``python -m knowledge COMMAND``."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from knowledge.db import database_url, make_engine
from knowledge.files import DATA_DIR, DataFileError, read_files
from knowledge.loader import InvalidKnowledgeData, load
from knowledge.nlu_export import LOOKUP_FILE, export_lookups
from knowledge.recommender import Profile
from knowledge.regions_import import RegionsImportError, import_regions
from knowledge.repository import KnowledgeRepository
from knowledge.source_check import homepage_warnings
from knowledge.validation import validate

REGIONS_ENV = "ROUTEADVIES_REGIONS_DIR"


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def cmd_validate(args: argparse.Namespace) -> int:
    files = read_files(Path(args.data_dir))
    problems = validate(files)
    weak = homepage_warnings(files)
    for warning in weak:
        print(f"WAARSCHUWING: {warning}", file=sys.stderr)
    for problem in problems:
        print(f"FOUT: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} probleem/problemen gevonden in {args.data_dir}.", file=sys.stderr)
        return 1
    note = f" ({len(weak)} waarschuwing(en) over zwakke bronnen)" if weak else ""
    print(f"OK: de kennisbestanden in {args.data_dir} zijn in orde{note}.")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    url = database_url(args.database_url)
    engine = make_engine(url)
    print(f"Kennisbank laden uit {args.data_dir} ...", flush=True)
    report = load(engine, read_files(Path(args.data_dir)))
    counts = ", ".join(f"{n} {table}" for table, n in sorted(report.counts.items()))
    print(f"Klaar in {time.perf_counter() - started:.1f} s: {counts}.")
    regions = args.regions or os.environ.get(REGIONS_ENV)
    if regions:
        _import_regions(engine, Path(regions))
    else:
        print(f"Regio's: alleen de basisset. Zet {REGIONS_ENV} of gebruik --regions DIR voor de officiële regiodata.")
    print(f"Database: {_safe_url(url)} (versie {report.data_hash}).")
    print("Volgende stap: `python -m knowledge routes --vooropleiding havo --sector po` of `make run`.")
    return 0


def _import_regions(engine, directory: Path) -> None:
    started = time.perf_counter()
    print(f"Regiodata importeren uit {directory} ...", flush=True)
    report = import_regions(engine, directory)
    print(
        f"Klaar in {time.perf_counter() - started:.1f} s: {report.municipalities} gemeenten, {report.places} "
        f"woonplaatsen, {report.postcodes} postcodes, {report.desks} regioloketten, {report.coverage} "
        "koppelingen loket-gemeente-sector."
    )
    fallback = ", ".join(f"{sector}: {n}" for sector, n in report.without_desk.items())
    print(f"Gemeenten zonder eigen regioloket (krijgen het landelijk Onderwijsloket): {fallback}.")


def cmd_import_regions(args: argparse.Namespace) -> int:
    _import_regions(make_engine(database_url(args.database_url)), Path(args.directory))
    print("Volgende stap: `python -m knowledge desk 8011 --sector po`.")
    return 0


def _profile(repo: KnowledgeRepository, args: argparse.Namespace) -> Profile:
    place = repo.resolve_place(args.plaats) if args.plaats else None
    return Profile(
        education_level=repo.match_education(args.vooropleiding) or args.vooropleiding,
        sector=(repo.match_sector(args.sector) or args.sector) if args.sector else None,
        subject=(repo.match_subject(args.vak) or args.vak) if args.vak else None,
        situation=(repo.match_situation(args.situatie) or args.situatie) if args.situatie else None,
        study_form=args.vorm,
        age=args.leeftijd,
        municipality_code=place.municipality_code if place else None,
    )


def cmd_routes(args: argparse.Namespace) -> int:
    repo = KnowledgeRepository(make_engine(args.database_url))
    profile = _profile(repo, args)
    if args.route:
        verdict = repo.explain_route(profile, args.route)
        if verdict is None:
            print(f"Onbekende route '{args.route}'.", file=sys.stderr)
            return 2
        fits, reasons = verdict
        print(f"{args.route}: {'past' if fits else 'past niet'}")
        for reason in reasons:
            print(f"  - {reason}")
        return 0
    result = repo.recommend(profile, limit=args.max)
    print(f"Profiel: {profile}")
    if not result.advice:
        print("Geen route gevonden die past. Het landelijk Onderwijsloket kan meedenken.")
    for rank, item in enumerate(result.advice, start=1):
        print(f"{rank}. {item.name} ({item.duration_months} maanden, {' / '.join(item.forms)}) -> {item.qualification}")
        for reason in item.why:
            print(f"   Waarom: {reason}")
        if item.requirement:
            print(f"   Nog nodig: {item.requirement}")
        for step in item.steps:
            print(f"   Stap: {step.title} ({step.duration_months} mnd)")
        if item.funding:
            print(f"   Geld: {', '.join(f.name for f in item.funding)}")
        if item.institutions:
            print(f"   Waar: {', '.join(f'{i.name} ({i.city})' for i in item.institutions[:4])}")
        print(f"   Bron: {item.source} (peildatum {item.peildatum}){'' if item.confirmed else ' [niet bevestigd]'}")
    if args.waarom_niet:
        for item in result.not_fitting:
            print(f"Past niet: {item.name}: {' '.join(item.reasons)}")
    return 0 if result.advice else 1


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
    # From the data files in the repository, not from a database that may hold imported regional
    # data: the committed lookups must be the same on every machine (a unit test checks that).
    engine = make_engine("sqlite://")
    load(engine, read_files())
    path = export_lookups(KnowledgeRepository(engine), Path(args.output))
    print(f"NLU-lookups en synoniemen geschreven naar {path}. Train opnieuw (`make train`) om ze te gebruiken.")
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

    p.add_argument("--regions", default=None, help=f"importeer daarna de regiodata uit DIR (of ${REGIONS_ENV})")

    p = sub.add_parser("import-regions", help="laad de officiële regiodata (gemeenten, postcodes, regioloketten)")
    p.add_argument("directory")
    p.set_defaults(func=cmd_import_regions)

    p = sub.add_parser("routes", help="toon het routeadvies voor een profiel")
    p.add_argument("--vooropleiding", required=True)
    p.add_argument("--sector", default=None, help="po, vo of mbo (of gewone woorden: basisschool, ...)")
    p.add_argument("--vak", default=None)
    p.add_argument("--situatie", default=None, help="bijv. mbo-docent-zonder-bevoegdheid, leraar-tweedegraads")
    p.add_argument("--vorm", default=None, choices=["voltijd", "deeltijd", "duaal", "werkend leren"])
    p.add_argument("--leeftijd", type=int, default=None)
    p.add_argument("--plaats", default=None, help="woonplaats of postcode: instellingen dichtbij eerst")
    p.add_argument("--max", type=int, default=3)
    p.add_argument("--waarom-niet", action="store_true", help="toon ook welke routes niet passen, en waarom")
    p.add_argument("--route", default=None, help="leg uit of deze ene route past (route-id)")
    p.set_defaults(func=cmd_routes)

    p = sub.add_parser("desk", help="toon het loket voor een plaats of postcode")
    p.add_argument("plaats")
    p.add_argument("--sector", default=None, choices=["po", "vo", "mbo"])
    p.set_defaults(func=cmd_desk)

    p = sub.add_parser("export-nlu", help="schrijf NLU-lookups en synoniemen uit de kennisbestanden")
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
    except RegionsImportError as exc:
        print(f"FOUT: {exc}", file=sys.stderr)
        print("De database is niet veranderd.", file=sys.stderr)
        return 1
    except InvalidKnowledgeData as exc:
        for problem in exc.problems:
            print(f"FOUT: {problem}", file=sys.stderr)
        print("De database is niet veranderd. Los de fouten op en probeer opnieuw.", file=sys.stderr)
        return 1
