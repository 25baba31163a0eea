"""Write the shipped notebooks (without outputs) from the cells below.

The notebooks are thin by design: every cell only calls into emisim and shows the result.
Run `python scripts/make_notebooks.py` after editing the cells; `make test` executes them.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).parents[1] / "notebooks"

QUICKSTART = [
    new_markdown_cell(
        "# emisim quick start\n\n"
        "Solve the plan as written (`plan2020`: box 1 of Chongqing's 13th Five-Year Plan, the "
        "default reading of the district categories, coal below 55 %) on the embedded data, "
        "and look at who cuts what. The default data are estimates with provenance grades: "
        "see `docs/data.md`."
    ),
    new_code_cell('import emisim\n\nresult = emisim.run("plan2020")\nresult'),
    new_markdown_cell("Headline numbers: cost, marginal abatement costs (yuan per tonne), coal."),
    new_code_cell(
        "s = result.summary\n"
        "print(f\"total discounted cost: {s['total_cost_yuan'] / 1e9:.2f} bn yuan\")\n"
        "print(f\"coal share 2020: {s['coal_share_final']:.1%}\")\n"
        's["mac_yuan_per_t"]'
    ),
    new_markdown_cell(
        "The allocation: every unit's 2015 base, 2020 emissions and cut, with its category "
        "and band."
    ),
    new_code_cell(
        'result.allocation.query("pollutant == \'SO2\'").sort_values("cut_pct", '
        "ascending=False).head(10)"
    ),
    new_markdown_cell("Which category bands bind, and what they cost per tonne."),
    new_code_cell(
        "bands = result.bands\n"
        'bands[bands.binding != ""].groupby(["family", "category", "binding"]).size()'
    ),
    new_markdown_cell("Cut rates of the air-guidance units for NOx, against their bands."),
    new_code_cell(
        "nox = result.bands.query(\"family == 'air' and pollutant == 'NOX'\")\n"
        'ax = nox.plot.barh(x="name", y="cut_pct", figsize=(6, 9), legend=False)\n'
        'ax.set_xlabel("NOx cut 2015-2020 (%)");'
    ),
    new_markdown_cell("Measures deployed by 2020 and their annual cost."),
    new_code_cell(
        'm = result.measures.query("year == 2020")\n'
        'm.groupby("measure")[["units", "annual_cost_yuan"]].sum()'
        '.sort_values("annual_cost_yuan", ascending=False).head(10)'
    ),
]


def write(name: str, cells: list) -> Path:
    nb = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
    )
    path = ROOT / name
    nbformat.write(nb, path)
    return path


def main() -> None:
    ROOT.mkdir(exist_ok=True)
    print(write("01_quickstart.ipynb", QUICKSTART))


if __name__ == "__main__":
    main()
