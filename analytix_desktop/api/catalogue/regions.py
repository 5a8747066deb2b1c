"""UN M49 continents and sub-continents, and the US states YouTube reports on."""

from __future__ import annotations

from dataclasses import dataclass

from .countries import COUNTRIES, COUNTRY_SUBCONTINENT

__all__ = [
    "CONTINENTS",
    "PROVINCES",
    "SUBCONTINENTS",
    "Region",
    "continent_of",
    "subcontinent_of",
]


@dataclass(frozen=True, slots=True)
class Region:
    """A UN M49 region: its code, English name and member countries (ISO codes)."""

    code: str
    name: str
    countries: tuple[str, ...]


# sub-continent code, its continent code, name
_SUBCONTINENT_TABLE = """
014 002 Eastern Africa
017 002 Middle Africa
015 002 Northern Africa
018 002 Southern Africa
011 002 Western Africa
029 019 Caribbean
013 019 Central America
021 019 Northern America
005 019 South America
143 142 Central Asia
030 142 Eastern Asia
034 142 Southern Asia
035 142 South-eastern Asia
145 142 Western Asia
151 150 Eastern Europe
154 150 Northern Europe
039 150 Southern Europe
155 150 Western Europe
053 009 Australia and New Zealand
054 009 Melanesia
057 009 Micronesia
061 009 Polynesia
"""

_CONTINENT_NAMES = {
    "002": "Africa",
    "019": "Americas",
    "142": "Asia",
    "150": "Europe",
    "009": "Oceania",
}

# Google's province dimension covers the 50 states and DC only: the outlying areas
# have ISO 3166-1 codes of their own and are reported as countries.
_PROVINCE_TABLE = """
AL Alabama|AK Alaska|AZ Arizona|AR Arkansas|CA California|CO Colorado|CT Connecticut
DE Delaware|DC District of Columbia|FL Florida|GA Georgia|HI Hawaii|ID Idaho|IL Illinois
IN Indiana|IA Iowa|KS Kansas|KY Kentucky|LA Louisiana|ME Maine|MD Maryland
MA Massachusetts|MI Michigan|MN Minnesota|MS Mississippi|MO Missouri|MT Montana
NE Nebraska|NV Nevada|NH New Hampshire|NJ New Jersey|NM New Mexico|NY New York
NC North Carolina|ND North Dakota|OH Ohio|OK Oklahoma|OR Oregon|PA Pennsylvania
RI Rhode Island|SC South Carolina|SD South Dakota|TN Tennessee|TX Texas|UT Utah
VT Vermont|VA Virginia|WA Washington|WV West Virginia|WI Wisconsin|WY Wyoming
"""

_SUB_ROWS = [line.split(" ", 2) for line in _SUBCONTINENT_TABLE.strip().splitlines()]
_PARENT = {sub: continent for sub, continent, _ in _SUB_ROWS}


def _members(codes: set[str]) -> tuple[str, ...]:
    return tuple(c for c in COUNTRIES if COUNTRY_SUBCONTINENT.get(c) in codes)


SUBCONTINENTS: dict[str, Region] = {
    sub: Region(sub, name, _members({sub})) for sub, _, name in _SUB_ROWS
}
CONTINENTS: dict[str, Region] = {
    code: Region(code, name, _members({s for s, c in _PARENT.items() if c == code}))
    for code, name in _CONTINENT_NAMES.items()
}
PROVINCES: dict[str, str] = {
    f"US-{item[:2]}": item[3:]
    for line in _PROVINCE_TABLE.strip().splitlines()
    for item in line.split("|")
}


def subcontinent_of(country: str) -> Region | None:
    """The M49 sub-continent of an ISO country code (None for Antarctica or unknown)."""
    code = COUNTRY_SUBCONTINENT.get(country.upper())
    return SUBCONTINENTS[code] if code else None


def continent_of(country: str) -> Region | None:
    """The M49 continent of an ISO country code (None for Antarctica or unknown)."""
    code = COUNTRY_SUBCONTINENT.get(country.upper())
    return CONTINENTS[_PARENT[code]] if code else None
