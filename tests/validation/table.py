"""Print the validation table (markdown) for the README: ``PYTHONPATH=src:. python -m
tests.validation.table``. Every number is solved here; nothing is copied."""

from __future__ import annotations

from tests.validation.cases import case_paths, chippack_metrics, read_case


def _pair(ours: float | None, published: float | None) -> str:
    if published is None:
        return f"— / {ours:.3g}" if ours is not None else "—"
    dev = 100 * (ours / published - 1)
    return f"{published:g} / {ours:.3g} ({dev:+.0f} %)"


def rows() -> list[str]:
    out = ["| case (source) | board | θJA 0 m/s | θJA 1 m/s | θJA 2 m/s | θJA 3 m/s | θJC | θJB "
           "| ΨJT 0 m/s |",
           "|---|---|---|---|---|---|---|---|---|"]
    for path in case_paths():
        info, _ = read_case(path)
        ours = chippack_metrics(path)
        pub = info["published"]
        boards = info["board"] if isinstance(info["board"], list) else [info["board"]]
        for board in boards:
            key = "theta_ja" if board == boards[0] else f"theta_ja_{board}"
            cells = [_pair(ours[key].get(float(v)), pub[key].get(v)) if v in pub[key] else "—"
                     for v in (0, 1, 2, 3)]
            first = board == boards[0]
            jc = _pair(ours["theta_jc"], pub.get("theta_jc")) if first else ""
            jb = _pair(ours["theta_jb"], pub.get("theta_jb")) if first else ""
            psi = (_pair(ours["psi_jt"].get(0.0), pub.get("psi_jt", {}).get(0))
                   if first else "")
            out.append(f"| {info['row']} | {board} | " + " | ".join(cells)
                       + f" | {jc} | {jb} | {psi} |")
    return out


if __name__ == "__main__":
    print("\n".join(rows()))
