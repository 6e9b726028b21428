"""Fixtures of the Python tests: the repository, the CLI built beside the module, the example
corpus, the shared corpora (../shared or $RETRACE_SHARED_DIR; tests that need them are skipped,
saying so, when they are absent)."""

import json
import os
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NEWS = os.path.join(ROOT, "examples", "news.jsonl")


def cli_path():
    return os.environ.get("RETRACE_BINARY") or os.path.join(os.environ.get("RETRACE_BUILD_DIR") or
                                                            os.path.join(ROOT, "build"), "retrace")


def shared_dir():
    return os.environ.get("RETRACE_SHARED_DIR") or os.path.join(ROOT, "..", "shared")


def bbc_path():
    return os.path.join(shared_dir(), "corpora", "bbc", "bbc.jsonl")


@pytest.fixture(scope="session")
def cli():
    path = cli_path()
    if not os.access(path, os.X_OK):
        pytest.fail(f"the retrace CLI is not built at {path} (bash scripts/build.sh, or set RETRACE_BINARY)")

    def run(*args, stdin=None, check=True):
        p = subprocess.run([path, *map(str, args)], input=stdin, capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"retrace {' '.join(map(str, args))} exited {p.returncode}: {p.stderr}")
        return p

    return run


@pytest.fixture(scope="session")
def news():
    with open(NEWS, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture(scope="session")
def bbc():
    if not os.path.exists(bbc_path()):
        pytest.skip(f"needs the shared corpora ({bbc_path()} is missing; put ../shared beside the repository "
                    "or set RETRACE_SHARED_DIR)")
    return bbc_path()


def objects(lines):
    """JSON Lines text (or relations) as sorted canonical JSON strings, to compare sets."""
    if isinstance(lines, str):
        items = [json.loads(line) for line in lines.splitlines() if line.strip()]
    else:
        items = [r if isinstance(r, dict) else r.to_dict() for r in lines]
    return sorted(json.dumps(o, sort_keys=True) for o in items)
