"""Fixes: a rule's `Fix` (intent), resolved into an `Edit` of the file's text, proven and applied.

`intent` (imported by every rule, so it stays tiny), `resolve` (Fix -> Edit from the loader's spans),
`apply` (proof by re-loading, rounds with re-linting), `diff` (a patch `git apply` accepts) and
`command` (the `--fix` / `--diff` / `--fix-only` / `--unsafe-fixes` flags).
"""
