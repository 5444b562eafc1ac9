"""Commands run inside a container: `docker exec [OPTIONS] CONTAINER COMMAND [ARG...]` (also `docker
container exec`), `docker compose exec [OPTIONS] SERVICE COMMAND [ARGS...]` (also `docker-compose exec`, with
compose's own options before `exec`) and `kubectl exec POD [flags] -- COMMAND [args...]`: where the command
inside starts.

Sources: docs.docker.com/engine/reference/commandline/exec (docker-exec(1): value options -e/--env,
--env-file, -u/--user, -w/--workdir, --detach-keys; switches -d, -i, -t, --privileged),
docs.docker.com/compose/reference/exec (value options -e/--env, --index, -u/--user, -w/--workdir;
switches -d, -T/--no-TTY, -i, -t, --privileged), docs.docker.com/compose/reference (compose's own options
-f/--file, -p/--project-name, --env-file, --profile, --project-directory, --ansi, --parallel, --progress),
kubernetes.io/docs/reference/kubectl/generated/kubectl_exec (the command follows `--`).
"""

from __future__ import annotations

from typing import Sequence

from sparklint.load.shell import Token

_DOCKER_GLOBAL_VALUES = frozenset({"-H", "--host", "--context", "-c", "--config", "-l", "--log-level"})
_EXEC_VALUES = frozenset({"-e", "--env", "--env-file", "-u", "--user", "-w", "--workdir", "--detach-keys",
                          "--index"})
_COMPOSE_VALUES = frozenset({"-f", "--file", "-p", "--project-name", "--env-file", "--profile",
                             "--project-directory", "--ansi", "--parallel", "--progress"})


def exec_program(words: Sequence[Token], start: int) -> int:
    """Index of the program a `docker exec` / `docker compose exec` / `kubectl exec` at `words[start]` runs in
    the container, or -1 when `words[start]` is not such a command (or runs nothing we can tell)."""
    program = words[start].value.rsplit("/", 1)[-1]
    if program == "kubectl":
        return _after_double_dash(words, start)
    if program not in ("docker", "docker-compose", "podman"):
        return -1
    index = start + 1
    compose = program == "docker-compose"
    while index < len(words):  # docker's and compose's own options, up to the subcommand
        value = words[index].value
        if value in ("compose", "container") and not compose:
            compose = value == "compose"
            index += 1
        elif value in _DOCKER_GLOBAL_VALUES or value in _COMPOSE_VALUES:
            index += 2
        elif value.startswith("-"):
            index += 1
        else:
            break
    if index >= len(words) or words[index].value != "exec":
        return -1
    index += 1
    while index < len(words) and words[index].value.startswith("-") and words[index].value != "-":
        value = words[index].value
        index += 2 if value in _EXEC_VALUES else 1  # --user=x, -it, -T: one word
    index += 1  # the container or service
    return index if index < len(words) and not words[index].templated else -1


def _after_double_dash(words: Sequence[Token], start: int) -> int:
    values = [word.value for word in words[start + 1:]]
    if "exec" not in values or "--" not in values or values.index("--") < values.index("exec"):
        return -1
    index = start + 1 + values.index("--") + 1
    return index if index < len(words) and not words[index].templated else -1
