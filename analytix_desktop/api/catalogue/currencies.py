"""ISO 4217 currency codes for the ``currency`` parameter, and the retired codes it refuses.

Google documents no list of its own: it takes ISO 4217's active codes. Codes ISO has
withdrawn (a currency replaced by a new code or by the euro) are refused, naming the
code that replaced them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CURRENCIES", "RETIRED_CURRENCIES", "Retired"]

_TABLE = """
AED UAE dirham|AFN Afghan afghani|ALL Albanian lek|AMD Armenian dram
AOA Angolan kwanza|ARS Argentine peso|AUD Australian dollar
AWG Aruban florin|AZN Azerbaijani manat|BAM Bosnia-Herzegovina convertible mark
BBD Barbadian dollar|BDT Bangladeshi taka|BHD Bahraini dinar
BIF Burundian franc|BMD Bermudian dollar|BND Brunei dollar|BOB Bolivian boliviano
BRL Brazilian real|BSD Bahamian dollar|BTN Bhutanese ngultrum|BWP Botswana pula
BYN Belarusian ruble|BZD Belize dollar|CAD Canadian dollar|CDF Congolese franc
CHF Swiss franc|CLP Chilean peso|CNY Chinese yuan|COP Colombian peso|CRC Costa Rican colón
CUP Cuban peso|CVE Cape Verdean escudo|CZK Czech koruna
DJF Djiboutian franc|DKK Danish krone|DOP Dominican peso|DZD Algerian dinar
EGP Egyptian pound|ERN Eritrean nakfa|ETB Ethiopian birr|EUR Euro|FJD Fijian dollar
FKP Falkland Islands pound|GBP Pound sterling|GEL Georgian lari|GHS Ghanaian cedi
GIP Gibraltar pound|GMD Gambian dalasi|GNF Guinean franc|GTQ Guatemalan quetzal
GYD Guyanese dollar|HKD Hong Kong dollar|HNL Honduran lempira
HTG Haitian gourde|HUF Hungarian forint|IDR Indonesian rupiah|ILS Israeli new shekel
INR Indian rupee|IQD Iraqi dinar|IRR Iranian rial|ISK Icelandic króna|JMD Jamaican dollar
JOD Jordanian dinar|JPY Japanese yen|KES Kenyan shilling|KGS Kyrgyzstani som
KHR Cambodian riel|KMF Comorian franc|KPW North Korean won|KRW South Korean won
KWD Kuwaiti dinar|KYD Cayman Islands dollar|KZT Kazakhstani tenge|LAK Lao kip
LBP Lebanese pound|LKR Sri Lankan rupee|LRD Liberian dollar|LSL Lesotho loti
LYD Libyan dinar|MAD Moroccan dirham|MDL Moldovan leu|MGA Malagasy ariary
MKD Macedonian denar|MMK Myanmar kyat|MNT Mongolian tögrög|MOP Macanese pataca
MRU Mauritanian ouguiya|MUR Mauritian rupee
MVR Maldivian rufiyaa|MWK Malawian kwacha|MXN Mexican peso|MYR Malaysian ringgit
MZN Mozambican metical|NAD Namibian dollar|NGN Nigerian naira|NIO Nicaraguan córdoba
NOK Norwegian krone|NPR Nepalese rupee|NZD New Zealand dollar|OMR Omani rial
PAB Panamanian balboa|PEN Peruvian sol|PGK Papua New Guinean kina|PHP Philippine peso
PKR Pakistani rupee|PLN Polish złoty|PYG Paraguayan guaraní|QAR Qatari riyal
RON Romanian leu|RSD Serbian dinar|RUB Russian ruble|RWF Rwandan franc|SAR Saudi riyal
SBD Solomon Islands dollar|SCR Seychellois rupee|SDG Sudanese pound|SEK Swedish krona
SGD Singapore dollar|SHP Saint Helena pound|SLE Sierra Leonean leone
SOS Somali shilling|SRD Surinamese dollar
SSP South Sudanese pound|STN São Tomé and Príncipe dobra
SVC Salvadoran colón|SYP Syrian pound|SZL Swazi lilangeni|THB Thai baht
TJS Tajikistani somoni|TMT Turkmenistan manat|TND Tunisian dinar|TOP Tongan paʻanga
TRY Turkish lira|TTD Trinidad and Tobago dollar|TWD New Taiwan dollar
TZS Tanzanian shilling|UAH Ukrainian hryvnia|UGX Ugandan shilling|USD US dollar
UYU Uruguayan peso|UZS Uzbekistani som|VED Venezuelan digital bolívar
VES Venezuelan sovereign bolívar|VND Vietnamese đồng
VUV Vanuatu vatu|WST Samoan tālā|XAF Central African CFA franc|XCD East Caribbean dollar
XCG Caribbean guilder|XOF West African CFA franc|XPF CFP franc|YER Yemeni rial
ZAR South African rand|ZMW Zambian kwacha|ZWG Zimbabwe Gold
"""

# Withdrawn code, its currency, and the active code that replaced it (ISO 4217 list three).
_RETIRED = """
ANG Netherlands Antillean guilder XCG|ATS Austrian schilling EUR|AZM Azerbaijani manat (old) AZN
BEF Belgian franc EUR|BGN Bulgarian lev EUR|BYR Belarusian ruble (old) BYN
CSD Serbian dinar (old) RSD|CUC Cuban convertible peso CUP|CYP Cypriot pound EUR
DEM German mark EUR|EEK Estonian kroon EUR|ESP Spanish peseta EUR|FIM Finnish markka EUR
FRF French franc EUR|GHC Ghanaian cedi (old) GHS|GRD Greek drachma EUR
HRK Croatian kuna EUR|IEP Irish pound EUR|ITL Italian lira EUR|LTL Lithuanian litas EUR
LUF Luxembourg franc EUR|LVL Latvian lats EUR|MRO Mauritanian ouguiya (old) MRU
MTL Maltese lira EUR|MZM Mozambican metical (old) MZN|NLG Dutch guilder EUR
PTE Portuguese escudo EUR|ROL Romanian leu (old) RON|SDD Sudanese dinar SDG
SIT Slovenian tolar EUR|SKK Slovak koruna EUR|SLL Sierra Leonean leone (old) SLE
STD São Tomé dobra (old) STN|TMM Turkmenistan manat (old) TMT|TRL Turkish lira (old) TRY
VEF Venezuelan bolívar fuerte VES|ZMK Zambian kwacha (old) ZMW|ZWL Zimbabwean dollar ZWG
"""


@dataclass(frozen=True, slots=True)
class Retired:
    """A withdrawn currency code: what it was and which active code replaced it."""

    name: str
    replacement: str


def _items(table: str) -> list[str]:
    return [item for line in table.strip().splitlines() for item in line.split("|")]


CURRENCIES: dict[str, str] = {item[:3]: item[4:] for item in _items(_TABLE)}
RETIRED_CURRENCIES: dict[str, Retired] = {
    item[:3]: Retired(item[4:-4], item[-3:]) for item in _items(_RETIRED)
}
