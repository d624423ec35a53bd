"""A small, safe arithmetic language for metric formulas; never Python's eval."""

from __future__ import annotations

import ast
import operator
from collections.abc import Mapping

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}
_FUNCTIONS = {"min": min, "max": max, "round": round}

ALLOWED = "numbers, variable names, + - * /, parentheses, min(), max() and round()"


class FormulaError(ValueError):
    """The expression is not in the allowed form, or cannot be evaluated."""


def parse(expression: str) -> ast.Expression:
    """Parse and check an expression; raise FormulaError unless it uses only ALLOWED parts."""
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError as err:
        raise FormulaError(f"cannot read the expression: {err.msg}") from None
    for node in ast.walk(tree):
        if not _allowed(node):
            raise FormulaError(f"'{ast.unparse(node)}' is not allowed; use only {ALLOWED}")
    return tree


def names(expression: str) -> set[str]:
    """The variable names an expression uses."""
    tree = parse(expression)
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in called}


def evaluate(expression: str, values: Mapping[str, float]) -> float:
    """Evaluate the expression with the given variable values."""
    return _eval(parse(expression).body, values)


def _allowed(node: ast.AST) -> bool:
    if isinstance(node, (ast.Expression, ast.Load, ast.Name)):
        return True
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    if isinstance(node, ast.BinOp):
        return type(node.op) in _BINARY
    if isinstance(node, ast.UnaryOp):
        return type(node.op) in _UNARY
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS and not node.keywords
    return isinstance(node, tuple(_BINARY) + tuple(_UNARY))


def _eval(node: ast.AST, values: Mapping[str, float]) -> float:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise FormulaError(f"no value for '{node.id}'")
        return values[node.id]
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_eval(node.operand, values))
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, values), _eval(node.right, values)
        try:
            return _BINARY[type(node.op)](left, right)
        except ZeroDivisionError:
            raise FormulaError(f"division by zero in '{ast.unparse(node)}'") from None
    if isinstance(node, ast.Call):
        args = [_eval(arg, values) for arg in node.args]
        return _FUNCTIONS[node.func.id](*args)
    raise FormulaError(f"'{ast.unparse(node)}' is not allowed; use only {ALLOWED}")
