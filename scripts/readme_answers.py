"""Rewrite the README's example answers with what the current code answers.

Run from the repository root after changing the answer engine or the knowledge:
`.venv/bin/python scripts/readme_answers.py` (it indexes the bundled pack into a temporary
data dir first, like the README test does).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
QUESTIONS = [
    'assistant ask "Who makes the final purchase decision?"',
    'assistant ask "¿Qué necesita el comprador en la negociación?"',
    'assistant ask "כמה תווים מותר בפוסט בלינקדאין?"',
]


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        shutil.copytree(REPO / "knowledge", Path(temp) / "knowledge")
        os.environ["ASSISTANT_KNOWLEDGE_DIR"] = str(Path(temp) / "knowledge")
        os.environ["ASSISTANT_DATA_DIR"] = str(Path(temp) / "data")
        from assistant.cli import cli
        from assistant.config import load_settings
        from assistant.index import ingest

        ingest(load_settings())
        runner = CliRunner()
        blocks = []
        for command in QUESTIONS:
            result = runner.invoke(cli, shlex.split(command)[1:])
            blocks.append(f"```console\n$ {command}\n{result.stdout.rstrip()}\n```\n")
    text = README.read_text(encoding="utf-8")
    body = "\n".join(blocks)
    text = re.sub(
        r"<!-- answers:start -->\n.*?<!-- answers:end -->",
        lambda _: f"<!-- answers:start -->\n{body}<!-- answers:end -->",
        text,
        flags=re.S,
    )
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
