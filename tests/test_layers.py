"""The house's layers hold at run time: building the site loads no numerical stack (import-linter checks the rest)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("numpy", "scipy", "sklearn", "networkx", "tokenizers", "faq_builder.mine", "faq_builder.clustering")


def _loaded_after(statement: str) -> set[str]:
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out))


def test_the_mkdocs_plugin_imports_no_numerical_stack() -> None:
    loaded = _loaded_after("import faq_builder.site.plugin, faq_builder.site")
    assert "faq_builder.site.plugin" in loaded
    assert sorted(loaded & set(HEAVY)) == []


def test_mining_does_load_it_so_the_check_above_can_fail() -> None:
    loaded = _loaded_after("import faq_builder.mine")
    assert {"numpy", "faq_builder.clustering"} <= loaded
