#!/usr/bin/env bash
# pre-commit hook: run `credit validate` when files under records/ change (see .pre-commit-config.yaml).
# Uses the project's .venv when present (make site / make test create it), else `credit` on PATH.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
if [ -x .venv/bin/credit ]; then
  credit=.venv/bin/credit
elif command -v credit > /dev/null 2>&1; then
  credit=credit
else
  echo "找不到 credit 命令：请先运行 make site（或 python3 -m venv .venv && .venv/bin/pip install -e .）" >&2
  echo "credit not found: run 'make site' first" >&2
  exit 1
fi
exec "$credit" validate --records records "$@"
