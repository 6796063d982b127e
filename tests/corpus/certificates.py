"""Certificate house styles: one renderer, many layouts, vocabularies and languages.

A `CertStyle` says how a certification body lays out its certificate: orientation, layout
(key/value grid, flowing sentences, a centred page with a date strip, two columns), the
label vocabulary or language, the date format, where the CB's name is (text header, a
wordmark image only, a wordmark set as text just before the name, the footer only), how the
accreditation is shown (text, a mark drawn as an image), the signature block, the footer,
classification labels, scope boxes, a site appendix, and whether the page is a noisy scan.
"""

from dataclasses import dataclass

from tests.corpus import images
from tests.corpus.model import CertSpec, fmt_date
from tests.corpus.render import GREY, Sheet, TableStyle

STANDARD_NAMES = {
    "27001": ("information security management system", "Informationssicherheits-Managementsystem",
              "système de management de la sécurité de l'information",
              "sistema de gestión de seguridad de la información",
              "sistema di gestione per la sicurezza delle informazioni",
              "managementsysteem voor informatiebeveiliging",
              "sistema de gestão da segurança da informação",
              "ledningssystem för informationssäkerhet"),
    "42001": ("artificial intelligence management system", "KI-Managementsystem",
              "système de management de l'intelligence artificielle",
              "sistema de gestión de inteligencia artificial",
              "sistema di gestione per l'intelligenza artificiale",
              "managementsysteem voor kunstmatige intelligentie",
              "sistema de gestão de inteligência artificial",
              "ledningssystem för artificiell intelligens"),
    "27701": ("privacy information management system", "Datenschutz-Managementsystem",
              "système de management de la protection de la vie privée",
              "sistema de gestión de la privacidad de la información",
              "sistema di gestione delle informazioni sulla privacy",
              "managementsysteem voor privacy-informatie",
              "sistema de gestão da informação de privacidade",
              "ledningssystem för integritetsskydd"),
}  # fmt: skip
_LANG_INDEX = {"en": 0, "de": 1, "fr": 2, "es": 3, "it": 4, "nl": 5, "pt": 6, "sv": 7}

# Label vocabularies: number, holder, scope, first, issue, expiry, standard, sites.
VOCAB: dict[str, tuple[str, ...]] = {
    "v1": ("Certificate number", "Certified organisation", "Scope", "Original certification date",
           "Issue date", "Expiry date", "Standard", "Sites"),
    "v2": ("Certificate No.", "Organisation", "Scope of certification", "Certified since",
           "Effective date", "Expiration date", "Management system standard", "Locations"),
    "v3": ("Registration number", "Client", "Activities covered", "Initial registration",
           "Date of certification decision", "Valid until", "Standard", "Site(s)"),
    "v4": ("Cert. Reg. No.", "Name of organisation", "Field of certification", "First issued",
           "Current issue", "Certificate expiry", "Normative document", "Premises"),
    "v5": ("Certificate reference", "Registered organisation", "Certified activities",
           "Original approval", "Current certificate", "Certificate expiry", "Standard",
           "Registered sites"),
    "de": ("Zertifikat-Registrier-Nr.", "Zertifikatsinhaber", "Geltungsbereich",
           "Erstzertifizierung", "Ausstellungsdatum", "Gültig bis", "Norm", "Standorte"),
    "fr": ("Numéro de certificat", "Organisme certifié", "Domaine d'application",
           "Date de certification initiale", "Date d'émission", "Valable jusqu'au", "Norme",
           "Sites"),
    "es": ("Número de certificado", "Organización", "Alcance", "Fecha de certificación original",
           "Fecha de emisión", "Válido hasta el", "Norma", "Emplazamientos"),
    # Held-out vocabularies (the fresh set's styles use them).
    "v6": ("Certificate No", "Registered firm", "Scope of registration", "Date of initial registration",
           "Date of issue", "Valid until", "Standard", "Registered locations"),
    "v7": ("Registration No.", "Organization", "Certified scope", "Initial certification",
           "Issued", "Certificate expires", "Standard", "Locations covered"),
    "v8": ("Certificate ID", "Certificate holder", "Scope of the management system",
           "Originally certified", "Date of issue", "Expiry date", "Audited against", "Sites"),
    "it": ("Certificato n.", "Organizzazione", "Campo di applicazione", "Data di prima emissione",
           "Data di emissione", "Data di scadenza", "Norma di riferimento", "Siti"),
    "nl": ("Certificaatnummer", "Organisatie", "Toepassingsgebied", "Datum eerste certificering",
           "Datum van uitgifte", "Geldig tot", "Norm", "Locaties"),
    "pt": ("Certificado n.º", "Organização", "Escopo", "Data da certificação inicial",
           "Data de emissão", "Válido até", "Norma", "Locais"),
    "sv": ("Certifikatnummer", "Organisation", "Omfattning", "Första certifiering", "Utfärdat",
           "Giltigt till", "Standard", "Anläggningar"),
}  # fmt: skip

TITLES = {"en": "CERTIFICATE", "de": "ZERTIFIKAT", "fr": "CERTIFICAT", "es": "CERTIFICADO",
          "it": "CERTIFICATO", "nl": "CERTIFICAAT", "pt": "CERTIFICADO", "sv": "CERTIFIKAT"}  # fmt: skip
# CB names that the page prints only outside the header: in a logo image, in the footer, in
# an "Issued by" line, or in a footer with the registered office.
_CB_UNNAMED_IN_TEXT = ("wordmark_image", "footer_only", "issued_by", "footer_office")


@dataclass(frozen=True)
class CertStyle:
    name: str
    layout: str = "grid"  # grid | sentences | centered | columns | registration | hereby
    lang: str = "en"
    vocab: str = "v1"
    dates: str = "uk"
    landscape: bool = False
    family: str = "sans"
    # header | wordmark_image | wordmark_text | footer_only | issued_by | footer_office
    cb_name: str = "header"
    mark: str = "text"  # text | image | image_number (the number printed beside the mark)
    signature: str = "plain"  # plain | dept | behalf
    footer: str = "address"  # address | property | verify | none
    classification: str = ""  # e.g. "Internal": printed beside the holder
    scope_box: bool = False
    appendix: bool = False  # sites on a second page
    scan: bool = False
    title: str = ""  # replaces the language's "CERTIFICATE" ("Certificate of Registration")
    top_space: float = 40  # space above the title (a large value pushes the scope over a page)
    emblem: bool = False  # a large seal at the top of the page (with a large top_space)
    holder_size: float = 22  # the holder's heading size in the registration and hereby layouts
    extension: bool = False  # a 27701 certificate printed as an extension to ISO/IEC 27001
    aside: bool = False
    kind: str = "certificate"


def _rgb(colour: tuple[int, int, int]) -> tuple[float, float, float]:
    return (colour[0] / 255, colour[1] / 255, colour[2] / 255)


def _std(spec: CertSpec) -> str:
    return f"ISO/IEC {spec.standard}:{spec.version}"


def _system(spec: CertSpec, lang: str) -> str:
    return STANDARD_NAMES[spec.standard][_LANG_INDEX[lang]]


def _certify_sentence(spec: CertSpec, st: CertStyle, cb: str) -> str:
    """The opening sentence; `cb` is the CB's name, or a neutral noun when only its logo names it."""
    system, std = _system(spec, st.lang), _std(spec)
    match st.lang:
        case "de":
            return (
                f"Hiermit bescheinigt {cb}, dass das Unternehmen ein {system} eingeführt hat "
                f"und anwendet, das die Anforderungen der Norm {std} erfüllt."
            )
        case "fr":
            return (
                f"{cb} certifie que le {system} de l'organisme désigné ci-dessous a été évalué "
                f"et jugé conforme aux exigences de la norme {std}."
            )
        case "es":
            return (
                f"{cb} certifica que el {system} de la organización indicada ha sido auditado "
                f"y encontrado conforme con los requisitos de la norma {std}."
            )
        case "it":
            return (
                f"{cb} certifica che il {system} dell'organizzazione sotto indicata è stato "
                f"valutato e giudicato conforme ai requisiti della norma {std}."
            )
        case "nl":
            return (
                f"{cb} verklaart dat het {system} van de hieronder genoemde organisatie is "
                f"beoordeeld en in overeenstemming is bevonden met de eisen van {std}."
            )
        case "pt":
            return (
                f"{cb} certifica que o {system} da organização abaixo indicada foi auditado e "
                f"considerado conforme com os requisitos da norma {std}."
            )
        case "sv":
            return (
                f"{cb} intygar att {system} hos nedanstående organisation har granskats och "
                f"befunnits uppfylla kraven i {std}."
            )
    return (
        f"{cb} certifies that the {system} of the organisation named below has been audited "
        f"and found to meet the requirements of {std}."
    )


def _validity_sentence(spec: CertSpec, st: CertStyle) -> str:
    a, b = fmt_date(spec.issue, st.dates), fmt_date(spec.expiry, st.dates)
    match st.lang:
        case "de":
            return f"Gültig vom {a} bis {b}"
        case "fr":
            return f"Ce certificat est valable du {a} jusqu'au {b}"
        case "es":
            return f"Este certificado es válido desde el {a} hasta el {b}"
        case "it":
            return f"Il presente certificato è valido dal {a} al {b}"
        case "nl":
            return f"Dit certificaat is geldig van {a} tot en met {b}"
        case "pt":
            return f"Este certificado é válido de {a} até {b}"
        case "sv":
            return f"Certifikatet är giltigt från {a} till och med {b}"
    return f"This certificate is valid from {a} until {b}"


def _rows(spec: CertSpec, st: CertStyle) -> list[tuple[str, str]]:
    v = VOCAB[st.vocab if st.lang == "en" else st.lang]
    holder = spec.holder
    rows = [(v[0], spec.number), (v[1], holder), (v[6], _std(spec))]
    if not st.appendix:
        rows.append((v[2], spec.scope))
    if spec.first:
        rows.append((v[3], fmt_date(spec.first, st.dates)))
    rows += [(v[4], fmt_date(spec.issue, st.dates)), (v[5], fmt_date(spec.expiry, st.dates))]
    if spec.last_audit:
        rows.append(("Last audit", fmt_date(spec.last_audit, st.dates)))
    if spec.due_dates:
        rows.append(("Surveillance due", ", ".join(fmt_date(d, st.dates) for d in spec.due_dates)))
    if spec.soa_ref:
        rows.append(("Statement of Applicability", spec.soa_ref))
    if spec.validity_years:
        rows.append(("Certificate period", f"{spec.validity_years} years"))
    return rows


def _cb_mention(spec: CertSpec, st: CertStyle) -> str:
    """How the certificate's sentences name the CB: by name unless only its logo does."""
    if st.cb_name in _CB_UNNAMED_IN_TEXT:
        return {
            "de": "die Zertifizierungsstelle",
            "fr": "L'organisme de certification",
            "es": "El organismo de certificación",
            "it": "L'organismo di certificazione",
            "nl": "De certificatie-instelling",
            "pt": "O organismo de certificação",
            "sv": "Certifieringsorganet",
        }.get(st.lang, "The certification body")
    return spec.cb.name


def _header(spec: CertSpec, st: CertStyle, sheet: Sheet) -> None:
    cb = spec.cb
    top = sheet.height - 30
    if st.cb_name == "header":
        sheet.c.setFillColorRGB(*_rgb(cb.colour))
        sheet.c.rect(0, top - 30, sheet.width, 44, stroke=0, fill=1)
        sheet.at(sheet.margin, top - 16, cb.name, size=15, bold=True, colour=(1, 1, 1))
    elif st.cb_name == "wordmark_image":
        sheet.image(images.wordmark(cb.short, colour=cb.colour), x=sheet.margin, y=top - 48, w=170)
    elif st.cb_name == "wordmark_text":
        # The logo's letters are real text, set large just above the legal name.
        sheet.at(
            sheet.margin,
            top - 14,
            cb.short,
            size=26,
            bold=True,
            colour=_rgb(cb.colour),
        )
        sheet.at(sheet.margin, top - 30, cb.name, size=9)
    if st.classification:
        sheet.at(
            sheet.width - sheet.margin,
            top - 2,
            st.classification,
            size=8,
            colour=GREY,
            align="right",
        )


def _footer(spec: CertSpec, st: CertStyle, sheet: Sheet) -> None:
    cb = spec.cb
    y = 26
    if st.footer == "none":
        return
    if st.cb_name == "footer_office":
        # Name and registered office on two lines, the only place the CB is named.
        sheet.at(sheet.width / 2, 36, cb.name, size=7.5, bold=True, colour=GREY, align="center")
        sheet.at(
            sheet.width / 2,
            26,
            f"Registered office: {cb.address}",
            size=7,
            colour=GREY,
            align="center",
        )
        return
    if st.footer == "address":
        text = (
            cb.address
            if st.cb_name in ("wordmark_image", "issued_by")
            else f"{cb.name} | {cb.address}"
        )
    elif st.footer == "property":
        text = (
            f"This certificate remains the property of {cb.name} and must be returned on request."
            if st.cb_name not in ("wordmark_image", "issued_by")
            else "This certificate remains the property of the "
            "certification body and must be returned on request."
        )
    else:
        text = "The validity of this certificate can be verified in the certification body's online register."
    if st.cb_name == "footer_only":
        text = f"{cb.name}, {cb.address}"
    sheet.at(sheet.width / 2, y, text, size=7, colour=GREY, align="center")
    sheet.at(
        sheet.width - sheet.margin, 14, f"Page {sheet.page}", size=7, colour=GREY, align="right"
    )


def _mark(spec: CertSpec, st: CertStyle, sheet: Sheet) -> None:
    cb = spec.cb
    if cb.ab is None:
        return
    if st.mark in ("image", "image_number"):
        caption = (
            "MANAGEMENT\nSYSTEMS"
            if cb.ab in ("UKAS", "ANAB", "DAkkS", "RvA", "SCC")
            else "ACCREDITED\nCERTIFICATION BODY"
        )
        if st.mark == "image_number":
            # The mark without its number, and the number set as text beside it.
            img = images.accreditation_mark(cb.ab, caption)
            sheet.at(
                sheet.width - sheet.margin - 128,
                80,
                cb.ab_number,
                size=11,
                bold=True,
                align="right",
            )
        else:
            img = images.accreditation_mark(cb.ab, caption, cb.ab_number)
        sheet.image(img, x=sheet.width - sheet.margin - 120, y=50, w=120)
    else:
        sheet.line("Accreditation: " + cb.ab_line if st.lang == "en" else cb.ab_line, size=9)


def _signature(spec: CertSpec, st: CertStyle, sheet: Sheet, seed: int) -> None:
    cb = spec.cb
    sheet.space(10)
    if st.cb_name == "issued_by":
        sheet.line(f"Issued by: {cb.name}", size=10, bold=True)
    sheet.need(90)
    sheet.image(images.signature(seed), x=sheet.margin, y=sheet.y - 40, w=110)
    sheet.space(44)
    names = ["Helen Marsh", "Rafael Ortega", "Anke Vogel", "Priya Raman", "Thomas Okafor"]
    sheet.line(names[seed % len(names)], size=10, bold=True, gap=1.3)
    if st.signature == "dept":
        sheet.line("Director, ISO Certification Services", size=9, gap=1.3)
        sheet.line("Assurance Operations Department", size=9, gap=1.3)
    elif st.signature == "behalf":
        who = cb.name if st.cb_name not in _CB_UNNAMED_IN_TEXT else "the certification body"
        sheet.line(f"For and on behalf of {who}", size=9, gap=1.3)
    else:
        sheet.line("Authorised signatory", size=9, gap=1.3)


def _holder_line(spec: CertSpec, st: CertStyle, sheet: Sheet, size: float, align: str) -> None:
    sheet.line(spec.holder, size=size, bold=True, align=align)
    if st.classification and align == "center":
        # A classification label set on the holder's baseline, at the right margin.
        sheet.at(
            sheet.width - sheet.margin,
            sheet.y,
            st.classification,
            size=8,
            colour=GREY,
            align="right",
        )


def _scope(spec: CertSpec, st: CertStyle, sheet: Sheet) -> None:
    label = VOCAB[st.vocab if st.lang == "en" else st.lang][2]
    if st.appendix:
        return
    if st.scope_box:
        sheet.box([label, spec.scope], bold_first=True)
    else:
        sheet.line(label, size=10, bold=True)
        sheet.para(spec.scope, size=10)


def _body(spec: CertSpec, st: CertStyle, sheet: Sheet) -> None:
    title = st.title or TITLES[st.lang]
    if st.emblem:
        # A large seal fills the top of the page (page furniture: no facts in it).
        w = min(st.top_space - 30, 240)
        sheet.image(images.seal("ISMS", colour=spec.cb.colour), x=(sheet.width - w) / 2,
                    y=sheet.y - w - 10, w=w)  # fmt: skip
    sheet.space(st.top_space)
    sheet.line(title, size=26, bold=True, align="center")
    sheet.line(_std(spec), size=13, align="center")
    if st.extension:
        sheet.line("as an extension to ISO/IEC 27001:2022", size=11, align="center")
    sheet.space(10)
    cb = _cb_mention(spec, st)
    if st.layout == "grid":
        sheet.para(_certify_sentence(spec, st, cb), size=10)
        sheet.kv(_rows(spec, st), key_width=170, grid=st.scope_box)
    elif st.layout == "sentences":
        intro = {
            "de": "Hiermit wird bescheinigt, dass",
            "fr": "Il est certifié que",
            "es": "Se certifica que",
            "it": "Si certifica che",
            "nl": "Hierbij wordt verklaard dat",
            "pt": "Certifica-se que",
            "sv": "Härmed intygas att",
        }.get(st.lang, "This is to certify that")
        sheet.para(intro, size=11, align="center", after=2)
        _holder_line(spec, st, sheet, 16, "center")
        sheet.para(spec.holder_address, size=9, align="center")
        sheet.para(_certify_sentence(spec, st, cb), size=10)
        _scope(spec, st, sheet)
        v = VOCAB[st.vocab if st.lang == "en" else st.lang]
        sheet.para(f"{v[0]}: {spec.number}", size=10, after=2)
        if spec.first:
            sheet.para(f"{v[3]}: {fmt_date(spec.first, st.dates)}", size=10, after=2)
        sheet.para(_validity_sentence(spec, st), size=10)
    elif st.layout == "centered":
        _holder_line(spec, st, sheet, 18, "center")
        sheet.para(spec.holder_address, size=9, align="center")
        sheet.para(_certify_sentence(spec, st, cb), size=10, align="left")
        _scope(spec, st, sheet)
        v = VOCAB[st.vocab if st.lang == "en" else st.lang]
        head = [v[0]] + ([v[3]] if spec.first else []) + [v[4], v[5]]
        vals = [spec.number] + ([fmt_date(spec.first, st.dates)] if spec.first else [])
        vals += [fmt_date(spec.issue, st.dates), fmt_date(spec.expiry, st.dates)]
        sheet.table(
            head,
            [vals],
            [1] * len(head),
            TableStyle(grid=False, header_fill=None, rules=False, size=9),
        )
    elif st.layout == "registration":
        # "This is to certify that the management system of HOLDER has been assessed and
        # found to conform to ..."; the holder set large, the CB not named in the sentence.
        v = VOCAB[st.vocab if st.lang == "en" else st.lang]
        sheet.para("This is to certify that the management system of", size=11, align="center")
        sheet.line(spec.holder, size=st.holder_size, bold=True, align="center")
        sheet.para(spec.holder_address, size=9, align="center")
        sheet.para(
            f"has been assessed and found to conform to the requirements of {_std(spec)}",
            size=11,
            align="center",
        )
        sheet.para("for the following scope of registration:", size=10, align="center")
        _scope(spec, st, sheet)
        rows = [(v[0], spec.number)]
        if spec.first:
            rows.append((v[3], fmt_date(spec.first, st.dates)))
        rows += [(v[4], fmt_date(spec.issue, st.dates)), (v[5], fmt_date(spec.expiry, st.dates))]
        sheet.kv(rows, key_width=190, rules=False, colon=True)
    elif st.layout == "hereby":
        # The holder as the page's heading, then "is hereby certified ...".
        v = VOCAB[st.vocab if st.lang == "en" else st.lang]
        sheet.line(spec.holder, size=st.holder_size, bold=True)
        sheet.para(spec.holder_address, size=9)
        sheet.para(
            f"is hereby certified as operating an {_system(spec, st.lang)} which complies with "
            f"the requirements of {_std(spec)}.",
            size=11,
        )
        _scope(spec, st, sheet)
        rows = [(v[0], spec.number)]
        if spec.first:
            rows.append((v[3], fmt_date(spec.first, st.dates)))
        rows += [(v[4], fmt_date(spec.issue, st.dates)), (v[5], fmt_date(spec.expiry, st.dates))]
        sheet.kv(rows, key_width=170, grid=True)
    else:  # columns: holder and scope on the left, numbers and dates on the right
        v = VOCAB[st.vocab if st.lang == "en" else st.lang]
        sheet.para(_certify_sentence(spec, st, cb), size=10)
        left = [f"{v[1]}:", spec.holder, spec.holder_address]
        right = [f"{v[0]}: {spec.number}"]
        if spec.first:
            right.append(f"{v[3]}: {fmt_date(spec.first, st.dates)}")
        right += [
            f"{v[4]}: {fmt_date(spec.issue, st.dates)}",
            f"{v[5]}: {fmt_date(spec.expiry, st.dates)}",
        ]
        top = sheet.y
        half = sheet.text_width / 2
        sheet.para("\n".join(left), size=10, width=half - 10)
        low = sheet.y
        sheet.y = top
        for line in right:
            sheet.y -= 14
            sheet.at(sheet.margin + half + 10, sheet.y, line, size=10)
        sheet.y = min(low, sheet.y) - 8
        _scope(spec, st, sheet)


def _appendix(spec: CertSpec, st: CertStyle, sheet: Sheet) -> None:
    v = VOCAB[st.vocab if st.lang == "en" else st.lang]
    sheet.new_page()
    sheet.space(30)
    sheet.line(f"Appendix to certificate {spec.number}", size=14, bold=True)
    sheet.line(spec.holder, size=11)
    sheet.space(6)
    sheet.box([v[2], spec.scope], bold_first=True)
    sheet.line(v[7], size=11, bold=True)
    sheet.table(
        ["No.", "Address"],
        [[str(i), s] for i, s in enumerate(spec.sites, 1)],
        [1, 9],
        TableStyle(grid=True, size=9),
    )


def render_certificate(spec: CertSpec, st: CertStyle, seed: int) -> bytes:
    sheet = Sheet(
        title=f"{_std(spec)} certificate {spec.number}",
        author=spec.cb.name if st.cb_name not in ("wordmark_image", "issued_by") else spec.cb.short,
        landscape_=st.landscape,
        family=st.family,
        header=lambda s: _header(spec, st, s),
        footer=lambda s: _footer(spec, st, s),
    )
    sheet.new_page()
    _body(spec, st, sheet)
    if spec.sites and not st.appendix:
        v = VOCAB[st.vocab if st.lang == "en" else st.lang]
        sheet.para(f"{v[7]}: " + "; ".join(spec.sites), size=9)
    _mark(spec, st, sheet)
    _signature(spec, st, sheet, seed)
    if st.appendix:
        _appendix(spec, st, sheet)
    data = sheet.save()
    return images.scan(data, seed=seed) if st.scan else data
