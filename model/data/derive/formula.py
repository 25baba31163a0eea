"""Arithmetic formulas written in the authored CSVs (measure cards, parameters, shares).

A cell such as ``FLOW * (URBAN_INFLUENT_COD - EFFLUENT_1A_COD) * 0.4`` keeps the process
logic of a number next to its data, where a reviewer can read it. Only numbers, names,
parentheses and ``+ - * /`` are allowed: a formula cannot call code.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Mapping

from emisim.model.errors import DataError

_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def evaluate(text: str, names: Mapping[str, float], where: str) -> float:
    """Value of ``text`` with ``names`` bound; ``where`` names the cell for errors."""
    try:
        tree = ast.parse(str(text).strip(), mode="eval")
    except SyntaxError:
        raise DataError(where, f"not a formula: {text!r}") from None
    return float(_eval(tree.body, names, where))


def _eval(node: ast.AST, names: Mapping[str, float], where: str) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in names:
            raise DataError(where, f"unknown name {node.id!r} in formula")
        return names[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _eval(node.left, names, where), _eval(node.right, names, where)
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_eval(node.operand, names, where)
    raise DataError(
        where, f"only numbers, names, ( ) and + - * / are allowed, got {ast.unparse(node)!r}"
    )


def resolve(rows: list[dict], where: str) -> dict[str, float]:
    """Parameters in file order; a parameter's formula may use the parameters above it."""
    out: dict[str, float] = {}
    for i, r in enumerate(rows, start=2):
        out[r["name"]] = evaluate(r["value"], out, f"{where} row {i} ({r['name']})")
    return out
