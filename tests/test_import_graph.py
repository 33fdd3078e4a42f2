"""No import cycles between modules of couchtimer, function-level imports included.

import-linter's contracts (`make imports`) keep the layers apart; a cycle inside one layer (the
store's database -> recorder -> transfer -> database, hidden by imports inside functions) gets past
them, so the whole graph is checked here. Imports under `if TYPE_CHECKING:` never run and do not
count."""

from __future__ import annotations

import grimp


def cycles(graph: grimp.ImportGraph) -> list[set[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(group)
    return found


def test_the_package_has_no_import_cycles() -> None:
    graph = grimp.build_graph("couchtimer", exclude_type_checking_imports=True)
    assert cycles(graph) == []


def test_a_cycle_made_by_a_function_level_import_is_found() -> None:
    """The check itself: two modules importing each other, one of them inside a function."""
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.a")  # e.g. inside a function
    graph.add_import(importer="pkg.c", imported="pkg.a")
    assert cycles(graph) == [{"pkg.a", "pkg.b"}]
