"""The map of the code (docs/ARCHITECTURE.md) names files and hooks that exist."""

import re
from pathlib import Path

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

# a span in backticks without spaces: `hotel_crm/models/guest/` or `_hotel_on_resolved()`
CODE_SPAN = re.compile(r"`([^`\s]+)`")
# a row of the "Extension hooks" table: | `model` | `hook(args)`, `hook2()` | what for |
HOOK_ROW = re.compile(r"^\|\s*`([a-z_.]+)`\s*\|(.+?)\|[^|]*\|\s*$")
HOOK_NAME = re.compile(r"`([a-z_]+)\(")


@tagged("post_install", "-at_install")
class TestArchitectureMap(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.repo = Path(get_module_path("hotel_crm")).resolve().parent
        cls.doc = cls.repo / "docs" / "ARCHITECTURE.md"

    def _text(self):
        if not self.doc.is_file():
            # the addon installed without its repository (e.g. copied into another addons path)
            self.skipTest(f"{self.doc} not found: hotel_crm is not in its own repository")
        return self.doc.read_text(encoding="utf-8")

    def test_paths_exist(self):
        """Every `hotel_crm/...` path in the map names an existing file or folder."""
        paths = sorted(
            {
                span
                for span in CODE_SPAN.findall(self._text())
                # placeholders such as hotel_crm/models/<room>/ or hotel_crm/... describe a pattern
                if span.startswith("hotel_crm/") and not any(mark in span for mark in ("<", "*", "..."))
            }
        )
        self.assertGreater(len(paths), 40, "the map should name the files of every room")
        missing = [path for path in paths if not (self.repo / path).exists()]
        self.assertFalse(
            missing,
            "docs/ARCHITECTURE.md names paths that do not exist (update the map when files move):\n"
            + "\n".join(missing),
        )
        for path in paths:
            if path.endswith("/"):
                self.assertTrue((self.repo / path).is_dir(), f"{path} in docs/ARCHITECTURE.md is not a folder")

    def test_hooks_exist(self):
        """Every hook of the "Extension hooks" table is a method of its model."""
        text = self._text()
        section = text.split("## Extension hooks", 1)[1].split("\n## ", 1)[0]
        hooks = []
        for line in section.splitlines():
            row = HOOK_ROW.match(line)
            if row:
                hooks += [(row.group(1), name) for name in HOOK_NAME.findall(row.group(2))]
        self.assertGreater(len(hooks), 20, "the hooks table should list the hooks of every room")
        missing = [
            f"{model}.{name}"
            for model, name in hooks
            if model not in self.env or not callable(getattr(self.env[model], name, None))
        ]
        self.assertFalse(missing, "docs/ARCHITECTURE.md lists hooks that do not exist:\n" + "\n".join(sorted(missing)))
