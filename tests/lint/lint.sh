#!/usr/bin/env bash
# npm run lint: the JS formatted as Prettier does it (configured in package.json "prettier") and free of
# ESLint's findings (tests/lint/eslint.config.js), the C++ formatted as clang-format does it (cpp/.clang-format).
# build.sh --test runs it first. Needs the npm dependencies and clang-format (bash build.sh installs both).
#
# Usage: bash tests/lint/lint.sh [--fix]
#   --fix   rewrite the files instead of reporting them (Prettier, ESLint's fixable rules, clang-format)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

fix=0
case "${1:-}" in
  "") ;;
  --fix) fix=1 ;;
  *) echo "lint.sh: unknown flag '$1' (usage: lint.sh [--fix])" >&2; exit 2 ;;
esac

# Every JS file of the repository but what is built or generated.
readonly JS=('**/*.js' '**/*.mjs' '**/*.cjs')
readonly PRETTIER_IGNORE=(--ignore-path .gitignore --ignore-path tests/lint/prettier-ignore)
mapfile -t cpp < <(find cpp tests/native tests/fuzz -name '*.cc' -o -name '*.h' | sort)

if ! command -v clang-format >/dev/null; then
  echo "lint.sh: clang-format not found (Debian package clang-format; bash build.sh installs it)" >&2
  exit 1
fi

if [[ $fix -eq 1 ]]; then
  npx --no-install prettier --log-level warn --write "${PRETTIER_IGNORE[@]}" "${JS[@]}"
  npx --no-install eslint -c tests/lint/eslint.config.js --fix .
  clang-format -i --style=file:cpp/.clang-format "${cpp[@]}"
else
  npx --no-install prettier --log-level warn --check "${PRETTIER_IGNORE[@]}" "${JS[@]}"
  npx --no-install eslint -c tests/lint/eslint.config.js .
  clang-format --dry-run --Werror --style=file:cpp/.clang-format "${cpp[@]}"
fi
echo "lint.sh: Prettier, ESLint and clang-format found nothing to report"
