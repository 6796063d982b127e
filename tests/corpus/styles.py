"""The development set's house styles, by name, and the renderer for each document kind.

The aside set's styles live in `tests/corpus/aside.py`, which developers do not read.
"""

from collections.abc import Callable
from typing import Any

from tests.corpus.certificates import CertStyle, render_certificate
from tests.corpus.letters import (
    BridgeStyle,
    LetterStyle,
    ScopeStyle,
    render_bridge,
    render_letter,
    render_scope,
)
from tests.corpus.model import (
    AnySpec,
    BridgeSpec,
    CertSpec,
    LetterSpec,
    ScopeSpec,
    SoaSpec,
    SocSpec,
)
from tests.corpus.soa import SoaStyle, render_soa
from tests.corpus.soc import SocStyle, render_soc

Style = CertStyle | SoaStyle | LetterStyle | BridgeStyle | ScopeStyle | SocStyle

DEV_STYLES: tuple[Style, ...] = (
    # certificates
    CertStyle("cert_grid_portrait"),
    CertStyle("cert_sentences_wordmark_image", layout="sentences", vocab="v2", dates="us",
              cb_name="wordmark_image", mark="image", signature="behalf"),
    CertStyle("cert_centered_landscape_box", layout="centered", landscape=True, scope_box=True,
              vocab="v5", dates="uk_ord", cb_name="wordmark_text", signature="dept"),
    CertStyle("cert_columns_landscape", layout="columns", landscape=True, vocab="v3", dates="mon",
              footer="property", classification="Confidential"),
    CertStyle("cert_sentences_label_dept", layout="sentences", dates="iso", classification="Internal",
              signature="dept", family="serif"),
    CertStyle("cert_appendix_footer_cb", layout="centered", appendix=True, cb_name="footer_only",
              mark="image", vocab="v3", dates="uk"),
    CertStyle("cert_german", layout="sentences", lang="de", dates="dotted", signature="dept"),
    CertStyle("cert_french", layout="grid", lang="fr", dates="fr", footer="property"),
    CertStyle("cert_spanish", layout="centered", lang="es", dates="es", landscape=True),
    CertStyle("cert_scan_grid", scan=True, vocab="v2", dates="uk"),
    CertStyle("cert_scan_sentences", layout="sentences", scan=True, dates="mon", signature="behalf"),
    # statements of applicability
    SoaStyle("soa_ruled_grid"),
    SoaStyle("soa_zebra", layout="zebra", ids="{id}", yes_no=("Y", "N"), header="table"),
    SoaStyle("soa_bullets", layout="list", landscape=False, ids="Annex A {id}", header="line",
             dates="uk"),
    SoaStyle("soa_two_columns", layout="columns", landscape=False),
    SoaStyle("soa_rules_applicable", layout="rules", yes_no=("Applicable", "Not applicable"),
             classification="Internal", logo=True),
    # scope statements
    ScopeStyle("scope_plain"),
    ScopeStyle("scope_boxed", box=True, label="Boundaries of the ISMS", dates="uk"),
    ScopeStyle("scope_activities_box", box=True, label="Activities covered", dates="us"),
    ScopeStyle("scope_applies_to", label="The ISMS applies to:", dates="mon"),
    # surveillance evidence
    LetterStyle("letter_continued_text"),
    LetterStyle("letter_report_table", layout="report", counts="table", day_range=True, dates="us"),
    LetterStyle("letter_notice_words", layout="notice", counts="words", dept_signature=True),
    LetterStyle("letter_report_grid_counts", layout="report", counts="grid", dates="iso"),
    # bridge letters
    BridgeStyle("bridge_letter"),
    BridgeStyle("bridge_table_labels", layout="table", dates="uk"),
    BridgeStyle("bridge_memo_gap", layout="memo", dates="iso"),
    BridgeStyle("bridge_performed_by", phrasing="performed_by", dates="mon"),
    BridgeStyle("bridge_auditor_first", phrasing="auditor_first"),
    # SOC reports
    SocStyle("soc2_roman_classic", filler=42),
    SocStyle("soc2_numbered_multicriteria", sections="numbered", refs="CC-{n:03d}",
             multi_criteria=True, summary_count=True, filler=40, dates="uk"),
    SocStyle("soc2_parts_cover_auditor", sections="parts", auditor_at="cover_image",
             refs="OP-{n:02d}", multi_tests=True, filler=42),
    SocStyle("soc2_large_footer_auditor", sections="plain", auditor_at="footer", refs="T{n:03d}",
             filler=640),
    SocStyle("soc1_classic", kind="soc1_report", filler=42),
    SocStyle("soc3_short", kind="soc3_report", filler=8),
)  # fmt: skip


def renderer(spec: AnySpec) -> Callable[[Any, Any, int], bytes]:
    """The function that draws `spec`'s kind."""
    match spec:
        case CertSpec():
            return render_certificate
        case SoaSpec():
            return render_soa
        case ScopeSpec():
            return render_scope
        case LetterSpec():
            return render_letter
        case BridgeSpec():
            return render_bridge
        case SocSpec():
            return render_soc
    raise TypeError(type(spec))


def render(spec: AnySpec, style: Style, seed: int) -> bytes:
    """Draw `spec` in `style` (deterministic for a given seed)."""
    return renderer(spec)(spec, style, seed)
