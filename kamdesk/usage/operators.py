"""Mobile number prefixes of the four Chinese operators. Pure: no Django import.

The prefixes are those allocated by MIIT (segments of 3 digits, and a few 4-digit
blocks for satellite and virtual operators). Numbers are portable between operators
(携号转网), so an operator read from a prefix is an estimate; the network's
number-portability routing (``peer_operator`` in a CDR) wins when present.
"""

from __future__ import annotations

CMCC, UNICOM, TELECOM, BROADNET, OTHER = "cmcc", "unicom", "telecom", "broadnet", "other"

_SEGMENTS = {
    CMCC: "134 135 136 137 138 139 147 148 150 151 152 157 158 159 165 172 178 182 183 184 "
    "187 188 195 197 198 1703 1705 1706",
    UNICOM: "130 131 132 145 146 155 156 166 167 171 175 176 185 186 196 1704 1707 1708 1709",
    TELECOM: "133 149 153 162 173 177 180 181 189 190 191 193 199 1349 1700 1701 1702 1740",
    BROADNET: "192",
}
DEFAULT_PREFIXES: dict[str, str] = {
    prefix: operator for operator, text in _SEGMENTS.items() for prefix in text.split(" ")
}

# Competitors' customer-service numbers: a subscriber calling them is often shopping.
COMPETITOR_SERVICE_NUMBERS = {"10010": UNICOM, "10000": TELECOM, "10099": BROADNET}


def expand_to_four_digits(prefixes: dict[str, str]) -> dict[str, str]:
    """Every 4-digit prefix and its operator: 3-digit segments expanded, 4-digit blocks win.

    One join on a 4-digit key then maps a number to its operator on any engine (a
    longest-prefix match would need per-row logic that Spark and DuckDB write differently).
    """
    table: dict[str, str] = {}
    for prefix, operator in sorted(prefixes.items(), key=lambda item: len(item[0])):
        if len(prefix) == 3:
            table.update({f"{prefix}{digit}": operator for digit in range(10)})
        elif len(prefix) == 4:
            table[prefix] = operator
    return table
