"""The core's modules import one another without a cycle (the faces, gui/, api/ and cli/, are
checked by their own contracts): a module low on the path of a decision, such as the field
specs or the value rules, never reaches back up to one above it, even for a type hint."""

from __future__ import annotations

import grimp

FACES = ("pad_desktop.gui", "pad_desktop.api", "pad_desktop.cli")


def _cycles() -> list[str]:
    graph = grimp.build_graph("pad_desktop")
    core = sorted(m for m in graph.modules if not m.startswith(FACES))
    found, seen = [], set()
    for module in core:
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported.startswith(FACES) or frozenset((module, imported)) in seen:
                continue  # each pair once
            seen.add(frozenset((module, imported)))
            if graph.chain_exists(importer=imported, imported=module):
                back = graph.find_shortest_chain(importer=imported, imported=module)
                found.append(f"{module} -> {imported} -> ... -> " + " -> ".join(back[1:]))
    return found


def test_the_core_has_no_import_cycle() -> None:
    assert _cycles() == []


def test_the_field_specs_are_the_bottom_of_the_path() -> None:
    graph = grimp.build_graph("pad_desktop")
    below = graph.find_modules_directly_imported_by("pad_desktop.cells.field_specs")
    assert below <= {"pad_desktop.texts.locale_text", "pad_desktop.texts"}
