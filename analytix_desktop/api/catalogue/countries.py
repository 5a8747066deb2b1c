"""ISO 3166-1 countries with English short names and their UN M49 sub-continent.

Each line of ``_TABLE``: alpha-2 code, M49 sub-continent code ("---" for none), name.
"""

from __future__ import annotations

__all__ = ["COUNTRIES", "COUNTRY_SUBCONTINENT"]

_TABLE = """
AD 039 Andorra
AE 145 United Arab Emirates
AF 034 Afghanistan
AG 029 Antigua and Barbuda
AI 029 Anguilla
AL 039 Albania
AM 145 Armenia
AO 017 Angola
AQ --- Antarctica
AR 005 Argentina
AS 061 American Samoa
AT 155 Austria
AU 053 Australia
AW 029 Aruba
AX 154 Åland Islands
AZ 145 Azerbaijan
BA 039 Bosnia and Herzegovina
BB 029 Barbados
BD 034 Bangladesh
BE 155 Belgium
BF 011 Burkina Faso
BG 151 Bulgaria
BH 145 Bahrain
BI 014 Burundi
BJ 011 Benin
BL 029 Saint Barthélemy
BM 021 Bermuda
BN 035 Brunei Darussalam
BO 005 Bolivia
BQ 029 Bonaire, Sint Eustatius and Saba
BR 005 Brazil
BS 029 Bahamas
BT 034 Bhutan
BV 005 Bouvet Island
BW 018 Botswana
BY 151 Belarus
BZ 013 Belize
CA 021 Canada
CC 053 Cocos (Keeling) Islands
CD 017 Congo (Democratic Republic)
CF 017 Central African Republic
CG 017 Congo
CH 155 Switzerland
CI 011 Côte d'Ivoire
CK 061 Cook Islands
CL 005 Chile
CM 017 Cameroon
CN 030 China
CO 005 Colombia
CR 013 Costa Rica
CU 029 Cuba
CV 011 Cabo Verde
CW 029 Curaçao
CX 053 Christmas Island
CY 145 Cyprus
CZ 151 Czechia
DE 155 Germany
DJ 014 Djibouti
DK 154 Denmark
DM 029 Dominica
DO 029 Dominican Republic
DZ 015 Algeria
EC 005 Ecuador
EE 154 Estonia
EG 015 Egypt
EH 015 Western Sahara
ER 014 Eritrea
ES 039 Spain
ET 014 Ethiopia
FI 154 Finland
FJ 054 Fiji
FK 005 Falkland Islands
FM 057 Micronesia
FO 154 Faroe Islands
FR 155 France
GA 017 Gabon
GB 154 United Kingdom
GD 029 Grenada
GE 145 Georgia
GF 005 French Guiana
GG 154 Guernsey
GH 011 Ghana
GI 039 Gibraltar
GL 021 Greenland
GM 011 Gambia
GN 011 Guinea
GP 029 Guadeloupe
GQ 017 Equatorial Guinea
GR 039 Greece
GS 005 South Georgia and the South Sandwich Islands
GT 013 Guatemala
GU 057 Guam
GW 011 Guinea-Bissau
GY 005 Guyana
HK 030 Hong Kong
HM 053 Heard Island and McDonald Islands
HN 013 Honduras
HR 039 Croatia
HT 029 Haiti
HU 151 Hungary
ID 035 Indonesia
IE 154 Ireland
IL 145 Israel
IM 154 Isle of Man
IN 034 India
IO 014 British Indian Ocean Territory
IQ 145 Iraq
IR 034 Iran
IS 154 Iceland
IT 039 Italy
JE 154 Jersey
JM 029 Jamaica
JO 145 Jordan
JP 030 Japan
KE 014 Kenya
KG 143 Kyrgyzstan
KH 035 Cambodia
KI 057 Kiribati
KM 014 Comoros
KN 029 Saint Kitts and Nevis
KP 030 North Korea
KR 030 South Korea
KW 145 Kuwait
KY 029 Cayman Islands
KZ 143 Kazakhstan
LA 035 Laos
LB 145 Lebanon
LC 029 Saint Lucia
LI 155 Liechtenstein
LK 034 Sri Lanka
LR 011 Liberia
LS 018 Lesotho
LT 154 Lithuania
LU 155 Luxembourg
LV 154 Latvia
LY 015 Libya
MA 015 Morocco
MC 155 Monaco
MD 151 Moldova
ME 039 Montenegro
MF 029 Saint Martin (French part)
MG 014 Madagascar
MH 057 Marshall Islands
MK 039 North Macedonia
ML 011 Mali
MM 035 Myanmar
MN 030 Mongolia
MO 030 Macao
MP 057 Northern Mariana Islands
MQ 029 Martinique
MR 011 Mauritania
MS 029 Montserrat
MT 039 Malta
MU 014 Mauritius
MV 034 Maldives
MW 014 Malawi
MX 013 Mexico
MY 035 Malaysia
MZ 014 Mozambique
NA 018 Namibia
NC 054 New Caledonia
NE 011 Niger
NF 053 Norfolk Island
NG 011 Nigeria
NI 013 Nicaragua
NL 155 Netherlands
NO 154 Norway
NP 034 Nepal
NR 057 Nauru
NU 061 Niue
NZ 053 New Zealand
OM 145 Oman
PA 013 Panama
PE 005 Peru
PF 061 French Polynesia
PG 054 Papua New Guinea
PH 035 Philippines
PK 034 Pakistan
PL 151 Poland
PM 021 Saint Pierre and Miquelon
PN 061 Pitcairn
PR 029 Puerto Rico
PS 145 Palestine
PT 039 Portugal
PW 057 Palau
PY 005 Paraguay
QA 145 Qatar
RE 014 Réunion
RO 151 Romania
RS 039 Serbia
RU 151 Russia
RW 014 Rwanda
SA 145 Saudi Arabia
SB 054 Solomon Islands
SC 014 Seychelles
SD 015 Sudan
SE 154 Sweden
SG 035 Singapore
SH 011 Saint Helena, Ascension and Tristan da Cunha
SI 039 Slovenia
SJ 154 Svalbard and Jan Mayen
SK 151 Slovakia
SL 011 Sierra Leone
SM 039 San Marino
SN 011 Senegal
SO 014 Somalia
SR 005 Suriname
SS 014 South Sudan
ST 017 São Tomé and Príncipe
SV 013 El Salvador
SX 029 Sint Maarten (Dutch part)
SY 145 Syria
SZ 018 Eswatini
TC 029 Turks and Caicos Islands
TD 017 Chad
TF 014 French Southern Territories
TG 011 Togo
TH 035 Thailand
TJ 143 Tajikistan
TK 061 Tokelau
TL 035 Timor-Leste
TM 143 Turkmenistan
TN 015 Tunisia
TO 061 Tonga
TR 145 Türkiye
TT 029 Trinidad and Tobago
TV 061 Tuvalu
TW 030 Taiwan
TZ 014 Tanzania
UA 151 Ukraine
UG 014 Uganda
UM 057 United States Minor Outlying Islands
US 021 United States
UY 005 Uruguay
UZ 143 Uzbekistan
VA 039 Holy See
VC 029 Saint Vincent and the Grenadines
VE 005 Venezuela
VG 029 British Virgin Islands
VI 029 U.S. Virgin Islands
VN 035 Viet Nam
VU 054 Vanuatu
WF 061 Wallis and Futuna
WS 061 Samoa
YE 145 Yemen
YT 014 Mayotte
ZA 018 South Africa
ZM 014 Zambia
ZW 014 Zimbabwe
"""

_ROWS = [line.split(" ", 2) for line in _TABLE.strip().splitlines()]

COUNTRIES: dict[str, str] = {code: name for code, _, name in _ROWS}
COUNTRY_SUBCONTINENT: dict[str, str] = {code: sub for code, sub, _ in _ROWS if sub != "---"}
