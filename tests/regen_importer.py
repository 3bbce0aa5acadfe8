"""Rewrite the importer's golden files: ``python -m tests.regen_importer`` (then read the diff)."""

from __future__ import annotations

from tests.test_importer import CASES, GOLDEN, run


def main() -> None:
    for name, values in sorted(GOLDEN.items()):
        source = (CASES / f"{name}.md").read_text(encoding="utf-8")
        result = run(source, source_name=f"{name}.md", **values)
        (CASES / f"{name}.out.md").write_text(result.text, encoding="utf-8")
        summary = "\n".join(result.summary_lines()) + "\n"
        (CASES / f"{name}.summary.txt").write_text(summary, encoding="utf-8")
        print(f"wrote {name}.out.md, {name}.summary.txt")


if __name__ == "__main__":
    main()
