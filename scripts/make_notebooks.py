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
        "print(f\"total cost ({s['accounting']}): {s['total_cost_yuan'] / 1e9:.2f} bn yuan\")\n"
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


COMPARE = [
    new_markdown_cell(
        "# Comparing scenarios\n\n"
        "Three questions side by side: the plan as written (`plan2020`), the same targets "
        "without the district guidance (`no-guidance`: what does the guidance cost?), and "
        "every measure at the top of its cost range (`high-cost`)."
    ),
    new_code_cell(
        "import emisim\n\n"
        'comp = emisim.compare(["plan2020", "no-guidance", "high-cost"], '
        'reference="plan2020")\n'
        "comp.scenarios"
    ),
    new_markdown_cell("Key indicators, one column per scenario."),
    new_code_cell("comp.indicators"),
    new_markdown_cell("Each scenario against the reference (plan2020)."),
    new_code_cell("comp.differences"),
    new_markdown_cell("Marginal abatement cost per pollutant (yuan per tonne)."),
    new_code_cell("from emisim.reports.charts import mac_chart\n\nmac_chart(comp)"),
    new_markdown_cell("Cut by functional zone."),
    new_code_cell("comp.cuts_by_zone.head(15)"),
    new_markdown_cell(
        "The full report (HTML, workbook, CSVs, charts) in one call; the CLI equivalent is "
        "`emisim compare plan2020 no-guidance high-cost`."
    ),
    new_code_cell(
        "from emisim.reports import write_comparison\n\n"
        'folder = write_comparison(comp, "outputs")\n'
        "folder"
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
    print(write("02_compare.ipynb", COMPARE))


if __name__ == "__main__":
    main()
