"""Vocabulary for reading certification scopes (CONTRACT.md §4, SCOPE_* rows).

Regular expressions, kept apart from the rules so they can be reviewed and extended as data:
what "corporate IT only" sounds like, what a product or service delivery estate sounds like,
the five parts of an AI production estate, and the words that negate what follows or
precedes them ("excluding the training environment", "inference logs are not covered").
All patterns are matched case-insensitively against whitespace-folded text.
"""

import re

_I = re.IGNORECASE


def _compile(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, _I) for p in patterns)


CORPORATE_TERMS = _compile(
    r"\bcorporate\b",
    r"\bhead ?office\b",
    r"\bheadquarters?\b",
    r"\boffices?\b",
    r"\boffice facilities\b",
    r"\binternal (?:it|business|corporate)?\s*(?:systems?|applications?|infrastructure|services?)\b",
    r"\bback[- ]office\b",
    r"\bbusiness systems?\b",
    r"\b(?:finance|hr|human resources|payroll|crm)\b",
    r"\bend[- ]user (?:computing|devices)\b",
    r"\bworkplace (?:it|technology)\b",
)

# Words that say the scope reaches what a customer buys. "IT services" alone is not one:
# "corporate IT services" is the very phrase of a corporate-only scope.
PRODUCT_TERMS = _compile(
    r"\bdevelop(?:ment|ing|s|ed)?\b",
    r"\bhost(?:ing|ed)\b",
    r"\bproduction\b",
    r"\bplatforms?\b",
    r"\bsoftware\b",
    r"\bapplications? (?:for|used by) (?:customers|clients)\b",
    r"\b(?:online|web|mobile|cloud)[- ]?(?:based )?(?:applications?|apps?|services?)\b",
    r"\bsaas\b|\bsoftware[- ]as[- ]a[- ]service\b",
    r"\b(?:customer|client)[- ](?:facing|data|services?)\b",
    r"\bproducts?\b",
    r"\bsolutions?\b",
    r"\bapis?\b",
    r"\bservice delivery\b|\bdelivery of\b",
)

# CONTRACT §4 SCOPE_AI_GAP: the parts a scope must reach for an AI vendor, with the words that
# name each. The label is what the finding's detail prints.
AI_PARTS: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = (
    (
        "production AI infrastructure",
        _compile(
            r"\b(?:ai|ml|machine[- ]learning|artificial[- ]intelligence)[- ](?:[\w-]+ ){0,2}"
            r"(?:infrastructure|platforms?|environments?|systems?|estate|operations|workloads?|services?)\b",
            r"\bproduction (?:ai|ml|models?)\b",
            r"\bmlops\b",
            r"\bgpu\b",
        ),
    ),
    (
        "training pipelines and training data",
        _compile(
            r"\btraining (?:pipelines?|data(?:sets?)?|environments?|infrastructure|jobs?|processes)\b",
            r"\bmodel training\b",
            r"\bdatasets?\b",
            r"\bfine[- ]tuning\b",
            r"\b(?:data )?(?:labell?ing|annotation)\b",
        ),
    ),
    (
        "model artifacts and registries",
        _compile(
            r"\bmodel (?:artifacts?|artefacts?|registr(?:y|ies)|weights|repositor(?:y|ies)|checkpoints|store)\b",
            r"\btrained models?\b",
            r"\bartifacts? and registr(?:y|ies)\b",
        ),
    ),
    (
        "inference infrastructure",
        _compile(
            r"\binference\b(?!\s+logs?\b)",
            r"\bmodel (?:serving|hosting|deployment|endpoints?)\b",
        ),
    ),
    (
        "inference logs",
        _compile(
            r"\binference\b[\w\s,/&-]{0,40}?\blogs?\b",
            r"\b(?:prompts?|predictions?|completions?|model (?:inputs?|outputs?)|conversations?)\b"
            r"[\w\s,/&-]{0,20}?\blog(?:s|ging)?\b",
            r"\blogs? of (?:model )?(?:inference|predictions|prompts|outputs)\b",
        ),
    ),
)

# Negation that reaches forward to the end of the clause: "excluding the training environment".
NEGATION_FORWARD = re.compile(
    r"\b(?:excluding|excludes|except(?: for)?|with the exception of|other than|not including|"
    r"(?:does|do) not (?:cover|include|extend to)|out of scope:?|outside (?:of )?(?:the )?scope:?|"
    r"exclusions?:)",
    _I,
)
# Negation that reaches back to the start of the clause: "inference logs are not covered".
NEGATION_BACKWARD = re.compile(
    r"\b(?:is|are) (?:not (?:covered|included|in scope)|excluded|out of scope|outside (?:of )?(?:the )?scope)\b",
    _I,
)
# Clauses end at a sentence stop, a semicolon, or a contrast ("but", "however").
CLAUSE_END = re.compile(r"[.;](?=\s|$)|\bbut\b|\bhowever\b", _I)
