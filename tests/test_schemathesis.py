"""schemathesis against the live API's OpenAPI schema: no 500, no response that breaks the schema."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import LiveServer

TOKEN = "schemathesis-token-0123456789"


def test_schemathesis_finds_no_server_errors_or_schema_violations(seeded_data_dir, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(seeded_data_dir, data)
    server = LiveServer(data, env={"INNOGRAPH_NEO4J_URI": "", "INNOGRAPH_QUERY_TIMEOUT": "2",
                                   "INNOGRAPH_API_TOKEN": TOKEN})
    try:
        cli = Path(sys.executable).with_name("schemathesis")
        result = subprocess.run(
            [str(cli), "run", f"{server.url}/openapi.json",
             "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
             "--phases", "examples,coverage,fuzzing", "--max-examples", "12", "--workers", "1",
             "--seed", "20261130", "--request-timeout", "30", "-H", f"Authorization: Bearer {TOKEN}"],
            capture_output=True, text=True, timeout=900)
        (tmp_path / "schemathesis.log").write_text(result.stdout + result.stderr)
        summary = "\n".join(result.stdout.splitlines()[-40:])
        assert result.returncode == 0, summary
        assert " 500 " not in server.output() and "Traceback" not in server.output(), server.output()[-3000:]
    finally:
        server.stop()
