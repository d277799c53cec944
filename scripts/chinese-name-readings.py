#!/usr/bin/env python3
"""Writes src/names/chinese_readings.txt: the Mandarin, Cantonese and
Southern Min (Taiwanese Hokkien) readings of the Chinese characters used
as surnames, from Unihan and taibun.

Source: the Unicode Han Database (Unihan), as Debian's package
`unicode-data` ships it (`apt-get install unicode-data`; files
/usr/share/unicode/Unihan_*.txt.bz2, Unicode 15.0.0). Licence: the
Unicode License (Unicode Data Files and Software), which allows copying
and redistribution with its notice; see
/usr/share/doc/unicode-data/copyright.

Characters kept: the surnames, where the Cantonese (Hong Kong) spelling
of a Chinese name is mostly met in English text, and which keep the
table small (and the links it makes between spellings few): every
character whose Unihan kDefinition calls it a surname, or that CC-CEDICT
glosses as one ("/surname Zhang/"; `../shared/data/dicts/cedict`,
CC-CEDICT 2023-11-07, CC BY-SA 4.0: only this yes/no fact per character
is taken from it), and the traditional forms of these
(kTraditionalVariant), so that 張 is there beside 张. Each needs a
kMandarin and a kCantonese reading. Where CC-CEDICT reads a character as
a surname otherwise than Unihan's kMandarin (which gives the usual
reading: 繆 móu, the surname Miào; 仇 chóu, the surname Qiú), its
surname reading is added to the Mandarin readings.

Southern Min readings: from taibun 1.1.8 (PyPI `pip download taibun`,
the Taiwanese Hokkien transliterator; its code is MIT-licensed, its data
CC BY-SA 4.0, taken from the Taiwanese-Chinese Online Dictionary and the
iTaigi dictionary through ChhoeTaigi). Only facts are carried over: the
readings of each kept character in Tai-lo, as taibun's data files
`prons.msgpack` (every reading of a character) and `words.msgpack` (its
usual reading as a word of one character) give them, with the tone marks
taken off; a simplified character without readings there is read through
its traditional form. Reading these files needs the Python package
`msgpack`. No Teochew or Hakka table of character readings was found on
PyPI or in Debian (parsetc converts Teochew spellings but has no
characters), so those are not here.

A first line: "syllables", a tab, and every toneless pinyin syllable
of Unihan's kMandarin (of all characters), space-separated. Then one
line per character: the character, a tab, its kMandarin readings in
pinyin with the tone as a digit (5: neutral), a tab, its kCantonese
readings in jyutping without tones, a tab, its Southern Min readings in
Tai-lo without tones (lower case ASCII; may be empty); readings separated
by spaces.

Usage: scripts/chinese-name-readings.py [UNIHAN_DIR [CEDICT_GZ [TAIBUN_DATA_DIR]]] > src/names/chinese_readings.txt
(TAIBUN_DATA_DIR: the `data` folder of the unpacked taibun wheel; by
default that of the installed `taibun` package.)
"""

import bz2
import gzip
import os
import sys
import unicodedata

TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}


def read(path):
    fields = {}
    with bz2.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if not line.startswith("U+"):
                continue
            code, field, value = line.rstrip("\n").split("\t", 2)
            fields.setdefault(chr(int(code[2:], 16)), {})[field] = value
    return fields


def numbered(pinyin):
    """zhāng -> zhang1; lǚ -> lü3; a syllable without a mark -> 5."""
    tone = 5
    out = []
    for c in unicodedata.normalize("NFD", pinyin):
        if c in TONE_MARKS:
            tone = TONE_MARKS[c]
        else:
            out.append(c)
    return unicodedata.normalize("NFC", "".join(out)) + str(tone)


def cedict_surnames(path):
    """Characters that CC-CEDICT glosses as a surname ("/surname Zhang/"),
    traditional and simplified -> the pinyin of those entries, with the
    tone as a digit (繆 [Miao4]: miao4; Lu:3 as lü3)."""
    out = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            traditional, simplified, rest = line.split(" ", 2)
            if len(traditional) == 1 and "/surname " in rest:
                pinyin = rest[rest.index("[") + 1 : rest.index("]")].lower().replace("u:", "ü")
                for c in (traditional, simplified):
                    if pinyin not in out.setdefault(c, []):
                        out[c].append(pinyin)
    return out


def taibun_readings(data):
    """Character -> its Tai-lo readings without tones, from taibun's data."""
    import msgpack

    def load(name):
        with open(os.path.join(data, name), "rb") as f:
            return msgpack.unpackb(f.read(), raw=False)

    out = {}
    words = load("words.msgpack")
    for c, readings in list(load("prons.msgpack").items()) + [(c, [r]) for c, r in words.items() if len(c) == 1]:
        for reading in readings:
            for r in reading.split("/"):
                plain = "".join(x for x in unicodedata.normalize("NFD", r.lower()) if "a" <= x <= "z")
                if plain and plain not in out.setdefault(c, []):
                    out[c].append(plain)
    return out


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
    here = os.path.dirname(os.path.abspath(__file__))
    cedict = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "../../shared/data/dicts/cedict/cedict_1_0_ts_utf-8_mdbg.txt.gz")
    if len(sys.argv) > 3:
        taibun = sys.argv[3]
    else:
        import importlib.util

        spec = importlib.util.find_spec("taibun")
        if spec is None:
            sys.exit("taibun is not installed: pip install taibun msgpack, or give the data folder of its wheel as the third argument")
        taibun = os.path.join(os.path.dirname(spec.origin), "data")
    hokkien = taibun_readings(taibun)
    readings = read(f"{base}/Unihan_Readings.txt.bz2")
    variants = read(f"{base}/Unihan_Variants.txt.bz2")
    surname_pinyin = cedict_surnames(cedict)
    kept = set(surname_pinyin)
    for c, f in readings.items():
        if "surname" in f.get("kDefinition", "").lower():
            kept.add(c)
    for c in list(kept):
        for v in variants.get(c, {}).get("kTraditionalVariant", "").split():
            kept.add(chr(int(v.split("<")[0][2:], 16)))
    print("# Generated by scripts/chinese-name-readings.py from Unihan (Unicode 15.0.0, Debian unicode-data; Unicode License);")
    print("# which characters are surnames, and their surname readings where kMandarin lacks them, also from CC-CEDICT 2023-11-07 (CC BY-SA 4.0);")
    print("# Southern Min (Tai-lo) readings from taibun 1.1.8's data (PyPI; data CC BY-SA 4.0: Taiwanese-Chinese Online Dictionary, iTaigi, via ChhoeTaigi).")
    print("# Columns: character, kMandarin (tone digits), kCantonese (jyutping, no tones), Hokkien (Tai-lo, no tones).")
    syllables = set()
    for f in readings.values():
        for p in f.get("kMandarin", "").split():
            syllables.add(numbered(p)[:-1])
    print("syllables\t" + " ".join(sorted(syllables)))
    for c in sorted(kept):
        f = readings.get(c, {})
        if "kMandarin" not in f or "kCantonese" not in f:
            continue
        mandarin = []
        for p in f["kMandarin"].split():
            n = numbered(p)
            if n not in mandarin:
                mandarin.append(n)
        # the reading as a surname where Unihan's usual one is another
        # (繆 kMandarin móu, CC-CEDICT's surname Miao4; 仇 chóu, Qiu2)
        for n in surname_pinyin.get(c, []):
            if n not in mandarin and n[:-1] in syllables:
                mandarin.append(n)
        cantonese = []
        for j in f["kCantonese"].split():
            j = j.rstrip("0123456789")
            if j not in cantonese:
                cantonese.append(j)
        southern = hokkien.get(c, [])
        if not southern:
            for v in variants.get(c, {}).get("kTraditionalVariant", "").split():
                southern = southern + [r for r in hokkien.get(chr(int(v.split("<")[0][2:], 16)), []) if r not in southern]
        print(f"{c}\t{' '.join(mandarin)}\t{' '.join(cantonese)}\t{' '.join(southern)}")


if __name__ == "__main__":
    main()
