"""`pack MODULE|--all --lang en|sr|sr-Cyrl -o DIR`: write field packs (PDF) to print or carry
offline; `--all` writes one per module, with a progress bar."""

from __future__ import annotations

import argparse
from pathlib import Path

from courseware.cli.usage import UsageError


def register(commands) -> None:
    parser = commands.add_parser(
        "pack",
        help="write the field pack (PDF) of a module, or of every module",
        description="Writes DIR/field-pack-MODULE-LANG.pdf: the module's lessons, the help "
        "contacts and the practice sheets, with a QR code per lesson pointing at "
        "COURSEWARE_PUBLIC_URL. Exit status: 0 written, 2 usage error.",
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("module", nargs="?", metavar="MODULE", help="the module id")
    which.add_argument("--all", action="store_true", help="every module of the course")
    parser.add_argument(
        "--lang",
        default="en",
        choices=["en", "sr", "sr-Cyrl"],
        help="English, Serbian (Latin) or Serbian (Cyrillic); default en",
    )
    parser.add_argument("-o", "--output", metavar="DIR", default=".", help="folder to write to")
    parser.set_defaults(run=run)


def progress(items, description: str, enabled: bool):
    """A progress bar on standard error (tqdm), or the items as they are."""
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=description, unit="pack")


def course_catalog():
    from courseware.content.catalog import load_catalog

    catalog = load_catalog(Path.cwd())
    if catalog.course is None:
        raise UsageError("no course here: run it in the repository folder (modules/course.yaml)")
    return catalog


def run(args: argparse.Namespace) -> int:
    from courseware.paper.editions import edition, pack_file_name
    from courseware.paper.pack import PackRequest, build_pack
    from courseware.settings import load_settings

    catalog = course_catalog()
    if args.all:
        modules = [m for m in catalog.course.modules if m in catalog.modules]
    elif args.module in catalog.modules:
        modules = [args.module]
    else:
        known = ", ".join(m for m in catalog.course.modules if m in catalog.modules)
        raise UsageError(f"unknown module '{args.module}' (modules: {known})")
    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    ed = edition(args.lang)
    public_url = load_settings().public_url
    for module_id in progress(modules, f"field packs ({args.lang})", args.all):
        path = folder / pack_file_name(module_id, ed)
        path.write_bytes(build_pack(PackRequest(catalog, module_id, ed, public_url)))
        if not args.all:
            print(path)
    if args.all:
        print(f"{len(modules)} field packs written to {folder}")
    return 0
