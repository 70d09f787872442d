"""``innograph serve`` with every proposal of bench/proposals.py in place (for bench_server.py --proposed).

    .venv/bin/python bench/serve_proposed.py serve --data-dir D --port P
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import proposals  # noqa: E402

proposals.patch_all()

from innograph.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
