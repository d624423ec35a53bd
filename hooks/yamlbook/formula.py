"""A small, safe arithmetic language for metric formulas; never Python's eval."""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Mapping

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}
_FUNCTIONS = {"min": min, "max": max, "round": round}
# How many arguments each function takes: (fewest, most); round's second is whole digits.
_ARITY = {"min": (2, None), "max": (2, None), "round": (1, 2)}
_MAX_LENGTH = 2000  # a formula is one line of arithmetic; longer input only risks the parser

ALLOWED = "numbers, variable names, + - * /, parentheses, min(), max() and round()"


class FormulaError(ValueError):
    """The expression is not in the allowed form, or cannot be evaluated."""


def parse(expression: str) -> ast.Expression:
    """Parse and check an expression; raise FormulaError unless it uses only ALLOWED parts."""
    if len(expression) > _MAX_LENGTH:
        raise FormulaError(f"the expression is {len(expression):,} characters; keep it under {_MAX_LENGTH:,}")
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError as err:
        raise FormulaError(f"cannot read the expression: {err.msg}") from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError("the expression is nested too deeply to read; simplify it") from None
    for node in ast.walk(tree):
        if not _allowed(node):
            raise FormulaError(f"'{_text(node)}' is not allowed; use only {ALLOWED}")
        if isinstance(node, ast.Call):
            _check_call(node)
    return tree


def _check_call(node: ast.Call) -> None:
    name = node.func.id
    fewest, most = _ARITY[name]
    count = len(node.args)
    if count < fewest or (most is not None and count > most):
        wanted = f"{fewest} to {most}" if most else f"{fewest} or more"
        raise FormulaError(f"{name}() takes {wanted} values, but '{_text(node)}' gives {count}")
    if name == "round" and count == 2:
        digits = node.args[1]
        if not (isinstance(digits, ast.Constant) and type(digits.value) is int and 0 <= digits.value <= 10):
            raise FormulaError(f"the second value of round() is a whole number of decimals from 0 to 10, "
                               f"not '{_text(digits)}'")


def _text(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except (RecursionError, ValueError):
        return "(part of the expression)"


def names(expression: str) -> set[str]:
    """The variable names an expression uses."""
    tree = parse(expression)
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in called}


def evaluate(expression: str, values: Mapping[str, float]) -> float:
    """Evaluate the expression with the given variable values; the result is a finite number."""
    tree = parse(expression)
    try:
        result = _eval(tree.body, values)
    except (OverflowError, RecursionError):
        raise FormulaError("the expression overflows: its result is too large to compute") from None
    if not math.isfinite(result):
        raise FormulaError(f"the expression gives {result} (not a finite number) on these inputs")
    return result


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
        value = values[node.id]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise FormulaError(f"the value of '{node.id}' should be a finite number, not {value!r}")
        return value
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_eval(node.operand, values))
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, values), _eval(node.right, values)
        try:
            return _BINARY[type(node.op)](left, right)
        except ZeroDivisionError:
            raise FormulaError(f"division by zero in '{_text(node)}'") from None
    if isinstance(node, ast.Call):
        args = [_eval(arg, values) for arg in node.args]
        return _FUNCTIONS[node.func.id](*args)
    raise FormulaError(f"'{_text(node)}' is not allowed; use only {ALLOWED}")
