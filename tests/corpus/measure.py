"""Figures on a generated set: `python -m tests.corpus.measure --set dev|aside|fresh`.

Runs `assay assess`'s code path (`app.cli.assess.build_report`: each PDF parsed in an isolated
worker, then the pure assessment) on every package, as of 2026-11-23 with the package's
vendor profile, and prints kinds right, facts right per kind and per fact, packages exactly
right (every required finding, no forbidden one, tier in `tier_in`) and forbidden high or
critical findings raised. For the dev set it also lists every miss; for the held-out aside
and fresh sets it prints figures only (nobody tunes to their documents).
"""

import argparse
import contextlib
import io
import sys
import time
from collections import defaultdict
from datetime import date
from typing import Any

from app.adapters.pdf.isolation import ParseLimits
from app.cli.assess import build_report
from app.core import VendorProfile
from tests.corpus import load
from tests.corpus.generate import SETS
from tests.corpus.score import ALARMS, same, summarise

AS_OF = date(2026, 11, 23)


def _judge_case(case: load.CorpusCase, report: dict[str, Any], tally: dict[str, Any]) -> list[str]:
    misses: list[str] = []
    exp = case.expected
    by_file = {d["file"]: d for d in report["documents"]}
    for file, truth in exp["documents"].items():
        got = by_file[file]
        kind_ok = got["kind"] == truth["kind"]
        tally["kinds"][truth["kind"]].append(kind_ok)
        if not kind_ok:
            misses.append(
                f"{case.name}/{file} [{truth['style']}]: kind {got['kind']} != {truth['kind']}"
            )
        facts = summarise(got["facts"] or {})
        for name, want in truth["facts"].items():
            ok = kind_ok and same(want, facts.get(name), bool(got["ocr"]))
            tally["facts"][f"{truth['kind']}.{name}"].append(ok)
            tally["styles"][truth["style"]].append(ok)
            if not ok:
                misses.append(
                    f"{case.name}/{file} [{truth['style']}]: {name} = {facts.get(name)!r}, "
                    f"expected {want!r}"
                )
    codes = {f["code"] for f in report["findings"]}
    missing = set(exp["findings_must_include"]) - codes
    unwanted = codes & set(exp["findings_must_not_include"])
    alarms = sorted(
        f["code"] for f in report["findings"] if f["code"] in unwanted and f["severity"] in ALARMS
    )
    tier_ok = report["tier"] in exp["tier_in"]
    right = not missing and not unwanted and tier_ok
    tally["cases"].append(right)
    tally["alarms"] += len(alarms)
    tally["forbidden"] += len(unwanted)
    line = (
        f"{'PASS' if right else 'FAIL'} {case.name}: tier {report['tier']} (score {report['score']})"
        + (f" missing {sorted(missing)}" if missing else "")
        + (f" unwanted {sorted(unwanted)}" if unwanted else "")
        + (f" forbidden alarms {alarms}" if alarms else "")
        + ("" if tier_ok else f" tier not in {exp['tier_in']}")
    )
    tally["lines"].append(line)
    return misses


def _pct(oks: list[bool]) -> str:
    return f"{sum(oks)}/{len(oks)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=SETS, default="dev")
    parser.add_argument("--quiet", action="store_true", help="figures only, no per-miss lines")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tally: dict[str, Any] = {
        "kinds": defaultdict(list),
        "facts": defaultdict(list),
        "styles": defaultdict(list),
        "cases": [],
        "lines": [],
        "alarms": 0,
        "forbidden": 0,
    }
    misses: list[str] = []
    limits = ParseLimits(timeout_seconds=180)
    for case in load.cases(args.set):
        profile = VendorProfile.model_validate(case.vendor)
        with contextlib.redirect_stderr(io.StringIO()):
            report = build_report(case.pdfs, profile, AS_OF, limits)
        misses += _judge_case(case, report, tally)
    details = args.set == "dev" and not args.quiet
    print(f"generated corpus, set {args.set} (as of {AS_OF})")
    print(f"\n{'kind':34} right/total")
    for kind, oks in sorted(tally["kinds"].items()):
        print(f"{kind:34} {_pct(oks)}")
    print(f"\n{'fact':56} right/total")
    for fact, oks in sorted(tally["facts"].items()):
        print(f"{fact:56} {_pct(oks)}")
    if details:
        print(f"\n{'house style':40} facts right/total")
        for style, oks in sorted(tally["styles"].items()):
            print(f"{style:40} {_pct(oks)}")
        print()
        print("\n".join(tally["lines"]))
    kinds = [ok for oks in tally["kinds"].values() for ok in oks]
    facts = [ok for oks in tally["facts"].values() for ok in oks]
    print(
        f"\nkinds right: {_pct(kinds)}; facts right: {_pct(facts)} "
        f"({100 * sum(facts) / max(1, len(facts)):.1f}%); packages exactly right: "
        f"{_pct(tally['cases'])}; forbidden findings raised: {tally['forbidden']} "
        f"(high or critical: {tally['alarms']}); {time.perf_counter() - started:.0f} s"
    )
    if details:
        for miss in misses:
            print("MISS", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
