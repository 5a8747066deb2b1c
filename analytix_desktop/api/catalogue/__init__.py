"""The declarative catalogue of YouTube Analytics channel reports, and its validator."""

from .choices import Choice, Options, candidates, complete, options
from .countries import COUNTRIES
from .currencies import CURRENCIES, RETIRED_CURRENCIES, Retired
from .dimensions import DIMENSIONS, FILTERS, MULTI_VALUE_FILTERS, VALUE_LABELS
from .dmas import DMAS
from .family import family_types
from .metrics import METRICS, REVENUE_METRICS
from .model import Dimension, FilterKey, Metric
from .query import Query, format_filters, parse_filters
from .regions import CONTINENTS, PROVINCES, SUBCONTINENTS, Region, continent_of, subcontinent_of
from .report_type import ReportType
from .report_types import REPORT_TYPES, REPORT_TYPES_BY_NAME
from .rules import ExactlyOne, OneOrMore, Required, Rule, ZeroOrMore, ZeroOrOne
from .validation import accepting, detect, validate

__all__ = [
    "CONTINENTS",
    "COUNTRIES",
    "CURRENCIES",
    "DIMENSIONS",
    "DMAS",
    "FILTERS",
    "METRICS",
    "MULTI_VALUE_FILTERS",
    "PROVINCES",
    "REPORT_TYPES",
    "REPORT_TYPES_BY_NAME",
    "RETIRED_CURRENCIES",
    "REVENUE_METRICS",
    "SUBCONTINENTS",
    "VALUE_LABELS",
    "Choice",
    "Dimension",
    "ExactlyOne",
    "FilterKey",
    "Metric",
    "OneOrMore",
    "Options",
    "Query",
    "Region",
    "ReportType",
    "Required",
    "Retired",
    "Rule",
    "ZeroOrMore",
    "ZeroOrOne",
    "accepting",
    "candidates",
    "complete",
    "continent_of",
    "detect",
    "family_types",
    "format_filters",
    "options",
    "parse_filters",
    "subcontinent_of",
    "validate",
]
