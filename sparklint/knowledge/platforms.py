"""Platform profiles: the settings a platform applies when the job does not set them.

Each default is a `Setting` in the platform-default layer with a citation, so messages can say
"initialExecutors=3 (EMR Serverless default, jobs-spark.html)".
"""

from __future__ import annotations

from sparklint.knowledge import dataproc, emr_serverless
from sparklint.model import PLATFORM_DEFAULT, Setting

# EMR on EC2 turns dynamic allocation on from emr-4.4.0 and configures the external shuffle service
# (awsdocs amazon-emr-release-guide `emr-spark-configure.md`; shared/reference/platforms.md §2).
_EMR_ON_EC2_DEFAULTS = {
    "spark.dynamicAllocation.enabled": "true",
    "spark.shuffle.service.enabled": "true",
}
_EMR_DOC = "EMR default, emr-spark-configure"

_PROFILES: dict[str, tuple[dict[str, str], str]] = {
    "emr-serverless": (emr_serverless.JOB_DEFAULTS, emr_serverless.DEFAULTS_DOC),
    "emr": (_EMR_ON_EC2_DEFAULTS, _EMR_DOC),
    "dataproc-serverless": (dataproc.SERVERLESS_DEFAULTS, dataproc.SERVERLESS_DEFAULTS_DOC),
}


def default_settings(platform: str) -> list[Setting]:
    """The platform's defaults as settings of the platform-default layer (empty for plain Spark)."""
    defaults, citation = _PROFILES.get(platform, ({}, ""))
    return [Setting(key, value, PLATFORM_DEFAULT, citation=citation) for key, value in defaults.items()]
