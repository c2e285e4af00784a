"""The report's mechanics section renders a warpage study's JSON (numbers, sign, limit)."""

from chippack.design import load_layout
from chippack.examples import example_path
from chippack.mechanics.study import warpage_study
from chippack.report.html import _environment, numbers


def test_mechanics_section_renders_study():
    study = warpage_study(load_layout(example_path("two_mold_package_exposed")), at=(25.0,))
    data = study.to_dict()
    html = _environment().get_template("_mechanics.html.j2").render(
        r={"mechanics": data}, num=numbers({"mechanics": data}), images={})
    ball = data["warpage_um"]["25C"]["ball_side"]
    assert f"{ball:+.1f}".replace("-", "−") in html
    assert "±170 µm" in html
    assert "JESD22-B112" in html
