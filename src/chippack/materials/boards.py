"""Compact (homogenised) JEDEC test-board materials from their copper layers.

Icepak-style compact PCB: each layer i of thickness t_i is a copper/FR-4 mix with
copper coverage f_i. In-plane the layers act in parallel, through the board in
series (Ansys Icepak notes; docs/physics.md §4):

    k_inplane = Σ k_i,∥ t_i / Σ t_i,        k_i,∥ = f_i k_Cu + (1 − f_i) k_FR4
    k_through = Σ t_i / Σ (t_i / k_i,⊥),     1/k_i,⊥ = f_i / k_Cu + (1 − f_i) / k_FR4

(the series mix inside a partly covered trace layer is the conservative choice
that gives 0.317 W/m·K through the 2s2p board).

The same builds as explicit layer stacks (:func:`jedec_board_layers`), top to
bottom. JESD51-7 fixes the 1.6 mm finished thickness, 70 µm (2 oz) outer trace
layers and 35 µm (1 oz) buried planes, and JESD51-11 allows 0.25–0.5 mm of
dielectric between an outer layer and the nearest plane; chippack takes 0.25 mm
prepreg on a 0.89 mm core (the common 4-layer build). The 1s0p board is 70 µm of
traces on 1.53 mm of FR-4. Meshed layer by layer, the stack carries heat into the
planes through the prepreg only, which the one compact material cannot show.

Trace copper exists only in the fan-out: JESD51-9 §5.1 (top trace layer, both 1s and
2s2p boards; JESD51-3 likewise for leaded packages) routes the traces radially out to
the edges of a square at least 25 mm beyond the package body, where they end on the
terminal vias. The layered board therefore carries its 10 % trace coverage only in
that square (:func:`jedec_trace_fanout`) and is bare FR-4 outside it; 10 % is the
coverage the fan-out itself has (traces 36–44 % of the pin pitch wide, JESD51-9
Table 4, flaring over ~25 mm: about 0.2 mm × 56 traces × 28 mm in the 3300 mm² fan-out
of an 8 mm, 15 × 15-ball package). The compact material keeps the JEDEC rule's
uniform 10 % over the whole board.
"""

from __future__ import annotations

from dataclasses import dataclass

from chippack.materials.material import Material
from chippack.materials.stack import StackLayer

K_COPPER = 398.0  # W/m·K, value used by the JEDEC compact-board rule in the reference
K_FR4 = 0.3  # W/m·K


@dataclass(frozen=True)
class CopperLayer:
    thickness: float  # m
    coverage: float  # 0..1


#: JESD51-7 "2s2p": two 70 µm (2 oz) signal layers at 10 % trace coverage, two 35 µm planes.
JEDEC_2S2P = (CopperLayer(70e-6, 0.10), CopperLayer(35e-6, 1.0),
              CopperLayer(35e-6, 1.0), CopperLayer(70e-6, 0.10))
#: JESD51-3 "1s0p": one 70 µm signal layer at 10 % trace coverage.
JEDEC_1S0P = (CopperLayer(70e-6, 0.10),)


def compact_board_conductivity(
    layers: tuple[CopperLayer, ...], board_thickness: float = 1.6e-3
) -> tuple[float, float]:
    """(k_inplane, k_through) in W/m·K of a board with the given copper layers."""
    copper_t = sum(layer.thickness for layer in layers)
    dielectric_t = board_thickness - copper_t
    inplane = dielectric_t * K_FR4
    series = dielectric_t / K_FR4
    for layer in layers:
        f = layer.coverage
        inplane += layer.thickness * (f * K_COPPER + (1 - f) * K_FR4)
        series += layer.thickness * (f / K_COPPER + (1 - f) / K_FR4)
    return inplane / board_thickness, board_thickness / series


#: Dielectric between an outer trace layer and the nearest buried plane (JESD51-11 range
#: 0.25–0.5 mm), m.
PREPREG_2S2P = 0.25e-3


def _fr4() -> Material:
    return Material(name="jedec_fr4", category="laminate", k=(K_FR4, K_FR4, K_FR4),
                    density=1850.0, specific_heat=1150.0, emissivity=0.9,
                    youngs_modulus=20e9, poisson_ratio=0.15, cte=(14e-6, 14e-6, 55e-6),
                    description="FR-4 of the JEDEC compact-board rule",
                    sources={"k": "0.3 W/m·K, the value of the JEDEC compact-board rule",
                             "youngs_modulus": "as the library's fr4 (17-24 GPa in-plane)",
                             "cte": "as the library's fr4 (IEEE Trans. Reliab. 2018)"})


def _copper() -> Material:
    return Material(name="jedec_copper", category="metal", k=(K_COPPER,) * 3,
                    density=8933.0, specific_heat=385.0,
                    youngs_modulus=117e9, poisson_ratio=0.34, cte=(17e-6,) * 3,
                    sources={"k": "398 W/m·K, the value of the JEDEC compact-board rule",
                             "youngs_modulus": "as the library's copper (TopLine table)",
                             "cte": "as the library's copper (TopLine table)"})


def jedec_board_layers(build: str, board_thickness: float = 1.6e-3) -> list[StackLayer]:
    """The JESD51-7 2s2p or JESD51-3 1s0p board as layers, top (package side) first."""
    fr4, cu = _fr4(), _copper()
    if build == "1s0p":
        t = JEDEC_1S0P[0]
        return [StackLayer("top_traces", t.thickness, fr4, t.coverage, cu),
                StackLayer("fr4", board_thickness - t.thickness, fr4)]
    if build != "2s2p":
        raise ValueError(f"unknown JEDEC board build {build!r}")
    sig, plane = JEDEC_2S2P[0], JEDEC_2S2P[1]
    core = board_thickness - 2 * (sig.thickness + plane.thickness + PREPREG_2S2P)
    return [
        StackLayer("top_traces", sig.thickness, fr4, sig.coverage, cu),
        StackLayer("prepreg_top", PREPREG_2S2P, fr4),
        StackLayer("plane_1", plane.thickness, fr4, plane.coverage, cu),
        StackLayer("core", core, fr4),
        StackLayer("plane_2", plane.thickness, fr4, plane.coverage, cu),
        StackLayer("prepreg_bottom", PREPREG_2S2P, fr4),
        StackLayer("bottom_traces", sig.thickness, fr4, sig.coverage, cu),
    ]


#: JESD51-9 §5.1: traces extend at least 25 mm out from the edge of the package body, m.
JESD51_9_FANOUT = 25e-3


def jedec_trace_layers(build: str) -> tuple[str, ...]:
    """Names of the trace layers of a JEDEC build (copper only in the fan-out square)."""
    return {"1s0p": ("top_traces",), "2s2p": ("top_traces", "bottom_traces")}[build]


def jedec_trace_fanout(body: tuple[float, float, float, float],
                       board: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) of the trace fan-out square: the package body (x0, x1, y0, y1, m)
    grown by :data:`JESD51_9_FANOUT` on every side, clipped to the board."""
    d = JESD51_9_FANOUT
    return (max(body[0] - d, board[0]), min(body[1] + d, board[1]),
            max(body[2] - d, board[2]), min(body[3] + d, board[3]))


def jedec_board_material(build: str) -> Material:
    """The compact material of a JEDEC board build ("2s2p" or "1s0p")."""
    layers = {"2s2p": JEDEC_2S2P, "1s0p": JEDEC_1S0P}[build]
    k_in, k_through = compact_board_conductivity(layers)
    standard = {"2s2p": "JESD51-7", "1s0p": "JESD51-3"}[build]
    return Material(
        name=f"jedec_{build}",
        category="laminate",
        description=f"{standard} {build} test board, 1.6 mm FR-4, compact orthotropic model",
        k=(k_in, k_in, k_through),
        density=1900.0,
        specific_heat=1150.0,
        youngs_modulus=22e9,
        poisson_ratio=0.15,
        cte=(16e-6, 16e-6, 55e-6),
        emissivity=0.9,
        sources={
            "k": f"{standard} layer build; compact-PCB parallel/series rule (Icepak notes)",
            "density": "FR-4 + copper mix, handbook",
            "specific_heat": "FR-4, handbook",
            "youngs_modulus": "FR-4 in-plane 17-24 GPa stiffened by copper",
            "poisson_ratio": "FR-4 0.12-0.18",
            "cte": "FR-4 13-17 x,y (copper raises it); 45-70 z",
            "emissivity": "solder mask, handbook",
        },
    )
