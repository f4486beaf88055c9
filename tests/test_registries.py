"""The registries the areas fill in their init_app are complete (issue 16.3): every notification kind the code can
send has words in Danish and English. (Every table with personal data has its section of "my data" and its
erasure step: tests/test_personal_data.py.)

The kinds are read from the code, not from a list kept by hand: every `notify(..., kind=...)` call is followed
back to the strings it can pass, through module constants, dictionaries, local names and the callers of the
function the kind comes in through. A call whose kind cannot be followed fails the test, so a new way of
choosing a kind must be made readable here rather than slip past."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.support import Translations
from flask_babel import force_locale

from youthvoice.web.i18n import labels_of

PACKAGE = Path(__file__).resolve().parent.parent / "youthvoice"
TRANSLATIONS = PACKAGE / "translations"


@dataclass
class Module:
    path: Path
    tree: ast.Module
    parents: dict[ast.AST, ast.AST]

    def constants(self, name: str) -> set[str] | None:
        """The strings a module-level name holds: a string, or the values of a dictionary of strings."""
        for node in self.tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else (
                [node.target] if isinstance(node, ast.AnnAssign) else [])
            if any(isinstance(target, ast.Name) and target.id == name for target in targets):
                value = node.value
                if isinstance(value, ast.Dict):
                    return {v.value for v in value.values if isinstance(v, ast.Constant) and isinstance(v.value, str)}
                return _strings(value)
        return None

    def function_of(self, node: ast.AST) -> ast.FunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef):
                return node
        return None


def _strings(node: ast.AST | None) -> set[str] | None:
    """The strings an expression made only of string constants can be (a constant, or `a if c else b`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body), _strings(node.orelse)
        return body | orelse if body is not None and orelse is not None else None
    return None


def _modules() -> list[Module]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
        modules.append(Module(path, tree, parents))
    return modules


def _calls_to(modules: list[Module], name: str) -> Iterator[tuple[Module, ast.Call]]:
    for module in modules:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and (
                    (isinstance(node.func, ast.Name) and node.func.id == name)
                    or (isinstance(node.func, ast.Attribute) and node.func.attr == name)):
                yield module, node


def _argument(call: ast.Call, function: ast.FunctionDef | None, keyword: str) -> ast.AST | None:
    for item in call.keywords:
        if item.arg == keyword:
            return item.value
    if function is not None:
        names = [arg.arg for arg in function.args.posonlyargs + function.args.args]
        if keyword in names and names.index(keyword) < len(call.args):
            return call.args[names.index(keyword)]
    return None


def _kinds(modules: list[Module], module: Module, expression: ast.AST, depth: int = 0) -> set[str]:
    """The kinds `expression` (inside `module`) can be; fails the test when it cannot be followed."""
    where = f"{module.path.relative_to(PACKAGE.parent)}:{getattr(expression, 'lineno', '?')}"
    assert depth < 4, f"{where}: the kind passes through too many functions to follow"
    found = _strings(expression)
    if found is not None:
        return found
    if isinstance(expression, ast.Subscript) and isinstance(expression.value, ast.Name):
        values = module.constants(expression.value.id)
        assert values, f"{where}: {expression.value.id} is not a module dictionary of kinds"
        return values
    assert isinstance(expression, ast.Name), f"{where}: cannot tell which kinds {ast.unparse(expression)} is"
    function = module.function_of(expression)
    if function is not None:
        assigned = [node.value for node in ast.walk(function) if isinstance(node, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == expression.id for t in node.targets)]
        if assigned:
            return set().union(*(_kinds(modules, module, value, depth + 1) for value in assigned))
        parameters = [arg.arg for arg in function.args.posonlyargs + function.args.args + function.args.kwonlyargs]
        if expression.id in parameters:
            kinds: set[str] = set()
            callers = list(_calls_to(modules, function.name))
            assert callers, f"{where}: nothing calls {function.name}, so its kind cannot be followed"
            for caller_module, call in callers:
                passed = _argument(call, function, expression.id)
                assert passed is not None, f"{where}: a call of {function.name} passes no {expression.id}"
                kinds |= _kinds(modules, caller_module, passed, depth + 1)
            return kinds
    values = module.constants(expression.id)
    assert values, f"{where}: cannot tell which kinds {expression.id} is"
    return values


def sent_kinds() -> dict[str, str]:
    """Every kind a `notify(..., kind=...)` call can send, with where it is sent from."""
    modules = _modules()
    sent: dict[str, str] = {}
    for module, call in _calls_to(modules, "notify"):
        kind = next((item.value for item in call.keywords if item.arg == "kind"), None)
        if kind is None:
            continue
        for name in _kinds(modules, module, kind):
            sent.setdefault(name, f"{module.path.relative_to(PACKAGE.parent)}:{call.lineno}")
    return sent


def test_the_kinds_are_read_from_the_code():
    """The walk finds the kinds sent in every way the code sends them (constants, a dictionary, `a if c else b`
    in the function, and a kind passed in by the callers) — or this test's own reading is broken."""
    kinds = sent_kinds()
    assert {"receipt", "urgent", "council_round"} <= kinds.keys()  # constants
    assert {"network_shared", "steps_shared"} <= kinds.keys()  # SCOPE_NOTIFICATIONS[scope]
    assert {"council_result", "council_no_result"} <= kinds.keys()  # kind = "..." if counted else "..."
    assert {"council_update", "council_status"} <= kinds.keys()  # passed in by notify_followers' callers


def _catalogue(language: str) -> dict[str, str]:
    translations = Translations.load(str(TRANSLATIONS), [language])
    return {msgid: text for msgid, text in translations._catalog.items() if isinstance(msgid, str)}


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_every_kind_sent_has_words_in_both_languages(app):
    labels = labels_of(app, "notification")
    danish = _catalogue("da")
    missing = {kind: where for kind, where in sent_kinds().items() if kind not in labels}
    assert missing == {}, "notification kinds sent without words (add them in the area's init_app)"
    for kind, label in labels.items():
        msgid = getattr(label, "_args", [str(label)])[0]
        assert danish.get(msgid), f"{kind}: {msgid!r} has no Danish words"
        with app.test_request_context(), force_locale("en"):
            english = str(label)
        with app.test_request_context(), force_locale("da"):
            assert str(label) == danish[msgid], kind
        assert english.strip(), kind


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_words_naming_her_are_for_kinds_sent_and_name_her(app):
    """The notifications that name the young person (issue 24.11) are kinds the code sends, with her name in
    both languages."""
    about = labels_of(app, "notification_about")
    danish = _catalogue("da")
    assert about.keys() <= sent_kinds().keys()
    assert {"receipt_contested", "urgent", "meeting_shared"} <= about.keys()
    for kind, label in about.items():
        msgid = label._args[0]
        assert "%(name)s" in msgid and "%(name)s" in danish.get(msgid, ""), kind
