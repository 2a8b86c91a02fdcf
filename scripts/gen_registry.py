"""Write data/states.csv, the country registry, from the Correlates of War state list and facts.

    python scripts/gen_registry.py /path/to/cow_states2016.csv [/path/to/IdealpointestimatesJuly2025.csv]

Sources: COW membership (cow_states2016.csv: number, letter code, name, years) and the COW <-> ISO 3166
alpha-3 crosswalk of the UN voting data (Bailey, Strezhnev and Voeten, CC0). ISO alpha-2 codes, English
short and formal names and the aliases people type are facts written here by hand (ISO 3166 codes are
facts; no table was copied from a GPL package). A state COW lists without an ISO code keeps its COW
identity: its code is its COW letter code, or X and two of its letters where that is another state's
ISO code (Czechoslovakia's "CZE" is Czechia's; Korea 1887-1905's "KOR" is South Korea's).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

# code: (iso2, formal name, aliases typed by people (;-separated), successors, note)
# Codes are ISO 3166-1 alpha-3 where the state has one; others keep their COW identity (see above).
FACTS: dict[str, tuple[str, str, str, str, str]] = {
    "USA": ("US", "United States of America", "us;usa;america;united states;u.s.;u.s.a.", "", ""),
    "CAN": ("CA", "Canada", "", "", ""),
    "BHS": ("BS", "Commonwealth of The Bahamas", "the bahamas", "", ""),
    "CUB": ("CU", "Republic of Cuba", "", "", ""),
    "HTI": ("HT", "Republic of Haiti", "", "", ""),
    "DOM": ("DO", "Dominican Republic", "", "", ""),
    "JAM": ("JM", "Jamaica", "", "", ""),
    "TTO": ("TT", "Republic of Trinidad and Tobago", "trinidad;trinidad & tobago", "", ""),
    "BRB": ("BB", "Barbados", "", "", ""),
    "DMA": ("DM", "Commonwealth of Dominica", "", "", ""),
    "GRD": ("GD", "Grenada", "", "", ""),
    "LCA": ("LC", "Saint Lucia", "st. lucia;st lucia", "", ""),
    "VCT": ("VC", "Saint Vincent and the Grenadines", "st. vincent and the grenadines;st vincent;saint vincent", "", ""),
    "ATG": ("AG", "Antigua and Barbuda", "antigua & barbuda;antigua", "", ""),
    "KNA": ("KN", "Federation of Saint Kitts and Nevis", "st. kitts and nevis;st kitts;saint kitts", "", ""),
    "MEX": ("MX", "United Mexican States", "", "", ""),
    "BLZ": ("BZ", "Belize", "", "", ""),
    "GTM": ("GT", "Republic of Guatemala", "", "", ""),
    "HND": ("HN", "Republic of Honduras", "", "", ""),
    "SLV": ("SV", "Republic of El Salvador", "salvador", "", ""),
    "NIC": ("NI", "Republic of Nicaragua", "", "", ""),
    "CRI": ("CR", "Republic of Costa Rica", "", "", ""),
    "PAN": ("PA", "Republic of Panama", "", "", ""),
    "COL": ("CO", "Republic of Colombia", "", "", ""),
    "VEN": ("VE", "Bolivarian Republic of Venezuela", "", "", ""),
    "GUY": ("GY", "Co-operative Republic of Guyana", "", "", ""),
    "SUR": ("SR", "Republic of Suriname", "surinam", "", ""),
    "ECU": ("EC", "Republic of Ecuador", "", "", ""),
    "PER": ("PE", "Republic of Peru", "", "", ""),
    "BRA": ("BR", "Federative Republic of Brazil", "", "", ""),
    "BOL": ("BO", "Plurinational State of Bolivia", "", "", ""),
    "PRY": ("PY", "Republic of Paraguay", "", "", ""),
    "CHL": ("CL", "Republic of Chile", "", "", ""),
    "ARG": ("AR", "Argentine Republic", "", "", ""),
    "URY": ("UY", "Oriental Republic of Uruguay", "", "", ""),
    "GBR": ("GB", "United Kingdom of Great Britain and Northern Ireland", "uk;u.k.;britain;great britain;england;united kingdom", "", ""),
    "IRL": ("IE", "Ireland", "eire;republic of ireland", "", ""),
    "NLD": ("NL", "Kingdom of the Netherlands", "holland;the netherlands", "", ""),
    "BEL": ("BE", "Kingdom of Belgium", "", "", ""),
    "LUX": ("LU", "Grand Duchy of Luxembourg", "", "", ""),
    "FRA": ("FR", "French Republic", "", "", ""),
    "MCO": ("MC", "Principality of Monaco", "", "", ""),
    "LIE": ("LI", "Principality of Liechtenstein", "", "", ""),
    "CHE": ("CH", "Swiss Confederation", "", "", ""),
    "ESP": ("ES", "Kingdom of Spain", "", "", ""),
    "AND": ("AD", "Principality of Andorra", "", "", ""),
    "PRT": ("PT", "Portuguese Republic", "", "", ""),
    "HAN": ("", "Kingdom of Hanover", "", "DEU", "Annexed by Prussia in 1866."),
    "BAV": ("", "Kingdom of Bavaria", "", "DEU", "Joined the German Empire in 1871."),
    "DEU": ("DE", "Federal Republic of Germany", "germany", "",
            "COW 255: Germany (the German Reich) 1816-1945 and united Germany since 3 October 1990; West Germany "
            "1955-1990 is GFR (COW 260)."),
    "GFR": ("", "Federal Republic of Germany (West Germany, 1949-1990)", "west germany;frg;brd", "DEU",
            "COW 260; joined by the German Democratic Republic on 3 October 1990, continued as Germany (DEU, COW 255)."),
    "GDR": ("", "German Democratic Republic", "east germany;ddr", "DEU",
            "COW 265; acceded to the Federal Republic on 3 October 1990 (ISO 3166-3 code DDR)."),
    "BAD": ("", "Grand Duchy of Baden", "", "DEU", "Joined the German Empire in 1871."),
    "SAX": ("", "Kingdom of Saxony", "", "DEU", "Joined the North German Confederation in 1867."),
    "WRT": ("", "Kingdom of Wuerttemberg", "wurttemberg;wuerttemberg", "DEU", "Joined the German Empire in 1871."),
    "HSE": ("", "Electorate of Hesse (Hesse-Kassel)", "hesse-kassel", "DEU", "Annexed by Prussia in 1866."),
    "HSG": ("", "Grand Duchy of Hesse (Hesse-Darmstadt)", "hesse-darmstadt", "DEU", "Joined the North German Confederation in 1867."),
    "MEC": ("", "Grand Duchy of Mecklenburg-Schwerin", "", "DEU", "Joined the North German Confederation in 1867."),
    "POL": ("PL", "Republic of Poland", "", "", ""),
    "AUH": ("", "Austro-Hungarian Empire", "austria hungary", "AUT;HUN;XCZ", "Dissolved in 1918."),
    "AUT": ("AT", "Republic of Austria", "", "", ""),
    "HUN": ("HU", "Hungary", "", "", ""),
    "XCZ": ("", "Czechoslovak Socialist Republic (Czechoslovakia)", "czechoslovakia;csk", "CZE;SVK",
            "COW 315 (COW letter code CZE, which is Czechia's ISO code; ISO 3166-3 code CSK). Dissolved on 1 January 1993."),
    "CZE": ("CZ", "Czech Republic", "czechia", "", ""),
    "SVK": ("SK", "Slovak Republic", "", "", ""),
    "ITA": ("IT", "Italian Republic", "", "", ""),
    "PAP": ("", "Papal States", "", "ITA", "COW 327; annexed by Italy (1860-1870)."),
    "SIC": ("", "Kingdom of the Two Sicilies", "two sicilies", "ITA", "Joined Italy in 1861."),
    "SMR": ("SM", "Republic of San Marino", "", "", ""),
    "MOD": ("", "Duchy of Modena", "", "ITA", "Joined Italy in 1860."),
    "PMA": ("", "Duchy of Parma", "", "ITA", "Joined Italy in 1860."),
    "TUS": ("", "Grand Duchy of Tuscany", "", "ITA", "Joined Italy in 1860."),
    "MLT": ("MT", "Republic of Malta", "", "", ""),
    "ALB": ("AL", "Republic of Albania", "", "", ""),
    "MNE": ("ME", "Montenegro", "", "", ""),
    "MKD": ("MK", "Republic of North Macedonia", "macedonia;fyrom", "", ""),
    "HRV": ("HR", "Republic of Croatia", "", "", ""),
    "SRB": ("RS", "Republic of Serbia", "yugoslavia;yug;serbia and montenegro;federal republic of yugoslavia", "",
            "COW 345 is one state throughout: Serbia 1878-1918, Yugoslavia 1918-2003 (ISO 3166-3 YUG), Serbia "
            "and Montenegro 2003-2006, Serbia since 2006; the other Yugoslav republics are states of their own."),
    "BIH": ("BA", "Bosnia and Herzegovina", "bosnia;bosnia & herzegovina;bosnia-herzegovina", "", ""),
    "XKX": ("XK", "Republic of Kosovo", "kos", "", "COW 347; XK/XKX is the user-assigned code in common use (not in ISO 3166)."),
    "SVN": ("SI", "Republic of Slovenia", "", "", ""),
    "GRC": ("GR", "Hellenic Republic", "", "", ""),
    "CYP": ("CY", "Republic of Cyprus", "", "", ""),
    "BGR": ("BG", "Republic of Bulgaria", "", "", ""),
    "MDA": ("MD", "Republic of Moldova", "", "", ""),
    "ROU": ("RO", "Romania", "rumania", "", ""),
    "RUS": ("RU", "Russian Federation", "ussr;soviet union;union of soviet socialist republics", "",
            "COW 365 is one state throughout: the Russian Empire, the Soviet Union (1922-1991) and the Russian "
            "Federation, which continued the Soviet Union's UN seat."),
    "EST": ("EE", "Republic of Estonia", "", "", ""),
    "LVA": ("LV", "Republic of Latvia", "", "", ""),
    "LTU": ("LT", "Republic of Lithuania", "", "", ""),
    "UKR": ("UA", "Ukraine", "", "", ""),
    "BLR": ("BY", "Republic of Belarus", "byelorussia;belorussia", "", ""),
    "ARM": ("AM", "Republic of Armenia", "", "", ""),
    "GEO": ("GE", "Georgia", "", "", ""),
    "AZE": ("AZ", "Republic of Azerbaijan", "", "", ""),
    "FIN": ("FI", "Republic of Finland", "", "", ""),
    "SWE": ("SE", "Kingdom of Sweden", "", "", ""),
    "NOR": ("NO", "Kingdom of Norway", "", "", ""),
    "DNK": ("DK", "Kingdom of Denmark", "", "", ""),
    "ISL": ("IS", "Iceland", "", "", ""),
    "CPV": ("CV", "Republic of Cabo Verde", "cabo verde", "", ""),
    "STP": ("ST", "Democratic Republic of Sao Tome and Principe", "são tomé and príncipe", "", ""),
    "GNB": ("GW", "Republic of Guinea-Bissau", "", "", ""),
    "GNQ": ("GQ", "Republic of Equatorial Guinea", "", "", ""),
    "GMB": ("GM", "Republic of The Gambia", "the gambia", "", ""),
    "MLI": ("ML", "Republic of Mali", "", "", ""),
    "SEN": ("SN", "Republic of Senegal", "", "", ""),
    "BEN": ("BJ", "Republic of Benin", "dahomey", "", ""),
    "MRT": ("MR", "Islamic Republic of Mauritania", "", "", ""),
    "NER": ("NE", "Republic of the Niger", "", "", ""),
    "CIV": ("CI", "Republic of Côte d'Ivoire", "côte d'ivoire;cote d'ivoire;cote divoire", "", ""),
    "GIN": ("GN", "Republic of Guinea", "", "", ""),
    "BFA": ("BF", "Burkina Faso", "upper volta", "", ""),
    "LBR": ("LR", "Republic of Liberia", "", "", ""),
    "SLE": ("SL", "Republic of Sierra Leone", "", "", ""),
    "GHA": ("GH", "Republic of Ghana", "", "", ""),
    "TGO": ("TG", "Togolese Republic", "", "", ""),
    "CMR": ("CM", "Republic of Cameroon", "", "", ""),
    "NGA": ("NG", "Federal Republic of Nigeria", "", "", ""),
    "GAB": ("GA", "Gabonese Republic", "", "", ""),
    "CAF": ("CF", "Central African Republic", "car", "", ""),
    "TCD": ("TD", "Republic of Chad", "", "", ""),
    "COG": ("CG", "Republic of the Congo", "congo-brazzaville;congo brazzaville;republic of congo", "", ""),
    "COD": ("CD", "Democratic Republic of the Congo", "drc;dr congo;congo-kinshasa;congo kinshasa;zaire", "", ""),
    "UGA": ("UG", "Republic of Uganda", "", "", ""),
    "KEN": ("KE", "Republic of Kenya", "", "", ""),
    "TZA": ("TZ", "United Republic of Tanzania", "tanganyika", "", ""),
    "ZAN": ("", "People's Republic of Zanzibar", "", "TZA", "COW 511; united with Tanganyika as Tanzania in April 1964."),
    "BDI": ("BI", "Republic of Burundi", "", "", ""),
    "RWA": ("RW", "Republic of Rwanda", "", "", ""),
    "SOM": ("SO", "Federal Republic of Somalia", "", "", ""),
    "DJI": ("DJ", "Republic of Djibouti", "", "", ""),
    "ETH": ("ET", "Federal Democratic Republic of Ethiopia", "abyssinia", "", ""),
    "ERI": ("ER", "State of Eritrea", "", "", ""),
    "AGO": ("AO", "Republic of Angola", "", "", ""),
    "MOZ": ("MZ", "Republic of Mozambique", "", "", ""),
    "ZMB": ("ZM", "Republic of Zambia", "", "", ""),
    "ZWE": ("ZW", "Republic of Zimbabwe", "rhodesia", "", ""),
    "MWI": ("MW", "Republic of Malawi", "", "", ""),
    "ZAF": ("ZA", "Republic of South Africa", "rsa", "", ""),
    "NAM": ("NA", "Republic of Namibia", "", "", ""),
    "LSO": ("LS", "Kingdom of Lesotho", "", "", ""),
    "BWA": ("BW", "Republic of Botswana", "", "", ""),
    "SWZ": ("SZ", "Kingdom of Eswatini", "swaziland", "", ""),
    "MDG": ("MG", "Republic of Madagascar", "", "", ""),
    "COM": ("KM", "Union of the Comoros", "", "", ""),
    "MUS": ("MU", "Republic of Mauritius", "", "", ""),
    "SYC": ("SC", "Republic of Seychelles", "", "", ""),
    "MAR": ("MA", "Kingdom of Morocco", "", "", ""),
    "DZA": ("DZ", "People's Democratic Republic of Algeria", "", "", ""),
    "TUN": ("TN", "Republic of Tunisia", "", "", ""),
    "LBY": ("LY", "State of Libya", "", "", ""),
    "SDN": ("SD", "Republic of the Sudan", "", "", ""),
    "SSD": ("SS", "Republic of South Sudan", "", "", ""),
    "IRN": ("IR", "Islamic Republic of Iran", "persia", "", ""),
    "TUR": ("TR", "Republic of Türkiye", "türkiye;turkiye", "", ""),
    "IRQ": ("IQ", "Republic of Iraq", "", "", ""),
    "EGY": ("EG", "Arab Republic of Egypt", "", "", ""),
    "SYR": ("SY", "Syrian Arab Republic", "", "", ""),
    "LBN": ("LB", "Lebanese Republic", "", "", ""),
    "JOR": ("JO", "Hashemite Kingdom of Jordan", "", "", ""),
    "ISR": ("IL", "State of Israel", "", "", ""),
    "SAU": ("SA", "Kingdom of Saudi Arabia", "ksa;saudi", "", ""),
    "YAR": ("", "Yemen Arab Republic (North Yemen)", "north yemen", "YEM", "COW 678; united with South Yemen as Yemen on 22 May 1990."),
    "YEM": ("YE", "Republic of Yemen", "", "", ""),
    "YPR": ("", "People's Democratic Republic of Yemen (South Yemen)", "south yemen;ymd", "YEM",
            "COW 680 (ISO 3166-3 code YMD); united with North Yemen as Yemen on 22 May 1990."),
    "KWT": ("KW", "State of Kuwait", "", "", ""),
    "BHR": ("BH", "Kingdom of Bahrain", "", "", ""),
    "QAT": ("QA", "State of Qatar", "", "", ""),
    "ARE": ("AE", "United Arab Emirates", "uae;emirates", "", ""),
    "OMN": ("OM", "Sultanate of Oman", "", "", ""),
    "AFG": ("AF", "Afghanistan", "", "", ""),
    "TKM": ("TM", "Turkmenistan", "", "", ""),
    "TJK": ("TJ", "Republic of Tajikistan", "", "", ""),
    "KGZ": ("KG", "Kyrgyz Republic", "kyrgyzia;kirghizia", "", ""),
    "UZB": ("UZ", "Republic of Uzbekistan", "", "", ""),
    "KAZ": ("KZ", "Republic of Kazakhstan", "", "", ""),
    "CHN": ("CN", "People's Republic of China", "prc;mainland china", "", ""),
    "MNG": ("MN", "Mongolia", "", "", ""),
    "TWN": ("TW", "Taiwan (Republic of China)", "republic of china;roc", "", ""),
    "XKO": ("", "Korean Empire (Joseon)", "joseon", "PRK;KOR",
            "COW 730, Korea 1887-1905 (COW letter code KOR, which is South Korea's ISO code); a Japanese "
            "protectorate from 1905."),
    "PRK": ("KP", "Democratic People's Republic of Korea", "dprk;north korea", "", ""),
    "KOR": ("KR", "Republic of Korea", "rok;south korea", "", ""),
    "JPN": ("JP", "Japan", "", "", ""),
    "IND": ("IN", "Republic of India", "", "", ""),
    "BTN": ("BT", "Kingdom of Bhutan", "", "", ""),
    "PAK": ("PK", "Islamic Republic of Pakistan", "", "", ""),
    "BGD": ("BD", "People's Republic of Bangladesh", "", "", ""),
    "MMR": ("MM", "Republic of the Union of Myanmar", "burma", "", ""),
    "LKA": ("LK", "Democratic Socialist Republic of Sri Lanka", "ceylon", "", ""),
    "MDV": ("MV", "Republic of Maldives", "", "", ""),
    "NPL": ("NP", "Federal Democratic Republic of Nepal", "", "", ""),
    "THA": ("TH", "Kingdom of Thailand", "siam", "", ""),
    "KHM": ("KH", "Kingdom of Cambodia", "kampuchea", "", ""),
    "LAO": ("LA", "Lao People's Democratic Republic", "lao pdr", "", ""),
    "VNM": ("VN", "Socialist Republic of Viet Nam", "viet nam;north vietnam", "",
            "COW 816: the Democratic Republic of Vietnam (North Vietnam) from 1954, united Vietnam from 1976."),
    "RVN": ("", "Republic of Vietnam (South Vietnam)", "south vietnam", "VNM", "COW 817; fell in April 1975, united with the North in 1976."),
    "MYS": ("MY", "Malaysia", "malaya", "", ""),
    "SGP": ("SG", "Republic of Singapore", "", "", ""),
    "BRN": ("BN", "Brunei Darussalam", "", "", ""),
    "PHL": ("PH", "Republic of the Philippines", "", "", ""),
    "IDN": ("ID", "Republic of Indonesia", "", "", ""),
    "TLS": ("TL", "Democratic Republic of Timor-Leste", "east timor;timor leste", "", ""),
    "AUS": ("AU", "Commonwealth of Australia", "", "", ""),
    "PNG": ("PG", "Independent State of Papua New Guinea", "", "", ""),
    "NZL": ("NZ", "New Zealand", "", "", ""),
    "VUT": ("VU", "Republic of Vanuatu", "", "", ""),
    "SLB": ("SB", "Solomon Islands", "", "", ""),
    "KIR": ("KI", "Republic of Kiribati", "", "", ""),
    "TUV": ("TV", "Tuvalu", "", "", ""),
    "FJI": ("FJ", "Republic of Fiji", "", "", ""),
    "TON": ("TO", "Kingdom of Tonga", "", "", ""),
    "NRU": ("NR", "Republic of Nauru", "", "", ""),
    "MHL": ("MH", "Republic of the Marshall Islands", "", "", ""),
    "PLW": ("PW", "Republic of Palau", "", "", ""),
    "FSM": ("FM", "Federated States of Micronesia", "micronesia", "", ""),
    "WSM": ("WS", "Independent State of Samoa", "western samoa", "", ""),
}

# short names where COW's differ from common English usage
SHORT = {"USA": "United States", "DEU": "Germany", "GFR": "West Germany", "GDR": "East Germany", "SRB": "Serbia",
         "CIV": "Côte d'Ivoire", "LCA": "Saint Lucia", "VCT": "Saint Vincent and the Grenadines",
         "KNA": "Saint Kitts and Nevis", "ATG": "Antigua and Barbuda", "WRT": "Wuerttemberg", "HSE": "Hesse-Kassel",
         "HSG": "Hesse-Darmstadt", "MEC": "Mecklenburg-Schwerin", "MKD": "North Macedonia", "CZE": "Czechia",
         "SWZ": "Eswatini", "TLS": "Timor-Leste", "CPV": "Cabo Verde", "COG": "Republic of the Congo",
         "COD": "DR Congo", "TUR": "Turkey", "YPR": "South Yemen", "YAR": "North Yemen",
         "RVN": "South Vietnam", "XKO": "Korea (1887-1905)", "FSM": "Micronesia", "PAP": "Papal States"}

# states that are not COW members but that data sources name
EXTRA = [
    # code, iso2, name, formal name, aliases, note
    ("PSE", "PS", "Palestine", "State of Palestine", "palestinian territories;palestinian authority",
     "UN non-member observer state; not a COW member."),
    ("VAT", "VA", "Holy See", "Holy See (Vatican City State)", "vatican;vatican city",
     "UN non-member observer state; not a COW member."),
]

# COW numbers whose code is fixed here (historical states keep their COW identity)
CODE_BY_COW = {255: "DEU", 260: "GFR", 265: "GDR", 315: "XCZ", 345: "SRB", 347: "XKX", 327: "PAP", 678: "YAR",
               680: "YPR", 730: "XKO"}


def main(cow_csv: str, unga_csv: str | None) -> None:
    iso: dict[int, str] = {}
    if unga_csv:
        for row in csv.DictReader(open(unga_csv, encoding="utf-8")):
            if row["iso3c"]:
                iso.setdefault(int(row["ccode"]), row["iso3c"])
    states: dict[int, dict[str, object]] = {}
    for row in csv.DictReader(open(cow_csv, encoding="utf-8")):
        cow = int(row["ccode"])
        s = states.setdefault(cow, {"abb": row["stateabb"], "name": row["statenme"], "start": int(row["styear"]),
                                    "end": int(row["endyear"]), "spells": []})
        s["start"] = min(int(row["styear"]), s["start"])  # type: ignore[type-var]
        s["end"] = max(int(row["endyear"]), s["end"])  # type: ignore[type-var]
        s["spells"].append(f"{row['styear']}-{row['endyear'] if int(row['endyear']) < 2016 else ''}")  # type: ignore[union-attr]
    out = []
    for cow, s in sorted(states.items()):
        code = CODE_BY_COW.get(cow) or iso.get(cow) or str(s["abb"])
        if code not in FACTS:
            raise SystemExit(f"no facts for COW {cow} {s['name']} ({code})")
        iso2, formal, aliases, successors, note = FACTS[code]
        name = SHORT.get(code, str(s["name"]))
        alias_list = [a for a in aliases.split(";") if a]
        if str(s["name"]).casefold() != name.casefold():
            alias_list.append(str(s["name"]))
        if s["abb"] != code:
            alias_list.append(str(s["abb"]))
        end = "" if s["end"] == 2016 else str(s["end"])
        out.append([code, iso2, cow, s["abb"], name, formal, s["start"], end, ";".join(s["spells"]), successors,
                    ";".join(dict.fromkeys(alias_list)), note])
    for code, iso2, name, formal, aliases, note in EXTRA:
        out.append([code, iso2, "", "", name, formal, "", "", "", "", aliases, note])
    codes = [r[0] for r in out]
    assert len(codes) == len(set(codes)), "codes must be unique"
    target = Path(__file__).resolve().parent.parent / "data" / "states.csv"
    with open(target, "w", encoding="utf-8", newline="") as handle:
        handle.write("# allyscore country registry: COW membership (cow_states2016.csv), COW<->ISO3 from the UN voting\n"
                     "# data (Bailey, Strezhnev and Voeten, CC0), ISO 3166 codes and names as facts. "
                     "Written by scripts/gen_registry.py.\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "iso2", "cow", "cow_abb", "name", "formal_name", "start", "end", "spells",
                         "successors", "aliases", "note"])
        writer.writerows(out)
    print(f"wrote {len(out)} states to {target}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
