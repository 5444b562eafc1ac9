"""SL601's fix: a plaintext secret replaced by a reference resolved at run time where the job runs.

Which reference Spark or Hadoop expands, and for which keys and platforms, is
`sparklint.knowledge.secret_references` (each fact cited there). This module decides where the edit may be
offered: never when the key itself holds the credential (the edit's title would show it), in a
docker-compose service's `environment:` map the variable's own `${NAME}` (Compose fills it in from the
shell or the project's `.env` file when the service starts: "Interpolation",
https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/), and otherwise only
where the entry is written in the file's own syntax: a spark-defaults.conf inside a shell heredoc or a YAML
string is not, and the outer file may expand `${...}` itself. Every such fix is unsafe.
"""

from __future__ import annotations

from typing import Optional

from sparklint.fix.intent import Fix, set_value
from sparklint.knowledge.secret_references import reference_for
from sparklint.load import syntax_for
from sparklint.masking import key_secrets
from sparklint.model import Setting
from sparklint.patterns import lazy_pattern

_ENV_NAME = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_]*")


def reference_fix(setting: Setting, platform: str, compose_environment: bool) -> Optional[Fix]:
    """The unsafe fix replacing `setting`'s secret value with a run-time reference, or None where there is none."""
    if key_secrets(setting.key):
        return None  # a credential pasted into the key itself: the edit's title would show it
    if compose_environment:
        return set_value(setting, "${" + setting.key + "}", safe=False) if _ENV_NAME.fullmatch(setting.key) else None
    document = setting.ref.document if setting.ref is not None else None
    if document is None or document.syntax != syntax_for(document.path, document.text):
        return None
    reference = reference_for(setting.key, platform)
    return set_value(setting, reference, safe=False) if reference is not None else None
