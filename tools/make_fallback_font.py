"""Make hallapp/resources/fonts/hallapp-fallback.ttf: the glyphs the main font lacks.

WenQuanYi Micro Hei covers GBK, so names written with rarer characters, such as 𠮷
(U+20BB7), 䶮 (U+4DAE) or 𬌗 (U+2C317), would print as empty boxes. This font supplies
exactly those glyphs, taken from Hanazono Mincho (花園明朝, GlyphWiki Project, Hanazono
Font License or SIL OFL 1.1), as packaged by Debian in ``fonts-hanazono``:

    apt-get update && apt-get download fonts-hanazono
    dpkg-deb -x fonts-hanazono_*_all.deb hanazono
    .venv/bin/python tools/make_fallback_font.py \
        hanazono/usr/share/fonts/truetype/hanazono/HanaMinA.ttf \
        hanazono/usr/share/fonts/truetype/hanazono/HanaMinB.ttf

It keeps, of the characters the main font lacks:

* every character of CJK Extension A (U+3400–U+4DBF);
* the unified ideographs added to the basic block after GBK (U+9FA6–U+9FFF), among
  them 鿍鿎鿏 of the 通用规范汉字表;
* the characters of the 通用规范汉字表 (Table of General Standard Chinese Characters,
  State Council, 2013) that lie outside the Basic Multilingual Plane, listed below, and
  𠮷, a common surname character that the table does not list.

The result is a plain TrueType (glyf) font, as reportlab needs for embedding, renamed
"Hallapp Fallback" because the OFL reserves Hanazono's own names for unmodified copies.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "hallapp" / "resources" / "fonts"
MAIN_FONT = FONTS / "wqy-microhei.ttf"
OUTPUT = FONTS / "hallapp-fallback.ttf"
FAMILY = "Hallapp Fallback"

EXTENSION_A = range(0x3400, 0x4DC0)
LATE_BASIC = range(0x9FA6, 0xA000)

# 通用规范汉字表 (2013): its 196 characters outside the BMP (Extensions B to E), as
# code points in the order of the table.
GENERAL_STANDARD_SUPPLEMENTARY = """
2C27C 20CD0 25ED7 20676 2C8D9 28678 2C1D5 2C8DE 2C613 2BB5F 2BB62 2B1ED 2B404 2BD77
23C98 23C97 2C1D9 2C8E1 2BE29 28695 2B61C 2C618 2B61D 26B5C 2CA02 2C029 2C02A 2CB29
2B363 2C8F3 2CA7D 2CBBF 2CBC0 2BC1B 2CCF5 2CCF6 2B80A 2C35B 2C72C 26C21 2AFA2 2AA30
2B4E7 2CB2E 2CB31 2CB2D 26676 2C621 2CCFD 2C629 2B127 2A7DD 2C364 2BB7C 2C72F 2C0A9
2B806 28408 2C317 2B461 2AA36 2CB38 2CB3B 2CB39 2CB3F 2CB41 2B8B8 2B5E7 2C288 2C488
28E99 2CCFF 2B128 2C62B 2BB83 2CC56 2C7FD 2B4EF 2B7F9 2B7FC 20164 2C1F9 2C361 2C907
2B36F 2C90A 2B372 2CBCE 2C62C 2C62D 2CD02 2B626 2B7C5 2C62F 2B627 2A8FB 2139A 2C0CA
2CDD5 2B410 2CE7C 27FF9 2BD87 2B5AE 2CB4A 28C47 2B4F6 2CB4E 2B5AF 2CC5F 2B6ED 2BDF7
2CBB1 2C2A4 23E23 2CD03 2B628 249DB 2CAA9 2C494 2CA0E 2B413 2BAC7 2B4F9 2CB5A 2CB5B
2C542 2CD8B 2CD8D 2677C 2B536 2B300 2B5B3 2B62A 2B62C 2B7A9 21413 2A917 235CB 2CE18
2C497 25532 2B696 28C4F 2CB64 2B695 2CD90 2CD8F 29F7E 2CE1A 2C91D 2C642 2CB69 29F83
2CE23 2B37D 2CD0A 2C79F 25562 2B7E6 2CE88 2B81C 2AA58 2CB6C 28C51 2CB6F 2B5F4 2CE26
2B137 24A7D 2CB73 2CB76 2B50D 2CB78 28C54 2CB7C 2B50E 2CE2A 2CD9F 2CDA0 2CDA8 26221
2B138 2C7C1 255A8 2648D 2C64A 2CDAD 29F8C 287E0 2CDAE 28B49 2C64B 24AC9 2CE93 2B6AD
"""
EXTRA = (0x20BB7,)  # 𠮷, as in the surname 𠮷 (吉 with 土)


def wanted(main: TTFont) -> list[int]:
    """The code points to keep: the ranges and lists above, less what the main font has."""
    have = set(main.getBestCmap())
    listed = [int(code, 16) for code in GENERAL_STANDARD_SUPPLEMENTARY.split()]
    if len(set(listed)) != len(listed):
        raise SystemExit("the 通用规范汉字表 list has a duplicate")
    chars = {*EXTENSION_A, *LATE_BASIC, *listed, *EXTRA}
    return sorted(c for c in chars if c not in have)


def _subset(source: Path, codepoints: list[int], out: Path) -> set[int]:
    font = TTFont(source)
    present = set(font.getBestCmap())
    keep = [c for c in codepoints if c in present]
    options = subset.Options()
    # Printed and on-screen text only: no hinting, no layout features, no glyph names.
    options.hinting = False
    options.layout_features = []
    options.glyph_names = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.notdef_outline = True
    options.drop_tables += ["BASE", "FFTM", "prop", "GDEF", "GSUB", "GPOS", "vhea", "vmtx"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    font.save(out)
    return set(keep)


def _rename(font: TTFont) -> None:
    names = font["name"]
    names.names = [n for n in names.names if n.nameID == 0]  # keep the copyright
    for name_id, value in (
        (1, FAMILY),
        (2, "Regular"),
        (3, f"{FAMILY} Regular"),
        (4, f"{FAMILY} Regular"),
        (5, "Version 1.0; glyphs of Hanazono Mincho 20170904"),
        (6, FAMILY.replace(" ", "") + "-Regular"),
    ):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)


def build(hana_a: Path, hana_b: Path, output: Path = OUTPUT) -> None:
    codepoints = wanted(TTFont(MAIN_FONT, lazy=True))
    work = output.parent
    part_a, part_b = work / ".fallback-a.ttf", work / ".fallback-b.ttf"
    try:
        got = _subset(hana_a, [c for c in codepoints if c < 0x10000], part_a)
        got |= _subset(hana_b, [c for c in codepoints if c >= 0x10000], part_b)
        merged = Merger().merge([str(part_a), str(part_b)])
    finally:
        part_a.unlink(missing_ok=True)
        part_b.unlink(missing_ok=True)
    missing = sorted(set(codepoints) - got)
    if missing:
        print("not in Hanazono:", " ".join(f"U+{c:04X}" for c in missing), file=sys.stderr)
    _rename(merged)
    merged["OS/2"].fsType = 0  # installable: the PDF embeds it, Qt loads it
    merged.save(output)
    print(f"{output}: {len(got)} characters, {output.stat().st_size:,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("hanamin_a", type=Path, help="HanaMinA.ttf from fonts-hanazono")
    parser.add_argument("hanamin_b", type=Path, help="HanaMinB.ttf from fonts-hanazono")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    build(args.hanamin_a, args.hanamin_b, args.output)


if __name__ == "__main__":
    main()
