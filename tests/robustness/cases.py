"""The table of bad inputs: each one must be refused with exit 2 and one line naming the field.

A case is an id, the class of mistake, the command line (``{tmp}`` is the case's
folder, ``{in}`` the input written there, ``{ex}`` the shipped examples), the
input file(s) to write and the fragments the one-line message must contain.
Inputs are built from the shipped examples by small edits, the way a hurried
user breaks them, so each case differs from a valid design by one mistake.
"""

from __future__ import annotations

import copy
import gzip
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from chippack.examples import example_path
from chippack.model import read_yaml

EXAMPLES = Path(str(example_path("dual_sink_fcbga").parent))
FLOWS = EXAMPLES / "flows"


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    args: tuple[str, ...]
    files: dict[str, bytes | str] = field(default_factory=dict)
    expect: tuple[str, ...] = ()
    setup: Callable[[Path], None] | None = None
    limits: dict[str, int] | None = None


def example(name: str) -> dict:
    return copy.deepcopy(read_yaml(example_path(name)))


def flow(name: str) -> dict:
    return copy.deepcopy(read_yaml(FLOWS / f"{name}.yaml"))


def dump(raw: object) -> str:
    return yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)


def text_of(name: str) -> str:
    return example_path(name).read_text(encoding="utf-8")


def spec_edit(name: str, edit: Callable[[dict], object]) -> str:
    raw = example(name)
    edit(raw)
    return dump(raw)


def part(name: str, pid: str, **changes) -> str:
    def edit(raw):
        for key, value in changes.items():
            if value is None:
                raw["parts"][pid].pop(key, None)
            else:
                raw["parts"][pid][key] = value
    return spec_edit(name, edit)


def validate(pid_or_text: str, *expect: str, kind: str, id: str) -> Case:
    return Case(id, kind, ("validate", "{in}", "--out", "{tmp}/out"),
                {"in.yaml": pid_or_text}, expect)


CASES: list[Case] = []


def add(case: Case) -> None:
    CASES.append(case)


# -- 1. files: encodings, formats, paths -------------------------------------------------
LIDDED = text_of("lidded_fcbga")
for cid, data, frag in [
    ("utf16 with BOM", LIDDED.encode("utf-16"), "UTF-16-LE"),
    ("utf16 big endian", b"\xfe\xff" + LIDDED.encode("utf-16-be"), "UTF-16-BE"),
    ("utf32", LIDDED.encode("utf-32"), "UTF-32-LE"),
    ("utf16 without BOM", LIDDED.encode("utf-16-le"), "UTF-16"),
    ("latin-1", ("# Größe in mm\n" + LIDDED).encode("latin-1"), "Latin-1"),
    ("windows-1252 quotes", ("# \u201cquoted\u201d\n" + LIDDED).encode("cp1252"), "not UTF-8"),
    ("gzip", gzip.compress(LIDDED.encode()), "gzip"),
    ("xlsx workbook", None, "ZIP archive"),
    ("npy array", None, "NumPy .npy"),
    ("pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", "PDF"),
    ("png", b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG image"),
    ("binary with NUL", bytes(range(256)) * 4, "binary file"),
    ("control character", LIDDED.replace("name:", "na\x07me:", 1).encode(), "control character"),
    ("bzip2", b"BZh91AY&SY" + bytes(20), "bzip2"),
    ("old office document", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "Office"),
]:
    if cid == "xlsx workbook":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("xl/workbook.xml", "<workbook/>")
        data = buf.getvalue()
    if cid == "npy array":
        buf = io.BytesIO()
        np.save(buf, np.ones((4, 4)))
        data = buf.getvalue()
    add(Case(f"file: {cid}", "encoding", ("validate", "{in}", "--out", "{tmp}/out"),
             {"in.yaml": data}, ("in.yaml", frag)))


def _mkdir(tmp: Path) -> None:
    (tmp / "folder.yaml").mkdir()


def _loop(tmp: Path) -> None:
    (tmp / "loop.yaml").symlink_to(tmp / "loop.yaml")


def _dangling(tmp: Path) -> None:
    (tmp / "dangling.yaml").symlink_to(tmp / "nowhere.yaml")


def _fifo(tmp: Path) -> None:
    import os
    os.mkfifo(tmp / "pipe.yaml")


for cid, target, setup, frag in [
    ("a folder", "{tmp}/folder.yaml", _mkdir, "is a folder"),
    ("a symlink loop", "{tmp}/loop.yaml", _loop, "loops back"),
    ("a dangling symlink", "{tmp}/dangling.yaml", _dangling, "does not exist"),
    ("a named pipe", "{tmp}/pipe.yaml", _fifo, "not a regular file"),
    ("missing", "{tmp}/nope.yaml", None, "does not exist"),
    ("name too long", "{tmp}/" + "x" * 300 + ".yaml", None, "too long"),
    ("path through a file", "{in}/spec.yaml", None, "not a folder"),
    ("bracket name missing", "{tmp}/[/B] spec [x, y, z].yaml", None, "[/B] spec [x, y, z]"),
]:
    add(Case(f"path: {cid}", "path", ("validate", target, "--out", "{tmp}/out"),
             {"in.yaml": LIDDED}, (frag,), setup))
add(Case("file: 3 MB spec", "size", ("validate", "{in}", "--out", "{tmp}/out"),
         {"in.yaml": LIDDED + "# " + "x" * 3_000_000 + "\n"}, ("MB limit",)))
add(Case("file: flow through --flow is a folder", "path",
         ("run", "{in}", "--flow", "{tmp}/folder.yaml", "--out", "{tmp}/out"),
         {"in.yaml": LIDDED}, ("is a folder",), _mkdir))
for cmd in (("claims", "{in}"), ("process", "{in}"), ("run", "{in}", "--out", "{tmp}/out"),
            ("export", "{in}", "--vtk", "--out", "{tmp}/out")):
    add(Case(f"file: utf16 given to {cmd[0]}", "encoding", cmd,
             {"in.yaml": LIDDED.encode("utf-16")}, ("UTF-16",)))

# -- 2. YAML structure ------------------------------------------------------------------
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
    for i in range(9)) + "name: bomb\nparts: {}\n"
for cid, text, frag in [
    ("duplicate top-level key", LIDDED + "\nname: again\n", "given twice"),
    ("duplicate part", LIDDED.replace("parts:\n", "parts:\n  die: {kind: die, size: [1, 1], "
                                      "thickness: 0.1}\n", 1), "'die' given twice"),
    ("duplicate field in a part", LIDDED.replace("    kind: die\n", "    kind: die\n"
                                                 "    size: [5, 5]\n", 1), "'size' given twice"),
    ("BOM inside a key", LIDDED.replace("parts:", "parts\ufeff:"), "U+FEFF"),
    ("zero-width space in a part id", LIDDED.replace("  die:", "  d\u200bie:", 1), "U+200B"),
    ("zero-width joiner in a value", LIDDED.replace("kind: die", "kind: di\u200de", 1),
     "U+200D"),
    ("bidi override in the name", LIDDED.replace("name: ", "name: \u202e", 1), "U+202E"),
    ("alias bomb", BOMB, "expands to more than"),
    ("recursive alias", "name: x\nparts: &p {die: *p}\n", "recursive"),
    ("deep list", "name: x\nparts: " + "[" * 3000 + "]" * 3000 + "\n", "nested more than"),
    ("deep mapping", "name: x\nparts:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(60))
     + "  " * 61 + "v: 1\n", "nested more than"),
    ("two documents", LIDDED + "\n---\n" + LIDDED, "more than one YAML document"),
    ("tab indentation", "name: x\nparts:\n\tdie: {}\n", "YAML syntax error"),
    ("unclosed bracket", "name: x\nparts: {die: [1, 2\n", "YAML syntax error"),
    ("integer key", LIDDED.replace("  die:", "  12:", 1), "read as a number"),
    ("boolean key", LIDDED.replace("  die:", "  true:", 1), "read as a boolean"),
    ("null key", LIDDED.replace("  die:", "  ~:", 1), "read as a null"),
    ("list as a key", "name: x\n? [a, b]\n: 1\nparts: {}\n", "a key must be a plain name"),
    ("1e400 overflows", LIDDED.replace("thickness: 0.75", "thickness: 1e400", 1),
     "not a finite number"),
    ("-1e400", LIDDED.replace("thickness: 0.75", "thickness: -1.0e400", 1), "not a finite"),
    (".nan", LIDDED.replace("thickness: 0.75", "thickness: .nan", 1), "not a finite number"),
    (".inf", LIDDED.replace("thickness: 0.75", "thickness: .inf", 1), "not a finite number"),
    ("400-digit integer", LIDDED.replace("thickness: 0.75", "thickness: " + "9" * 400, 1),
     "too large"),
    ("python tag", LIDDED.replace("thickness: 0.75", "thickness: !!python/object:os.system x", 1),
     "YAML syntax error"),
    ("custom tag", LIDDED.replace("thickness: 0.75", "thickness: !mm 0.75", 1),
     "YAML syntax error"),
    ("a list document", "- die\n- substrate\n", "a spec is a mapping"),
    ("a bare scalar", "just text\n", "a spec is a mapping"),
    ("empty file", "", "a spec is a mapping"),
    ("too many aliases", "name: x\nv: &v 1\nl: [" + ", ".join(["*v"] * 1100) + "]\nparts: {}\n",
     "aliases"),
]:
    add(validate(text, frag, kind="yaml", id=f"yaml: {cid}"))
add(Case("yaml: too many values", "size", ("validate", "{in}", "--out", "{tmp}/out"),
         {"in.yaml": "name: x\nparts: {}\nl:\n" + "- 1\n" * 3000}, ("more than 2000 values",),
         limits={"yaml_nodes": 2000}))

# -- 3. quantities and units -------------------------------------------------------------
for cid, pid, fld, value, frag in [
    ("decimal comma", "die", "thickness", "0,75", "comma"),
    ("decimal comma with unit", "die", "thickness", "1,2 mm", "'1.2 mm'"),
    ("percent", "die", "thickness", "30 %", "percentage"),
    ("percent word", "die", "thickness", "30 percent", "percentage"),
    ("arithmetic", "die", "thickness", "10**400 mm", "no arithmetic"),
    ("product", "die", "thickness", "2*0.3 mm", "no arithmetic"),
    ("string overflow", "die", "thickness", "1e400 mm", "not a finite number"),
    ("string nan", "die", "thickness", "nan mm", "cannot read"),
    ("string inf", "die", "thickness", "inf", "cannot read"),
    ("mil is not a length in pint", "die", "thickness", "30 mil", "thou"),
    ("mass for a length", "die", "thickness", "3 kg", "cannot be converted"),
    ("unknown unit", "die", "thickness", "0.75 zorks", "unknown unit"),
    ("thousands separator", "substrate", "thickness", "1 200 um", "no thousands"),
    ("hex number", "die", "thickness", "0x10 mm", "no arithmetic"),
    ("boolean as a length", "die", "thickness", True, "expected a quantity"),
    ("mapping as a length", "die", "thickness", {"value": 0.75}, "expected a quantity"),
    ("thinner than 1 um", "die", "thickness", "0.75 um", "thinner than the 1 µm"),
    ("1000 m substrate", "substrate", "size", ["1000 m", "1000 m"], "larger than any package"),
    ("3 m lid", "lid", "size", [3000, 3000], "larger than any package"),
    ("volts for power", "die", "power", "5 V", "cannot be converted"),
    ("negative power", "die", "power", "-5 W", "power must be >= 0"),
    ("megawatt die", "die", "power", "1 MW", "any one package"),
    ("percent power", "die", "power", "30 %", "percentage"),
    ("three sizes", "die", "size", [10, 10, 10], "die.size"),
    ("size as text", "die", "size", "10 x 10", "die.size"),
]:
    add(validate(part("lidded_fcbga", pid, **{fld: value}), f"parts.{pid}.{fld}", frag,
                 kind="quantity", id=f"quantity: {cid}"))


def materials(overrides: dict) -> str:
    return spec_edit("lidded_fcbga", lambda raw: raw.update(materials=overrides))


for cid, overrides, path, frag in [
    ("cte in bare ppm", {"copper": {"cte": "17 ppm"}}, "materials.copper.cte", "ppm/K"),
    ("cte in percent", {"copper": {"cte": "17 %"}}, "materials.copper.cte", "percentage"),
    ("cte as a plain 17", {"copper": {"cte": 17}}, "materials.copper.cte", "physical range"),
    ("liquidus below absolute zero", {"sac305": {"liquidus": "-300 degC"}},
     "materials.sac305.liquidus", "absolute zero"),
    ("liquidus -300 as number", {"sac305": {"liquidus": -300}}, "materials.sac305.liquidus",
     "absolute zero"),
    ("cure temperature 5000 C", {"underfill": {"cure_temperature": 5000}},
     "materials.underfill.cure_temperature", "above"),
    ("melting point in kelvin below zero", {"copper": {"melting_point": "-5 K"}},
     "materials.copper.melting_point", "absolute zero"),
    ("k 1e30", {"copper": {"k": 1e30}}, "materials.copper.k", "physical range"),
    ("k negative", {"copper": {"k": "-3 W/m/K"}}, "materials.copper.k", "> 0"),
    ("k in W/um/K", {"copper": {"k": "400 W/um/K"}}, "materials.copper.k", "physical range"),
    ("k per axis with two values", {"copper": {"k": [1, 2]}}, "materials.copper.k",
     "three [x, y, z]"),
    ("k with nan in axis", {"copper": {"k": [1, ".nan", 3]}}, "materials.copper.k[1]",
     "cannot read"),
    ("density zero", {"copper": {"density": 0}}, "materials.copper.density", "physical range"),
    ("specific heat in kJ", {"copper": {"specific_heat": 0.385}}, "materials.copper.specific_heat",
     "physical range"),
    ("modulus in GPa as Pa", {"copper": {"youngs_modulus": 117}},
     "materials.copper.youngs_modulus", "physical range"),
    ("poisson 0.7", {"copper": {"poisson_ratio": 0.7}}, "materials.copper.poisson_ratio", "0.5"),
    ("emissivity 2", {"copper": {"emissivity": 2}}, "materials.copper.emissivity", "[0, 1]"),
    ("unknown property", {"copper": {"colour": "red"}}, "materials.copper.colour", "unknown"),
    ("material not a mapping", {"copper": 5}, "materials.copper", "dictionary"),
    ("unknown category", {"unobtanium": {"k": 1, "density": 1000, "specific_heat": 500,
                                         "category": "magic"}},
     "materials.unobtanium.category", "magic"),
]:
    add(validate(materials(overrides), path, frag, kind="material", id=f"material: {cid}"))

# -- 4. geometry that cannot be built ----------------------------------------------------
for cid, name, pid, changes, frags in [
    ("die overhangs its substrate", "bumped_sink_flipchip", "die", {"size": [20, 20]},
     ("parts.die", "20 mm × 20 mm", "15 mm × 15 mm substrate")),
    ("bump field wider than the die", "dual_sink_fcbga", "die_bumps", {"count": [40, 40]},
     ("die_bumps", "10 mm × 10 mm die")),
    ("TIM larger than the die", "dual_sink_fcbga", "tim", {"size": [14, 14]},
     ("parts.tim", "14 mm × 14 mm", "10 mm × 10 mm die")),
    ("lid larger than its supports", "dual_sink_fcbga", "lid", {"size": [40, 40]},
     ("parts.lid", "40 mm × 40 mm", "35 mm × 35 mm")),
    ("stiffener around the bottom sink", "dual_sink_fcbga", "stiffener",
     {"around": "bottom_sink"}, ("parts.stiffener.around", "bottom_sink")),
    ("stiffener around the balls", "dual_sink_fcbga", "stiffener", {"around": "balls"},
     ("parts.stiffener.around", "balls")),
    ("balls wider than the substrate", "dual_sink_fcbga", "balls", {"count": [40, 40]},
     ("parts.balls", "overhangs", "35 mm")),
    ("second bumps wider than the sink", "bumped_sink_flipchip", "heat_sink",
     {"size": [6, 6]}, ("second_bumps", "6 mm × 6 mm heat_sink")),
    ("UBM pads wider than the die", "bumped_sink_flipchip", "second_bumps",
     {"count": [11, 11]}, ("parts.ubm_pads", "8 mm × 8 mm die")),
    ("a million bumps", "dual_sink_fcbga", "die_bumps",
     {"count": [1000, 1000], "pitch": 0.01, "diameter": 0.005}, ("die_bumps.count", "200,000")),
    ("1e10 balls", "dual_sink_fcbga", "balls", {"count": [100000, 100000]},
     ("balls.count", "10,000,000,000")),
    ("too many box pairs", "bumped_sink_flipchip", "second_bumps",
     {"count": [150, 150], "pitch": 0.05, "diameter": 0.02}, ("box-pair checks",)),
    ("rows -2", "dual_sink_fcbga", "balls", {"pattern": "perimeter", "rows": -2,
                                             "keepout": None, "around": None},
     ("parts.balls.rows", "-2")),
    ("count zero", "dual_sink_fcbga", "die_bumps", {"count": [0, 24]},
     ("parts.die_bumps.count", "at least 1")),
    ("fractional count", "dual_sink_fcbga", "die_bumps", {"count": [1.5, 24]},
     ("parts.die_bumps.count",)),
    ("count as text", "dual_sink_fcbga", "die_bumps", {"count": "many"},
     ("parts.die_bumps.count", "many")),
    ("diameter above pitch", "dual_sink_fcbga", "die_bumps", {"diameter": 0.5},
     ("parts.die_bumps", "0.5 mm")),
    ("hot spot outside the die", "dual_sink_fcbga", "die",
     {"hot_spots": [{"size": [2, 2], "offset": [9, 0], "power": 1}]}, ("hot_spots[0]",)),
    ("offset off the package", "dual_sink_fcbga", "bottom_sink", {"offset": [12, 0]},
     ("parts.bottom_sink",)),
    ("die with no unit slip 0.75 um", "dual_sink_fcbga", "die", {"thickness": "0.75 um"},
     ("parts.die.thickness", "0.75 µm")),
    ("contact pads as text", "bumped_sink_flipchip", "substrate", {"contact_pads": "no"},
     ("parts.substrate.contact_pads", "no")),
    ("polished as yes", "two_mold_package", "first_encapsulant", {"polished": "yes"},
     ("parts.first_encapsulant.polished",)),
    ("flat_ends as 1", "two_mold_package", "conductive_bumps", {"flat_ends": 1},
     ("parts.conductive_bumps.flat_ends",)),
    ("negative fillet", "dual_sink_fcbga", "underfill", {"fillet": -0.5},
     ("parts.underfill.fillet",)),
    ("unknown orientation", "dual_sink_fcbga", "die", {"orientation": "upside"},
     ("parts.die.orientation", "upside")),
]:
    add(validate(part(name, pid, **changes), *frags, kind="geometry", id=f"geometry: {cid}"))


def _board(raw: dict, size) -> None:
    raw["parts"]["board"] = {"kind": "board", "under": "balls", "size": size, "jedec": "2s2p"}


add(validate(spec_edit("lidded_fcbga", lambda r: _board(r, [10, 10])), "parts.board",
             "balls", kind="geometry", id="geometry: board smaller than the ball field"))
add(validate(spec_edit("lidded_fcbga", lambda r: _board(r, [34.5, 34.5])), "parts.board",
             "smaller than the", kind="geometry", id="geometry: board smaller than the package"))

# -- 5. family documents -----------------------------------------------------------------


def family(name: str, parameters, **extra) -> str:
    return dump({"family": name, "parameters": parameters, **extra})


for cid, text, frags in [
    ("unknown family", family("dual_sink", {}), ("family", "did you mean")),
    ("family as a number", family(5, {}), ("family",)),
    ("misspelt parameter", family("dual_sink_fcbga", {"die_sise": 12}),
     ("parameters.die_sise", "did you mean 'die_size'")),
    ("underfill: no", "family: dual_sink_fcbga\nparameters: {underfill: no}\n",
     ("parameters.underfill", "true or false")),
    ("integral_lid 'false'", "family: dual_sink_fcbga\nparameters: {integral_lid: 'false'}\n",
     ("parameters.integral_lid", "true or false")),
    ("underfill: 0", family("dual_sink_fcbga", {"underfill": 0}), ("parameters.underfill",)),
    ("heat_sink: off", "family: two_mold_package\nparameters: {heat_sink: off}\n",
     ("parameters.heat_sink", "true or false")),
    ("parameters as a list", "family: dual_sink_fcbga\nparameters: [die_size, 12]\n",
     ("parameters", "mapping")),
    ("parameters as text", "family: dual_sink_fcbga\nparameters: die_size=12\n",
     ("parameters", "mapping")),
    ("decimal comma parameter", family("dual_sink_fcbga", {"die_size": "1,2 mm"}),
     ("parameters.die_size", "comma")),
    ("percent power", family("dual_sink_fcbga", {"power": "30 %"}),
     ("parameters.power", "percentage")),
    ("bump_count 1.5", family("dual_sink_fcbga", {"bump_count": 1.5}),
     ("parameters.bump_count",)),
    ("bump_count text", family("dual_sink_fcbga", {"bump_count": "24"}),
     ("parameters.bump_count",)),
    ("bump_count true", family("dual_sink_fcbga", {"bump_count": True}),
     ("parameters.bump_count",)),
    ("material as a number", family("dual_sink_fcbga", {"lid_material": 5}),
     ("parameters.lid_material",)),
    ("size with three values", family("dual_sink_fcbga", {"substrate_size": [1, 2, 3]}),
     ("parameters.substrate_size",)),
    ("negative size", family("dual_sink_fcbga", {"die_size": -5}), ("parameters.die_size",)),
    ("unknown choice", family("two_mold_package", {"die_back": "shiny"}),
     ("parameters.die_back", "shiny")),
    ("extra top-level key", family("dual_sink_fcbga", {}, colour="red"), ("colour",)),
    ("parameters without family", dump({**example("lidded_fcbga"), "parameters": {"die_size": 9}}),
     ("parameters", "family")),
    ("die bigger than the substrate", family("bumped_sink_flipchip", {"die_size": 20}),
     ("parts.die", "15 mm × 15 mm substrate")),
]:
    add(validate(text, *frags, kind="family", id=f"family: {cid}"))


def _edited_parameters() -> str:
    from chippack.families import family_mapping

    raw = family_mapping("dual_sink_fcbga", {"die_size": 12})
    raw = yaml.safe_load(dump(raw))
    raw["parameters"]["die_size"] = 14
    return dump(raw)


add(validate(_edited_parameters(), "parameters", "differ", kind="family",
             id="family: parameters ignored next to parts"))

# -- 6. process flows --------------------------------------------------------------------


def step_edit(name: str, index: int, **changes) -> str:
    raw = flow(name)
    raw["steps"][index].update(changes)
    return dump(raw)


CO = "bumped_sink_coreflow"  # step 9 reflow, step 12 cure, step 13 implant_balls
for cid, text, frags in [
    ("reflow at nan", step_edit(CO, 8, peak=float("nan")), ("steps[8].peak", "finite")),
    ("reflow at inf", step_edit(CO, 8, peak=float("inf")), ("steps[8].peak",)),
    ("reflow at -300", step_edit(CO, 8, peak=-300), ("step 9", "peak", "absolute zero")),
    ("reflow at 5000", step_edit(CO, 8, peak=5000), ("step 9", "peak", "600")),
    ("reflow peak as text", step_edit(CO, 8, peak="hot"), ("step 9", "peak", "hot")),
    ("reflow peak true", step_edit(CO, 8, peak=True), ("step 9", "peak")),
    ("negative time above liquidus", step_edit(CO, 8, time_above_liquidus=-1),
     ("step 9", "time_above_liquidus", "not positive")),
    ("cure of -60 min", step_edit(CO, 11, time=-60), ("step 12", "'time'", "not positive")),
    ("cure of 0 min", step_edit(CO, 11, time=0), ("step 12", "'time'")),
    ("cure for a year", step_edit(CO, 11, time=525600), ("step 12", "'time'", "limit")),
    ("cure at 5000 C", step_edit(CO, 11, temperature=5000), ("step 12", "temperature", "600")),
    ("cure at nan", step_edit(CO, 11, temperature=float("nan")), ("steps[11].temperature",)),
    ("cure time as text", step_edit(CO, 11, time="60 min"), ("step 12", "'time'", "60 min")),
    ("implant without reflow as 'no'", step_edit(CO, 12, reflow="no"),
     ("step 13", "reflow", "true or false")),
    ("contact pads as 'yes'", step_edit(CO, 0, contact_pads="yes"),
     ("step 1", "contact_pads")),
    ("steps not a list", dump({"name": "x", "steps": {"step": "reflow"}}), ("steps",)),
    ("steps empty", dump({"name": "x", "steps": []}), ("steps",)),
    ("a step that is text", dump({"name": "x", "steps": ["reflow"]}), ("step 1", "mapping")),
    ("unknown flow field", dump({**flow(CO), "oven": "x"}), ("oven", "unknown field")),
    ("flow materials as a list", dump({**flow(CO), "materials": ["sac305"]}),
     ("materials", "mapping")),
    ("flow liquidus -300 C", dump({**flow(CO), "materials": {"sac305": {"liquidus": -300}}}),
     ("sac305.liquidus", "absolute zero")),
    ("duplicate step key", "name: x\nsteps:\n  - {step: provide_chip, id: die, id: die2}\n",
     ("given twice",)),
    ("mold time negative", step_edit("two_mold_package", 2, time=-90), ("step 3", "'time'")),
]:
    add(Case(f"flow: {cid}", "flow", ("process", "{in}"), {"in.yaml": text}, frags))
add(Case("flow: given as a spec's --flow with a nan cure", "flow",
         ("claims", str(EXAMPLES / "bumped_sink_flipchip.yaml"), "--flow", "{in}"),
         {"in.yaml": step_edit(CO, 11, temperature=float("nan"))}, ("steps[11].temperature",)))

# -- 7. power maps -----------------------------------------------------------------------
RUN_MAP = ("run", str(EXAMPLES / "bumped_sink_flipchip.yaml"), "--env", "still-air",
           "--power-map", "{tmp}/map.csv", "--out", "{tmp}/out")
buf = io.BytesIO()
np.save(buf, np.ones((3, 3)))
NPY = buf.getvalue()
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    z.writestr("xl/worksheets/sheet1.xml", "<sheet/>")
XLSX = buf.getvalue()
for cid, data, frag in [
    ("utf16", "1,2\n3,4\n".encode("utf-16"), "UTF-16"),
    ("latin-1 header", "Leistung ä\n1,2\n".encode("latin-1"), "Latin-1"),
    ("gzip", gzip.compress(b"1,2\n3,4\n"), "gzip"),
    ("npy", NPY, "NumPy .npy"),
    ("xlsx", XLSX, "ZIP archive"),
    ("binary", bytes(range(256)), "binary"),
    ("empty", b"", "empty"),
    ("only blank lines", b"\n\n  \n", "empty"),
    ("negative cell", b"1,-2\n3,4\n", "negative"),
    ("nan cell", b"1,nan\n3,4\n", "not a finite power"),
    ("inf cell", b"1,inf\n3,4\n", "not a finite power"),
    ("ragged rows", b"1,2\n3\n", "different lengths"),
    ("text cell", b"1,a\n3,4\n", "line 1"),
    ("semicolons and decimal commas", b"1,5;2,5\n3,0;4,0\n", "decimal commas"),
    ("sums to zero", b"0,0\n0,0\n", "sums to 0"),
    ("header row", b"x,y,power\n1,2,3\n", "line 1"),
]:
    add(Case(f"power map: {cid}", "power map", RUN_MAP, {"map.csv": data}, ("--power-map", frag)))
add(Case("power map: more cells than the limit", "size", RUN_MAP,
         {"map.csv": "\n".join([",".join(["1"] * 50)] * 50) + "\n"}, ("--power-map", "limit"),
         limits={"power_map_cells": 1000}))
add(Case("power map: larger than the byte limit", "size", RUN_MAP,
         {"map.csv": "1," * 600 + "1\n"}, ("--power-map", "MB limit"),
         limits={"power_map_bytes": 1000}))
add(Case("power map: a folder", "path", RUN_MAP, {}, ("--power-map", "is a folder"),
         lambda tmp: (tmp / "map.csv").mkdir()))
add(Case("power map: missing", "path", RUN_MAP, {}, ("--power-map", "does not exist")))

# -- 8. command-line options -------------------------------------------------------------
LID = str(EXAMPLES / "lidded_fcbga.yaml")
RUN = ("run", LID, "--out", "{tmp}/out")
for cid, extra, frags in [
    ("refine nan", ("--refine", "nan"), ("--refine", "not a finite")),
    ("refine inf", ("--refine", "inf"), ("--refine",)),
    ("refine negative", ("--refine", "-1"), ("--refine", "too small")),
    ("refine zero", ("--refine", "0"), ("--refine",)),
    ("refine 1000", ("--refine", "1000"), ("--refine", "too large")),
    ("refine text", ("--refine", "fine"), ("--refine", "fine")),
    ("power negative", ("--power", "-5"), ("--power", "-5")),
    ("power zero", ("--power", "0"), ("--power",)),
    ("power nan", ("--power", "nan"), ("--power", "not a finite")),
    ("power 1e9", ("--power", "1e9"), ("--power", "too large")),
    ("ambient below absolute zero", ("--ambient", "-300"), ("--ambient", "absolute zero")),
    ("ambient nan", ("--ambient", "nan"), ("--ambient",)),
    ("ambient 5000", ("--ambient", "5000"), ("--ambient", "too large")),
    ("velocity 1e4", ("--env", "forced-air", "--velocity", "1e4"), ("--velocity", "too large")),
    ("velocity zero", ("--env", "forced-air", "--velocity", "0"), ("--velocity",)),
    ("velocity negative", ("--velocity", "-1"), ("--velocity",)),
    ("velocity nan", ("--velocity", "nan"), ("--velocity",)),
    ("unknown environment", ("--env", "vacuum"), ("--env", "vacuum")),
    ("unknown board", ("--board", "4s4p"), ("--board", "4s4p")),
    ("unknown arrays", ("--arrays", "smeared"), ("--arrays", "smeared")),
    ("unknown option", ("--colour", "red"), ("--colour",)),
    ("power with a unit", ("--power", "5W"), ("--power", "5W")),
]:
    add(Case(f"option: run {cid}", "option", RUN + extra, {}, frags))
for cid, extra, frags in [
    ("cte tolerance negative", ("--cte-tolerance", "-1"), ("--cte-tolerance",)),
    ("cte tolerance nan", ("--cte-tolerance", "nan"), ("--cte-tolerance",)),
    ("flush tolerance negative", ("--flush-tolerance", "-0.001"), ("--flush-tolerance",)),
    ("alignment tolerance inf", ("--alignment-tolerance", "inf"), ("--alignment-tolerance",)),
]:
    add(Case(f"option: claims {cid}", "option", ("claims", LID) + extra, {}, frags))
for cid, extra, frags in [
    ("common power -5", ("--common-power", "-5"), ("--common-power",)),
    ("refine nan", ("--refine", "nan"), ("--refine",)),
    ("unknown design", ("--design", "nope"), ("--design", "nope")),
]:
    add(Case(f"option: demo {cid}", "option", ("demo", "--out", "{tmp}/out") + extra, {}, frags))
EXPORT = ("export", LID, "--out", "{tmp}/out")
for cid, extra, frags in [
    ("nothing to export", (), ("--vtk",)),
    ("jedec is not one environment", ("--csv", "--env", "jedec"), ("--env",)),
    ("probe with two numbers", ("--csv", "--probe", "1,2"), ("--probe", "1,2")),
    ("probe with nan", ("--csv", "--probe", "1,2,nan"), ("--probe", "finite")),
    ("probe far away", ("--csv", "--probe", "1,2,1e9"), ("--probe",)),
    ("refine nan", ("--vtk", "--refine", "nan"), ("--refine",)),
]:
    add(Case(f"option: export {cid}", "option", EXPORT + extra, {}, frags))
add(Case("option: run with no file", "option", ("run",), {}, ("'file'",)))
add(Case("option: unknown command", "option", ("simulate", LID), {}, ("simulate",)))

# -- 9. output paths ---------------------------------------------------------------------


def _file(tmp: Path) -> None:
    (tmp / "afile").write_text("keep me\n")


for cid, args, frags in [
    ("validate --out is a file", ("validate", LID, "--out", "{tmp}/afile"), ("--out", "is a file")),
    ("run --out is a file", ("run", LID, "--out", "{tmp}/afile"), ("--out", "is a file")),
    ("demo --out is a file", ("demo", "--out", "{tmp}/afile"), ("--out", "is a file")),
    ("export --out is a file", ("export", LID, "--vtk", "--out", "{tmp}/afile"), ("--out",)),
    ("run --out under a file", ("run", LID, "--out", "{tmp}/afile/sub"), ("--out", "not a folder")),
    ("validate --out name too long", ("validate", LID, "--out", "{tmp}/" + "o" * 300),
     ("--out", "too long")),
    ("process --out is the flow itself", ("process", "{in}", "--out", "{in}"),
     ("--out", "input file itself")),
    ("process --out is a folder", ("process", "{in}", "--out", "{tmp}"), ("--out", "is a folder")),
    ("process --out under a file", ("process", "{in}", "--out", "{tmp}/afile/spec.yaml"),
     ("--out", "not a folder")),
    ("report --out is a file", ("report", "{tmp}/r_results.json", "--out", "{tmp}/afile"),
     ("FILE",)),
]:
    files = {"in.yaml": (FLOWS / "two_mold_package.yaml").read_text()}
    add(Case(f"output: {cid}", "output", args, files, frags, _file))

# -- 10. results files for report --------------------------------------------------------
for cid, data, frag in [
    ("not JSON", b"{not json", "not valid JSON"),
    ("a JSON list", b"[1, 2, 3]", "not a chippack results file"),
    ("JSON without runs", b'{"spec": {}, "summary": {}}', "'runs'"),
    ("utf16 JSON", '{"spec": {}}'.encode("utf-16"), "UTF-16"),
    ("binary", bytes(range(256)), "binary"),
    ("empty", b"", "not valid JSON"),
    ("deeply nested JSON", b"[" * 100000 + b"]" * 100000, "not"),
    ("entries of the wrong type", b'{"spec": {"name": 1}, "summary": {}, "runs": [1]}',
     "not a complete chippack results file"),
]:
    add(Case(f"results: {cid}", "results", ("report", "{tmp}/r_results.json", "--out",
                                            "{tmp}/out"), {"r_results.json": data}, ("FILE", frag)))

# -- 11. misspellings named, mesh budget -------------------------------------------------
add(validate(part("dual_sink_fcbga", "die", thickness=None, thicknes=0.75),
             "parts.die.thickness", "'thicknes'", kind="yaml", id="spec: misspelt field named"))
add(Case("flow: misspelt parameter named", "flow", ("process", "{in}"),
         {"in.yaml": (FLOWS / f"{CO}.yaml").read_text().replace(
             "provide_chip, id: die, size:", "provide_chip, id: die, sise:")},
         ("step 2", "'sise'", "did you mean 'size'")))
add(Case("size: mesh over the cell budget", "size",
         ("run", str(EXAMPLES / "dual_sink_fcbga.yaml"), "--env", "still-air", "--refine", "16",
          "--out", "{tmp}/out"), {}, ("mesh", "cells", "limit")))

# -- 12. study files (refused before any variant is generated or solved) ----------------
STUDY_HEAD = "name: s\nbase: {family: dual_sink_fcbga}\nparameters:\n"
DIE = "  die_size: {values: [10, 12], unit: mm}\n"
FF = "design: {method: full_factorial}\n"
OUT = "outputs: [still-air.theta]\nsolve: {environments: [still-air]}\n"
RANGE = "  die_size: {range: [8, 12], unit: mm}\n"


def study_text(params: str = DIE, design: str = FF, tail: str = OUT) -> str:
    return STUDY_HEAD + params + design + tail


def solve_with(extra: str) -> str:
    return study_text(tail=OUT.replace("[still-air]}", f"[still-air], {extra}}}"))


NINE = "".join(f"  p{i}: {{path: parts.die.thickness, range: [0.5, 0.8], unit: mm, levels: 10}}\n"
               for i in range(9))
STUDY = ("study", "{in}", "--out", "{tmp}/out", "--workers", "0")
for cid, data, frags in [
    ("utf16", study_text().encode("utf-16"), ("UTF-16",)),
    ("latin-1", ("# é\n" + study_text()).encode("latin-1"), ("Latin-1",)),
    ("duplicate parameter", study_text(DIE + "  die_size: {values: [8], unit: mm}\n"),
     ("die_size", "given twice")),
    ("duplicate top key", study_text() + "name: t\n", ("'name'", "given twice")),
    ("integer: yes", study_text(DIE + "  fin_count: {values: [1, 2], integer: yes}\n"),
     ("parameters.fin_count.integer", "'yes'")),
    ("range nan", study_text("  die_size: {range: [.nan, 12], unit: mm}\n"),
     ("parameters.die_size.range[0]", "finite")),
    ("range inf", study_text("  die_size: {range: [8, .inf], unit: mm}\n"),
     ("parameters.die_size.range[1]", "finite")),
    ("range 1e400", study_text("  die_size: {range: [8, 1e400], unit: mm}\n"),
     ("range[1]", "overflows")),
    ("range empty", study_text("  die_size: {range: [12, 8], unit: mm}\n"),
     ("parameters.die_size.range", "empty")),
    ("range negative", study_text("  die_size: {range: [-12, -8], unit: mm}\n"),
     ("parameters.die_size", "every variant would fail")),
    ("values nan", study_text("  die_size: {values: [.nan, 10], unit: mm}\n"),
     ("parameters.die_size.values[0]", "finite")),
    ("values empty", study_text("  die_size: {values: [], unit: mm}\n"),
     ("parameters.die_size.values", "empty")),
    ("levels 0", study_text("  die_size: {range: [8, 12], unit: mm, levels: 0}\n"),
     ("parameters.die_size.levels", "0")),
    ("levels 1e9", study_text("  die_size: {range: [8, 12], unit: mm, levels: 1000000000}\n"),
     ("1,000,000,000 variants", "limit of 100,000")),
    ("full factorial of 10^9", study_text(NINE).replace(
        "{family: dual_sink_fcbga}", str(EXAMPLES / "dual_sink_fcbga.yaml")),
     ("10 x 10", "1,000,000,000 variants", "limit")),
    ("latin hypercube of 10^9", study_text(RANGE, "design: {method: latin_hypercube, "
                                                  "samples: 1000000000}\n"),
     ("design.samples", "1,000,000,000 variants", "limit")),
    ("optimise 10^9 trials", study_text(RANGE, "optimise: {objectives: [{output: still-air."
                                               "theta}], trials: 1000000000}\n"),
     ("optimise.trials", "limit")),
    ("sensitivity 2^27 samples", study_text(RANGE, "sensitivity: {samples: 134217728}\n"),
     ("sensitivity.samples", "variants", "limit")),
    ("unit of power for a size", study_text("  die_size: {values: [10, 12], unit: W}\n"),
     ("parameters.die_size", "W", "wrong kind")),
    ("unit percent", study_text("  die_size: {values: [10, 12], unit: '%'}\n"),
     ("parameters.die_size", "percentage")),
    ("unit not a unit", study_text("  die_size: {values: [10, 12], unit: mmm}\n"),
     ("parameters.die_size.unit", "'mmm'")),
    ("unknown method", study_text(DIE, "design: {method: monte_carlo}\n"),
     ("design.method", "monte_carlo")),
    ("sobol of 10", study_text(RANGE, "design: {method: sobol, samples: 10}\n"),
     ("design.samples", "power of 2", "8 or 16")),
    ("sensitivity of 10", study_text(RANGE, "sensitivity: {samples: 10}\n"),
     ("sensitivity.samples", "power of 2")),
    ("samples 0", study_text(RANGE, "design: {method: sobol, samples: 0}\n"),
     ("design.samples",)),
    ("seed negative", study_text(RANGE, "design: {method: sobol, samples: 8, seed: -1}\n"),
     ("design.seed",)),
    ("objective unknown", study_text(DIE, "optimise: {objectives: [{output: foo}]}\n"),
     ("optimise.objectives", "'foo'")),
    ("constraint unknown", study_text(DIE, FF + "optimise: {objectives: [{output: still-air."
                                               "theta}], constraints: [{output: bar, max: 1}]}\n"),
     ("optimise.constraints", "'bar'")),
    ("output of an unknown environment", study_text(tail="outputs: [vacuum.theta]\n"),
     ("outputs", "vacuum")),
    ("base missing", study_text().replace("{family: dual_sink_fcbga}", "nothere.yaml"),
     ("base", "nothere.yaml")),
    ("base unknown family", study_text().replace("dual_sink_fcbga", "nope"), ("'nope'",)),
    ("base family a list", study_text().replace("dual_sink_fcbga", "[]"), ("family", "[]")),
    ("unknown key", study_text() + "paramters: {}\n", ("paramters", "unknown key")),
    ("parameters a list", STUDY_HEAD.replace("parameters:\n", "parameters: [a, b]\n") + FF + OUT,
     ("parameters",)),
    ("solve ambient below absolute zero", solve_with("ambient: -300"),
     ("solve.ambient", "absolute zero")),
    ("solve ambient nan", solve_with("ambient: .nan"), ("solve.ambient", "finite")),
    ("solve refine 1000", solve_with("refine: 1000"), ("solve.refine", "too large")),
    ("solve velocity 1e4", solve_with("velocity: 1e4"), ("solve.velocity", "too large")),
    ("solve power inf", solve_with("power: .inf"), ("solve.power", "finite")),
    ("solve environment twice", study_text(tail=OUT.replace("[still-air]", "[still-air, "
                                                                            "still-air]")),
     ("solve.environments", "twice")),
    ("solve k_of_t: no", solve_with("k_of_t: no"), ("solve.k_of_t", "'no'")),
    ("table row nan", study_text(RANGE, "design: {method: table, rows: [{die_size: .nan}]}\n"),
     ("design.rows[0].die_size", "finite")),
]:
    add(Case(f"study: {cid}", "study", STUDY, {"in.yaml": data}, frags))
for cid, extra, frags in [
    ("workers -3", ("--workers", "-3"), ("--workers", "-3")),
    ("dask malformed address", ("--dask", "tcp://nowhere::"), ("--dask", "nowhere::")),
    ("dask local:-1", ("--dask", "local:-1"), ("--dask", "local:-1")),
    ("dask local:x", ("--dask", "local:x"), ("--dask", "local:x")),
]:
    add(Case(f"study: option {cid}", "option", ("study", "{in}", "--out", "{tmp}/out") + extra,
             {"in.yaml": study_text()}, frags))
for cid, out, frags in [("is a file", "{tmp}/afile", ("--out", "is a file")),
                        ("under a file", "{tmp}/afile/sub", ("--out", "not a folder"))]:
    add(Case(f"study: --out {cid}", "output", ("study", "{in}", "--out", out),
             {"in.yaml": study_text()}, frags, _file))
add(Case("study: markup in the name", "study", STUDY,
         {"in.yaml": study_text(tail="outputs: [vacuum.theta]\n").replace("name: s",
                                                                            "name: '[/B]'")},
         ("vacuum",)))

# -- 13. cooling files (--env FILE.yaml), refused before any mesh is made ---------------
COOL_HEAD = "name: c\nair: still\n"
FINS = "heat_sink: {on: top, area: 900 mm^2, fins: {count: %s, thickness: %s, height: %s}}\n"
for cid, data, frags in [
    ("unknown key", COOL_HEAD + "heatsink: {on: top, theta_sa: 1}\n", ("'heatsink'",)),
    ("h negative", COOL_HEAD + "faces: [{on: top, h: -5}]\n", ("faces[0].h", "-5")),
    ("h nan", COOL_HEAD + "faces: [{on: top, h: .nan}]\n", ("faces[0].h", "finite")),
    ("h with the wrong unit", COOL_HEAD + "faces: [{on: top, h: 5 K/W}]\n", ("faces[0].h",)),
    ("theta_sa zero", COOL_HEAD + "heat_sink: {on: top, theta_sa: 0}\n",
     ("heat_sink.theta_sa", "> 0")),
    ("theta_sa negative", COOL_HEAD + "heat_sink: {on: top, theta_sa: -1 K/W}\n",
     ("heat_sink.theta_sa",)),
    ("fins thicker than their pitch", COOL_HEAD + FINS % (20, "3 mm", "20 mm"),
     ("heat_sink.fins", "cover more than the base")),
    ("zero fins", COOL_HEAD + FINS % (0, "1 mm", "20 mm"), ("heat_sink.fins.count", "0")),
    ("2.7 fins", COOL_HEAD + FINS % (2.7, "1 mm", "20 mm"), ("heat_sink.fins.count", "2.7")),
    ("fin height negative", COOL_HEAD + FINS % (5, "1 mm", "-20 mm"),
     ("heat_sink.fins.height", "-20")),
    ("fin thickness zero", COOL_HEAD + FINS % (5, "0 mm", "20 mm"),
     ("heat_sink.fins.thickness",)),
    ("sink area negative", COOL_HEAD + FINS.replace("900", "-900") % (5, "1 mm", "20 mm"),
     ("heat_sink.area", "-900")),
    ("ambient below absolute zero", COOL_HEAD + "ambient: -300\n", ("ambient", "absolute zero")),
    ("ambient nan", COOL_HEAD + "ambient: .nan\n", ("ambient", "finite")),
    ("plate below absolute zero", COOL_HEAD + "cold_plates: [{on: bottom, temperature: -300}]\n",
     ("cold_plates[0].temperature", "absolute zero")),
    ("plate at -1 K", COOL_HEAD + "cold_plates: [{on: bottom, temperature: -1 K}]\n",
     ("cold_plates[0].temperature", "absolute zero")),
    ("face below absolute zero", COOL_HEAD + "faces: [{on: top, temperature: -500}]\n",
     ("faces[0].temperature", "absolute zero")),
    ("plate resistance negative",
     COOL_HEAD + "cold_plates: [{on: bottom, resistance: -5 mm^2*K/W}]\n",
     ("cold_plates[0].resistance", "-5")),
    ("emissivity 1.5", COOL_HEAD + "emissivity: 1.5\n", ("emissivity", "1.5")),
    ("emissivity negative", COOL_HEAD + "emissivity: -0.1\n", ("emissivity", "-0.1")),
    ("emissivity text", COOL_HEAD + "emissivity: shiny\n", ("emissivity", "shiny")),
    ("air velocity 1e4", "name: c\nair: {velocity: 1e4}\n", ("air.velocity", "too large")),
    ("air velocity negative", "name: c\nair: {velocity: -2}\n", ("air.velocity", "> 0")),
    ("duplicate key", COOL_HEAD + "ambient: 25\nambient: 35\n", ("'ambient'", "given twice")),
    ("utf16", (COOL_HEAD + "ambient: 25\n").encode("utf-16"), ("UTF-16",)),
    ("latin-1", ("# Kühlung\n" + COOL_HEAD).encode("latin-1"), ("Latin-1",)),
    ("board no (YAML 1.2)", COOL_HEAD + "board: no\n", ("board", "'no'")),
    ("nothing cools", "name: c\n", ("nothing cools",)),
    ("a list", "- a\n- b\n", ("mapping",)),
    ("cold plate on a part that does not exist",
     COOL_HEAD + "cold_plates: [{on: heatspreader}]\n", ("heatspreader",)),
]:
    add(Case(f"cooling: {cid}", "cooling", ("run", LID, "--env", "{tmp}/cool.yaml", "--out",
                                            "{tmp}/out"), {"cool.yaml": data}, frags))

# -- 14. CLI lists and markup after the merges --------------------------------------------
for cid, args, frags in [
    ("run --env twice", RUN + ("--env", "still-air,still-air"),
     ("--env", "still-air", "twice")),
    ("run --env unknown among known", RUN + ("--env", "still-air,vacumm"),
     ("--env", "vacumm")),
    ("run --velocity list with nan", RUN + ("--env", "forced-air", "--velocity", "1,nan"), ("--velocity",)),
    ("run --velocity list with a negative", RUN + ("--env", "forced-air", "--velocity", "1,-2"), ("--velocity",)),
    ("run --velocity list with 1e4", RUN + ("--env", "forced-air", "--velocity", "2,1e4"), ("--velocity", "too large")),
    ("report --env unknown", ("report", LID, "--env", "vacuum", "--out", "{tmp}/out"),
     ("--env", "vacuum")),
    ("export --env unknown", ("export", LID, "--csv", "--env", "[/B]", "--out", "{tmp}/out"),
     ("--env", "[/B]")),
    ("validate a file named [/B]", ("validate", "{tmp}/[/B]x.yaml"), ("[/B]x.yaml",)),
]:
    add(Case(f"option: {cid}", "option", args, {}, frags))
add(Case("cooling: a file named [x, y, z].yaml (commas kept)", "cooling",
         RUN + ("--env", "{tmp}/[x, y, z].yaml"),
         {"[x, y, z].yaml": COOL_HEAD + "emissivity: 1.5\n"}, ("emissivity", "1.5")))

# -- 15. the transient and mechanics commands: reflow profiles and ovens, zth, warpage ----
FLIP = str(EXAMPLES / "bumped_sink_flipchip.yaml")
OVEN = (EXAMPLES / "ovens" / "convection_8zone.yaml").read_text(encoding="utf-8")
CSV_HEAD = "time_s,temp_c\n"
for cid, data, frags in [
    ("ragged row", CSV_HEAD + "0,25\n10,50,3\n20,100\n", ("row 3", "3 columns")),
    ("time goes back", CSV_HEAD + "0,25\n10,50\n5,100\n", ("row 4", "does not increase")),
    ("negative time", CSV_HEAD + "-5,25\n10,50\n", ("row 2", "negative time")),
    ("nan temperature", CSV_HEAD + "0,25\n10,nan\n", ("row 3", "non-finite")),
    ("a temperature in K", CSV_HEAD + "0,298\n100,533\n200,298\n", ("row 3", "°C")),
    ("text in a row", CSV_HEAD + "0,25\n10,hot\n", ("row 3", "not two numbers")),
    ("no data rows", CSV_HEAD, ("0 data rows",)),
    ("one data row", CSV_HEAD + "0,25\n", ("1 data rows",)),
    ("times in ms", CSV_HEAD + "0,25\n120000,217\n240000,250\n400000,25\n",
     ("lasts", "seconds")),
    ("utf16", (CSV_HEAD + "0,25\n10,50\n").encode("utf-16"), ("--profile", "UTF-16")),
    ("latin-1", ("# Lötprofil\n" + CSV_HEAD + "0,25\n10,50\n").encode("latin-1"),
     ("--profile", "Latin-1")),
    ("binary", b"\x00\x01\x02" * 100, ("--profile", "binary")),
]:
    add(Case(f"reflow profile: {cid}", "profile",
             ("reflow", FLIP, "--profile", "{tmp}/p.csv", "--out", "{tmp}/out"),
             {"p.csv": data}, frags))
for cid, data, frags in [
    ("unknown key", OVEN.replace("conveyor_speed:", "conveyer_speed:"), ("conveyer_speed",)),
    ("unknown zone key", OVEN.replace("set_point: 140", "setpoint: 140"), ("setpoint",)),
    ("zone without a set point", OVEN.replace(", set_point: 140", ""), ("set_point",)),
    ("no zones", "conveyor_speed: 60 cm/min\nzones: []\n", ("zones",)),
    ("conveyor stopped", OVEN.replace("60 cm/min", "0 cm/min"), ("conveyor_speed", "> 0")),
    ("conveyor at 0.01 cm/min", OVEN.replace("60 cm/min", "0.01 cm/min"),
     ("lasts", "conveyor_speed")),
    ("negative h", OVEN.replace("h: 45}", "h: -45}", 1), ("h", "-45")),
    ("nan set point", OVEN.replace("set_point: 140", "set_point: .nan"), ("set_point",)),
    ("set point in K", OVEN.replace("set_point: 250", "set_point: 523"), ("set_point", "523")),
    ("a list", "- zone\n", ("mapping",)),
]:
    add(Case(f"reflow oven: {cid}", "profile",
             ("reflow", FLIP, "--profile", "{tmp}/oven.yaml", "--out", "{tmp}/out"),
             {"oven.yaml": data}, frags))
for cid, args, frags in [
    ("reflow --profile missing file", ("--profile", "{tmp}/none.csv"), ("none.csv",)),
    ("reflow --profile unknown oven", ("--profile", "convection_99zone"), ("convection_99zone",)),
    ("reflow --profile a folder", ("--profile", "{tmp}"), ("--profile",)),
    ("reflow --h negative", ("--h", "-5"), ("--h", "-5")),
    ("reflow --h nan", ("--h", "nan"), ("--h", "nan")),
]:
    add(Case(f"option: {cid}", "option", ("reflow", FLIP, "--out", "{tmp}/out") + args, {},
             frags))
for cid, args, frags in [
    ("--t-last negative", ("--t-last", "-5"), ("--t-last", "-5")),
    ("--t-last nan", ("--t-last", "nan"), ("--t-last", "nan")),
    ("--t-last a year in ms", ("--t-last", "3.2e10"), ("--t-last", "too large")),
    ("--env unknown", ("--env", "vacuum"), ("vacuum",)),
]:
    add(Case(f"option: zth {cid}", "option", ("zth", FLIP, "--out", "{tmp}/out") + args, {},
             frags))
for cid, args, frags in [
    ("--at nan", ("--at", "nan"), ("--at", "nan")),
    ("--at below absolute zero", ("--at", "25,-300"), ("--at", "-300")),
    ("--at in K", ("--at", "298,533"), ("--at", "533")),
    ("--at twice", ("--at", "25,260,25"), ("--at", "twice")),
    ("--at text", ("--at", "25,hot"), ("--at", "hot")),
    ("--at empty", ("--at", ","), ("--at",)),
    ("--stress-free 5000", ("--stress-free", "5000"), ("--stress-free", "5000")),
    ("--stress-free nan", ("--stress-free", "nan"), ("--stress-free",)),
    ("--field reversed", ("--field", "125,-40"), ("--field", "TMAX > TMIN")),
    ("--field negative cycles", ("--field", "0,60,-1"), ("--field", "CYCLES_PER_DAY")),
    ("--field negative dwell", ("--field", "0,60,1,-5"), ("--field", "DWELL_MIN")),
    ("--field five numbers", ("--field", "0,60,1,5,7"), ("--field", "5")),
    ("--field nan", ("--field", "0,nan"), ("--field", "finite")),
    ("--refine 0", ("--refine", "0"), ("--refine",)),
]:
    add(Case(f"option: warpage {cid}", "option", ("warpage", FLIP, "--out", "{tmp}/out") + args,
             {}, frags))
for cid, tail, files, frags in [
    ("warpage at 2600", "warpage: {at: [25, 2600]}\n", {}, ("warpage.at", "2600")),
    ("warpage at twice", "warpage: {at: [25, 25]}\n", {}, ("warpage.at", "twice")),
    ("warpage stress_free 900", "warpage: {stress_free: 900}\n", {},
     ("warpage.stress_free", "900")),
    ("warpage field negative cycles", "warpage: {field: '0,60,-1'}\n", {},
     ("warpage.field", "CYCLES_PER_DAY")),
    ("reflow profile missing", "reflow: {profile: none.csv}\n", {},
     ("reflow.profile", "none.csv")),
    ("reflow profile in ms", "reflow: {profile: p.csv}\n",
     {"p.csv": "time_s,temp_c\n0,25\n400000,25\n"}, ("reflow.profile", "lasts")),
    ("reflow oven with an unknown key", "reflow: {profile: oven.yaml}\n",
     {"oven.yaml": OVEN.replace("transition:", "transitoin:")},
     ("reflow.profile", "transitoin")),
    ("reflow h 1e9", "reflow: {h: 1e9}\n", {}, ("reflow.h", "too large")),
    ("zth t_last 1e12", "zth: {t_last: 1e12}\n", {}, ("zth.t_last", "too large")),
]:
    add(Case(f"study: {cid}", "study", STUDY, {"in.yaml": study_text() + tail, **files}, frags))

# -- 16. substrate and board layer stacks with via fields ---------------------------------
NFBGA = Path(__file__).resolve().parents[1] / "validation" / "packages" / "ti_nfbga_8mm_die4mm.yaml"


def stack_edit(edit: Callable[[dict], object]) -> str:
    raw = yaml.safe_load(NFBGA.read_text(encoding="utf-8"))  # its validation: has numeric keys
    raw.pop("validation", None)
    stack = raw["parts"]["substrate"]["stack"]
    # the case's own via fields may change with its assumptions: one field of our own
    stack["vias"] = [{"name": "thermal_vias", "through": ["top_cu", "core", "bottom_cu"],
                      "pitch": 0.5, "diameter": 0.2, "plating": 0.015,
                      "region": {"under": "die"}}]
    edit(stack)
    return dump(raw)


def _set(seq_key: str, i: int, key: str, value):
    return lambda st: st[seq_key][i].__setitem__(key, value)


for cid, edit, frags in [
    ("layer material unknown", _set("layers", 2, "material", "unobtainium"),
     ("stack.layers[2].material", "unobtainium")),
    ("copper material unknown", _set("layers", 1, "copper_material", "kupfer"),
     ("stack.layers[1].copper_material", "kupfer")),
    ("via material unknown", _set("vias", 0, "material", "silver_epoxy"),
     ("stack.vias[0].material", "silver_epoxy")),
    ("vias under a part that does not exist", _set("vias", 0, "region", {"under": "lid"}),
     ("stack.vias[0].region.under", "'lid'")),
    ("vias through no layer", _set("vias", 0, "through", []), ("vias[0].through", "empty")),
    ("vias through a layer twice", _set("vias", 0, "through", ["top_cu", "core", "top_cu"]),
     ("vias[0].through", "twice")),
    ("vias through a misspelt layer", _set("vias", 0, "through", ["top_cu", "cor"]),
     ("vias[0].through", "'cor'")),
    ("via wider than its pitch", _set("vias", 0, "diameter", 0.6), ("vias[0]", "pitch")),
    ("copper coverage 150 %", _set("layers", 1, "copper", 1.5), ("layers[1].copper",)),
    ("copper coverage negative", _set("layers", 1, "copper", -0.1), ("layers[1].copper",)),
    ("layer of zero thickness", _set("layers", 2, "thickness", 0), ("layers[2].thickness",)),
    ("layer names twice", lambda st: st["layers"].append(copy.deepcopy(st["layers"][0])),
     ("stack", "unique")),
    ("no layers", lambda st: st.__setitem__("layers", []), ("stack.layers",)),
]:
    add(Case(f"stack: {cid}", "geometry", ("validate", "{in}", "--out", "{tmp}/out"),
             {"in.yaml": stack_edit(edit)}, frags))

# -- 17. claim-checker thresholds -----------------------------------------------------------
TWO_MOLD = str(EXAMPLES / "two_mold_package.yaml")
for cid, args, frags in [
    ("--min-joints 0", ("--min-joints", "0"), ("--min-joints", "plurality")),
    ("--min-joints -5", ("--min-joints", "-5"), ("--min-joints",)),
    ("--max-bond-layers -1", ("--max-bond-layers", "-1"), ("--max-bond-layers", "-1")),
    ("--max-bond-line nan", ("--max-bond-line", "nan"), ("--max-bond-line",)),
    ("--max-bond-line 0", ("--max-bond-line", "0"), ("--max-bond-line",)),
    ("--min-below-fraction 1.5", ("--min-below-fraction", "1.5"), ("--min-below-fraction",)),
    ("--central-area-fraction 0", ("--central-area-fraction", "0"),
     ("--central-area-fraction",)),
    ("--min-underfill-coverage inf", ("--min-underfill-coverage", "inf"),
     ("--min-underfill-coverage",)),
    ("--min-sink-conductivity -3", ("--min-sink-conductivity", "-3"),
     ("--min-sink-conductivity",)),
    ("--min-stiffener-modulus 1e9", ("--min-stiffener-modulus", "1e9"),
     ("--min-stiffener-modulus",)),
    ("--tin-lead-trace-fraction 2", ("--tin-lead-trace-fraction", "2"),
     ("--tin-lead-trace-fraction",)),
]:
    add(Case(f"option: claims {cid}", "option", ("claims", TWO_MOLD) + args, {}, frags))
for cid, extra, frags in [
    ("workers 10000", ("--workers", "10000"), ("--workers", "10000", "at most")),
    ("dask local:5000", ("--dask", "local:5000"), ("--dask", "5000", "at most")),
]:
    add(Case(f"study: option {cid}", "option", ("study", "{in}", "--out", "{tmp}/out") + extra,
             {"in.yaml": study_text()}, frags))


def board_with_vias(**vias) -> str:
    """The two-mold example on an explicit JEDEC board part with a thermal via field."""
    def edit(raw):
        raw["parts"]["pcb"] = {"kind": "board", "jedec": "2s2p", "under": "balls",
                               "centered": "balls", "size": [101.5, 114.5], "thickness": 1.6,
                               "thermal_vias": {"pitch": 1.0, "diameter": 0.3, **vias}}
    return spec_edit("two_mold_package", edit)


for cid, vias, frags in [
    ("board thermal vias of an unknown material", {"material": "unobtainium"},
     ("parts.pcb.thermal_vias.material", "unobtainium")),
    ("board thermal vias under a part that does not exist", {"region": {"under": "nothere"}},
     ("parts.pcb.thermal_vias.region.under", "'nothere'")),
]:
    add(Case(f"stack: {cid}", "geometry", ("validate", "{in}", "--out", "{tmp}/out"),
             {"in.yaml": board_with_vias(**vias)}, frags))

# -- 18. robustness pass: outputs the up-front checks let through ---------------------------


def _fifo_out(tmp: Path) -> None:
    import os
    os.mkfifo(tmp / "spec.yaml")


def _png_folder(tmp: Path) -> None:
    (tmp / "out" / "lidded_fcbga_section.png").mkdir(parents=True)


for cid, args, files, setup, frags in [
    # root may write anywhere by os.access, yet /proc takes no new file: refused before the
    # solve, not after it with the stack table already printed
    ("validate --out inside /proc", ("validate", LID, "--out", "/proc/chippack_out"), {}, None,
     ("--out", "/proc")),
    ("run --out is /proc", ("run", LID, "--out", "/proc"), {}, None, ("--out", "'/proc'")),
    # the rename of the atomic write would replace the pipe (or /dev/full) by a plain file
    ("process --out is a named pipe", ("process", str(FLOWS / "two_mold_package.yaml"), "--out",
                                       "{tmp}/spec.yaml"), {}, _fifo_out,
     ("--out", "not a regular file")),
    ("validate: the PNG's name is a folder", ("validate", LID, "--out", "{tmp}/out"), {},
     _png_folder, ("--out", "lidded_fcbga_section.png", "is a folder")),
]:
    add(Case(f"output: {cid}", "output", args, files, frags, setup))

# a refinement below 1/16 meshes no coarser (every face is a plane already): a slip, not a mesh
for cid, args, files, frags in [
    ("run --refine 1e-9", RUN + ("--refine", "1e-9"), {}, ("--refine", "1e-09", "0.0625")),
    ("warpage --refine 1e-300", ("warpage", FLIP, "--refine", "1e-300", "--out", "{tmp}/out"),
     {}, ("--refine", "1e-300")),
    ("study solve.refine 0.001", STUDY, {"in.yaml": solve_with("refine: 0.001")},
     ("solve.refine", "0.001")),
]:
    add(Case(f"option: {cid}", "option", args, files, frags))

# -- 19. robustness pass: spec fields the model let through --------------------------------
for cid, text, frags in [
    # lax bool read the YAML 1.2 text 'no' as False: a dummy chip made silently
    ("die wiring: no", part("lidded_fcbga", "die", wiring="no"),
     ("parts.die.wiring", "'no'", "true or false")),
    ("sink wiring: 1", part("bumped_sink_flipchip", "heat_sink", wiring=1),
     ("parts.heat_sink.wiring", "1", "true or false")),
    # a union's member names (function-after[...]) leaked into the field's location
    ("legs height 0", part("lidded_fcbga", "lid", legs={"width": 4, "height": 0}),
     ("error: parts.lid.legs.height: must be > 0",)),
    ("empty name", spec_edit("lidded_fcbga", lambda r: r.update(name=" ")), ("name", "empty")),
    ("a name of 100 000 characters", spec_edit("lidded_fcbga", lambda r: r.update(name="x" * 100_000)),
     ("name", "100,000 characters", "500")),
    ("bumps formed on a part they do not join", part("lidded_fcbga", "die_bumps", formed_on="lid"),
     ("parts.die_bumps.formed_on", "lid", "die, substrate")),
]:
    add(validate(text, *frags, kind="geometry", id=f"spec: {cid}"))
for cid, text, frags in [
    ("solidus above liquidus", materials({"sac305": {"solidus": 230}}),
     ("materials.sac305.solidus", "230", "218")),
    ("liquidus below the library solidus", materials({"sac305": {"liquidus": 100}}),
     ("materials.sac305.liquidus", "100")),
    # fillers skip the overlap test: the fillet painted underfill into the air around the package
    ("underfill fillet of 100 mm", part("lidded_fcbga", "underfill", fillet=100),
     ("parts.underfill.fillet", "210 mm × 210 mm", "35 mm × 35 mm substrate")),
    ("a ball taller than wide", part("lidded_fcbga", "balls", height=10),
     ("parts.balls", "10 mm tall", "0.6 mm")),
    ("an empty part id", spec_edit("lidded_fcbga", lambda r: r["parts"].update(
        {"": {"kind": "tim", "on": "die", "thickness": 0.05, "offset": [0, 0]}})),
     ("parts.''", "empty")),
]:
    add(validate(text, *frags, kind="geometry", id=f"spec: {cid}"))

# -- 20. robustness pass: reflow profiles and ovens -----------------------------------------
for cid, data, frags in [
    # a first time step of 1 µs left the transient solve unconverged (a PCG message, no field)
    ("rows a microsecond apart", CSV_HEAD + "0,25\n1e-6,245\n100,245\n300,25\n",
     ("row 3", "1e-06 s after the previous row", "seconds")),
    ("a profile of 2 s", CSV_HEAD + "0,25\n1,245\n2,25\n", ("lasts 2 s", "at least 10 s")),
]:
    add(Case(f"reflow profile: {cid}", "profile",
             ("reflow", FLIP, "--profile", "{tmp}/p.csv", "--out", "{tmp}/out"),
             {"p.csv": data}, frags))
ZONE = "  - {name: z, length: 20, set_point: 150, h: 40}\n"
for cid, data, frags in [
    ("conveyor at 1e9 m/s", OVEN.replace("60 cm/min", "1e9 m/s"), ("lasts 3.6e-09 s",
                                                                   "conveyor_speed")),
    ("negative transition", OVEN.replace("transition: 40 mm", "transition: -40 mm"),
     ("transition", "-40 mm")),
    ("200 zones", "conveyor_speed: 60 cm/min\nzones:\n" + ZONE * 200, ("200 zones", "100")),
]:
    add(Case(f"reflow oven: {cid}", "profile",
             ("reflow", FLIP, "--profile", "{tmp}/oven.yaml", "--out", "{tmp}/out"),
             {"oven.yaml": data}, frags))

# -- 21. robustness pass: flows and references ----------------------------------------------
for cid, text, frags in [
    ("cure of an empty parts list", step_edit(CO, 11, parts=[]), ("step 12", "'parts'", "empty")),
    ("cure of one part twice", step_edit(CO, 11, parts=["underfill", "underfill"]),
     ("step 12", "'parts'", "underfill named twice")),
]:
    add(Case(f"flow: {cid}", "flow", ("process", "{in}"), {"in.yaml": text}, frags))
for cid, text, frags in [
    ("a part encapsulated twice",
     part("two_mold_package", "second_encapsulant", encapsulates=["die", "heat_sink", "die"]),
     ("parts.second_encapsulant.encapsulates[2]", "die", "twice")),
    ("an interface of a part with itself", spec_edit("dual_sink_fcbga", lambda r: r.update(
        interfaces=[{"between": ["die", "die"], "resistance": 5}])),
     ("interfaces[0].between", "die twice")),
    ("one interface given twice", spec_edit("dual_sink_fcbga", lambda r: r.update(
        interfaces=[{"between": ["die", "tim"], "resistance": 5},
                    {"between": ["tim", "die"], "resistance": 50}])),
     ("interfaces[1].between", "interfaces[0]")),
]:
    add(validate(text, *frags, kind="geometry", id=f"spec: {cid}"))
for cid, text, frags in [
    # an encapsulant is a filler (no overlap test): it was molded into the air beside the package
    ("mold over a chip-mounting area larger than the substrate",
     part("two_mold_package", "substrate", chip_mounting_area=[100, 100]),
     ("parts.first_encapsulant.over", "100 mm × 100 mm", "12 mm × 12 mm substrate")),
    ("mold wider than its substrate", part("two_mold_package", "second_encapsulant",
                                            size=[20, 20]),
     ("parts.second_encapsulant.size", "20 mm × 20 mm")),
]:
    add(validate(text, *frags, kind="geometry", id=f"spec: {cid}"))

# -- 22. robustness pass: cooling files -----------------------------------------------------
FIN5 = "heat_sink: {on: top, area: 900 mm^2, fins: {count: 5, thickness: 1 mm, height: 20 mm, %s}}\n"
for cid, data, frags in [
    ("fin air speed negative", COOL_HEAD + FIN5 % "velocity: -1",  # was a ValueError traceback
     ("heat_sink.fins.velocity", "-1")),
    ("fins of air", COOL_HEAD + FIN5 % "material: air", ("heat_sink.fins.material", "gas")),
    ("ambient 5000 C", COOL_HEAD + "ambient: 5000\n", ("ambient", "5000", "300")),
    ("cold plate at 5000 C", COOL_HEAD + "cold_plates: [{on: top, temperature: 5000}]\n",
     ("cold_plates[0].temperature", "5000")),
    ("face at 1000 C", COOL_HEAD + "faces: [{on: lid, temperature: 1000}]\n",
     ("faces[0].temperature", "1000")),
    ("empty name", "name: ''\nair: still\n", ("name", "empty")),
    ("a name of 100 000 characters", "name: " + "x" * 100_000 + "\nair: still\n",
     ("name", "100,000 characters")),
]:
    add(Case(f"cooling: {cid}", "cooling", ("run", LID, "--env", "{tmp}/cool.yaml", "--out",
                                            "{tmp}/out"), {"cool.yaml": data}, frags))
add(Case("flow: attach a sink on an empty list", "flow", ("process", "{in}"),
         {"in.yaml": step_edit("two_mold_package", 8, on=[])},  # was an IndexError traceback
         ("step 9", "'on'", "empty list")))

# -- 23. robustness pass: the option named as the user typed it -----------------------------
for cid, args, frags in [
    ("export --velocity -1 (was environment.velocity)",
     ("export", FLIP, "--csv", "--env", "forced-air", "--velocity", "-1", "--out", "{tmp}/out"),
     ("error: --velocity:", "-1")),
    ("zth --env jedec (was environment:)", ("zth", FLIP, "--env", "jedec", "--out", "{tmp}/out"),
     ("error: --env:", "jedec")),
]:
    add(Case(f"option: {cid}", "option", args, {}, frags))

# -- 24. robustness pass: total powers outside [1 µW, 100 kW] -------------------------------
for cid, data, frags in [
    ("a cell of 1e300 W", b"1e300,1\n1,1\n", ("sums to 1e+300 W",)),  # overflow warnings, then
    ("cells summing past float", b"1e308,1e308\n1e308,1e308\n", ("sums to inf W",)),  # NaN
    ("a map of 1e-300 W", b"1e-300,0\n0,0\n", ("sums to 1e-300 W",)),  # energy balance failed
]:
    add(Case(f"power map: {cid}", "power map", RUN_MAP, {"map.csv": data}, ("--power-map", *frags)))
add(Case("option: run --power 1e-300 (failed the energy balance after the solve)", "option",
         RUN + ("--power", "1e-300"), {}, ("--power", "1e-300")))
add(Case("results: no solved environment", "results",
         ("report", "{tmp}/r_results.json", "--out", "{tmp}/out"),
         {"r_results.json": b'{"spec": {"name": "x"}, "summary": {}, "runs": []}'},
         ("FILE", "'runs' is empty")))  # wrote a report of nothing
add(Case("yaml: 20 000 parts (5 s of parsing before the value limit)", "size",
         ("validate", "{in}", "--out", "{tmp}/out"),
         {"in.yaml": "name: x\nparts:\n" + "".join(
             f"  p{i}: {{kind: die, size: [1, 1], thickness: 0.1}}\n" for i in range(20000))},
         ("more than 50000 values",)))
add(Case("option: demo --design given twice", "option",
         ("demo", "--out", "{tmp}/out", "--design", "lidded_fcbga", "--design", "lidded_fcbga"),
         {}, ("--design", "'lidded_fcbga'", "twice")))
