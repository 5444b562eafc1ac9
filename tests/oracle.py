"""The Spark oracle: start a real Spark with a conf and report whether it started, in Spark's words.

sparklint's rules that say "Spark refuses this" are proven here, against pyspark from PyPI and the
machine's Java, never against our own reading of Spark's source.

    result = start_spark({"spark.executor.memory": "400m"})
    assert not result.started and "INVALID_EXECUTOR_MEMORY" in result.error

Each SparkContext runs in a child process (``oracle_child.py``) with its own driver JVM, because
the driver heap and Java options are fixed when the JVM starts. ``start_spark_many`` batches cases
that share those launch settings into one JVM, starting and stopping a context per case; that is
what keeps CI to a few JVM launches. Every child runs in a temporary directory (logs, local dirs,
conf dir) that is removed afterwards, binds to 127.0.0.1 and is killed, with its JVMs, on timeout.

Which Spark: the pyspark importable here, or ``SPARKLINT_ORACLE_PYSPARK`` = a Python interpreter
that has pyspark installed, or a directory holding a ``pyspark`` package (``pip install --target``).
Tests call ``require_spark()``: it skips when Java or pyspark is missing, except that with
``CI=true`` a missing pyspark fails, so CI never passes by skipping a broken harness.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping, Sequence

# What CI installs (tools/install_pyspark.sh); named in the skip message so the fix is one copy-paste.
PYSPARK_PIN = "3.5.9"
# The other versions whose recorded verdicts CI re-runs live, each from its own pyspark, which
# tools/install_pyspark.sh installs (it reads this line); the other tables are checked without Spark.
# The choice and its cost: tests/test_oracle_verdicts.py.
LIVE_VERSIONS = ("4.3.0", "3.3.4")
PYSPARK_ENV = "SPARKLINT_ORACLE_PYSPARK"
CHILD_SCRIPT = Path(__file__).with_name("oracle_child.py")
DEFAULT_MASTER = "local[2]"
ERROR_LINES = 20

# Keys the launcher turns into the driver JVM's command line (SparkSubmitCommandBuilder
# .buildSparkSubmitCommand): they can only differ between JVMs, never between contexts in one JVM.
LAUNCH_KEYS = frozenset(
    {
        "spark.driver.memory",
        "spark.driver.extraJavaOptions",
        "spark.driver.defaultJavaOptions",
        "spark.driver.extraClassPath",
        "spark.driver.extraLibraryPath",
    }
)

# Set on every context unless the case sets the key itself: no UI server or progress bar, and only
# loopback, because the machine has no other network.
HARNESS_CONF: Mapping[str, str] = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
}

# Found on the classpath through SPARK_CONF_DIR, by the driver and by local-cluster executors alike.
# pyspark-shell counts as a REPL: Logging.initializeLogging lowers the console to WARN unless the
# logging class's logger has a level of its own, hence the org.apache.spark logger.
LOG4J2_PROPERTIES = """\
rootLogger.level = error
logger.spark.name = org.apache.spark
logger.spark.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
"""

# Inherited settings that would point the child at another Spark, gateway or configuration.
# SPARK_TESTING would also turn off the 300 MiB reserved memory (UnifiedMemoryManager.getMaxMemory).
_SCRUBBED_ENV = (
    "SPARK_HOME",
    "SPARK_CONF_DIR",
    "SPARK_ENV_LOADED",
    "SPARK_TESTING",
    "SPARK_LOCAL_DIRS",
    "SPARK_SUBMIT_OPTS",
    "PYSPARK_SUBMIT_ARGS",
    "PYSPARK_GATEWAY_PORT",
    "PYSPARK_GATEWAY_SECRET",
    "PYSPARK_DRIVER_PYTHON",
    "_PYSPARK_DRIVER_CONN_INFO_PATH",
)


class OracleError(RuntimeError):
    """The harness itself failed (crash, timeout, unreadable output): not an answer from Spark."""


@dataclass(frozen=True)
class OracleResult:
    """What Spark did with one conf.

    ``error`` is Spark's exception class and message (``org.apache.spark.SparkException: ...``),
    at most 20 lines. ``facts`` holds numbers Spark computed, when it started (see
    ``oracle_child.context_facts``): maxOnHeapStorageMemory, maxOffHeapStorageMemory,
    runtimeMaxMemory, dynamicAllocationInitialExecutors, dynamicAllocationEnabled,
    executorMemoryMiB, executorMemoryStatus, garbageCollectors, sparkVersion, ...
    """

    started: bool
    error: str | None
    facts: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class SparkCase:
    """One conf to try.

    ``start=False`` only builds a SparkConf and reports the conf-level facts
    (``dynamicAllocationInitialExecutors``, ``dynamicAllocationEnabled``); ``started`` is then False.
    ``executors=N`` waits (within the timeout) until N executors have registered, for
    ``local-cluster[...]`` masters whose executor JVMs start after the context; the count reached
    is the fact ``registeredExecutors``.
    ``submit_check=True`` first runs spark-submit's own argument check (``SparkSubmitArguments``)
    on the conf, as ``bin/spark-submit`` would on ``--conf`` pairs; a refusal there has the fact
    ``refusedBy: spark-submit``. ``workload=True`` runs a small shuffle job and a SQL query after
    the start, for keys Spark reads only then; a refusal there has ``refusedBy: workload``.
    """

    conf: Mapping[str, str]
    master: str | None = DEFAULT_MASTER
    driver_memory: str | None = None
    start: bool = True
    executors: int = 0
    submit_check: bool = False
    workload: bool = False
    workload_seconds: float = 0  # how long the workload may take before the case counts as hung (0: 60 s)

    def launch_conf(self) -> dict[str, str]:
        launch = {key: value for key, value in self.conf.items() if key in LAUNCH_KEYS}
        if self.driver_memory is not None:
            declared = launch.get("spark.driver.memory", self.driver_memory)
            if declared != self.driver_memory:
                raise ValueError(
                    f"driver_memory={self.driver_memory!r} contradicts spark.driver.memory={declared!r}"
                )
            launch["spark.driver.memory"] = self.driver_memory
        return launch


@dataclass(frozen=True)
class Pyspark:
    """A pyspark installation: the interpreter to run it, and where its Spark lives."""

    python: str
    home: Path
    version: str
    pythonpath: str | None = None  # a --target directory to put first on PYTHONPATH


# --- finding Spark and Java -------------------------------------------------------------------


def _version_from_package(package_dir: Path) -> str:
    text = (package_dir / "version.py").read_text(encoding="utf-8")
    match = re.search(r"__version__(?:\s*:\s*str)?\s*=\s*['\"]([^'\"]+)", text)
    if match is None:
        raise OracleError(f"no __version__ in {package_dir / 'version.py'}")
    return match.group(1)


@functools.lru_cache(maxsize=None)
def find_pyspark() -> Pyspark | None:
    """The pyspark the oracle runs, or None when there is none."""
    override = os.environ.get(PYSPARK_ENV)
    if override:
        return _pyspark_from_override(Path(override))
    spec = importlib.util.find_spec("pyspark")
    if spec is None or spec.origin is None:
        return None
    home = Path(spec.origin).parent
    return Pyspark(python=sys.executable, home=home, version=_version_from_package(home))


def _pyspark_from_override(path: Path) -> Pyspark | None:
    if path.is_dir():
        package = path / "pyspark"
        if not (package / "__init__.py").is_file():
            return None
        return Pyspark(sys.executable, package, _version_from_package(package), pythonpath=str(path))
    if not os.access(path, os.X_OK):
        return None
    probe = "import os, pyspark; print(pyspark.__version__); print(os.path.dirname(pyspark.__file__))"
    try:
        completed = subprocess.run(
            [str(path), "-c", probe], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if completed.returncode != 0:
        return None
    version, home = completed.stdout.split()[-2:]
    return Pyspark(python=str(path), home=Path(home), version=version)


# tools/install_pyspark.sh installs the other versions with recorded verdicts here, one
# `pip install --target` folder each, beside the oracle's own pyspark in the virtualenv.
OTHER_PYSPARKS = Path(__file__).resolve().parent.parent / ".venv" / "oracle-pyspark"


def other_pysparks() -> dict[str, Pyspark]:
    """version -> the pyspark installed under OTHER_PYSPARKS/<version> (see tools/install_pyspark.sh)."""
    found = {}
    for folder in sorted(OTHER_PYSPARKS.glob("*")):
        pyspark = _pyspark_from_override(folder) if folder.is_dir() else None
        if pyspark is not None:
            found[pyspark.version] = pyspark
    return found


def find_java() -> str | None:
    """The java the launcher will use: $JAVA_HOME/bin/java, else java on PATH (bin/spark-class)."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        return str(candidate) if os.access(candidate, os.X_OK) else None
    return shutil.which("java")


def unavailable_reason() -> str | None:
    """Why the oracle cannot run here, or None when it can."""
    if find_pyspark() is None:
        where = os.environ.get(PYSPARK_ENV)
        if where:
            return f"pyspark not installed: {PYSPARK_ENV}={where} holds no pyspark"
        return f"pyspark not installed: pip install pyspark=={PYSPARK_PIN}"
    if find_java() is None:
        return "Java not found: install a JDK 17 (apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
    return None


def require_spark() -> None:
    """Skip the calling test when the oracle cannot run; with CI=true a missing pyspark fails it."""
    import pytest

    reason = unavailable_reason()
    if reason is None:
        return
    if reason.startswith("pyspark") and os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: CI installs pyspark, so this is a broken setup)", pytrace=False)
    pytest.skip(reason)


# --- running ------------------------------------------------------------------------------------


def start_spark(
    conf: Mapping[str, str],
    master: str = DEFAULT_MASTER,
    driver_memory: str | None = None,
    timeout: float = 120,
) -> OracleResult:
    """Start a SparkContext with ``conf`` in a fresh driver JVM, report, and stop it."""
    return start_spark_many([SparkCase(conf, master, driver_memory)], timeout=timeout)[0]


def dynamic_allocation_initial_executors(conf: Mapping[str, str], timeout: float = 120) -> int:
    """Utils.getDynamicAllocationInitialExecutors(conf), computed by Spark without a SparkContext."""
    result = start_spark_many([SparkCase(conf, master=None, start=False)], timeout=timeout)[0]
    if result.error is not None:
        raise OracleError(f"Spark could not compute initial executors: {result.error}")
    return int(result.facts["dynamicAllocationInitialExecutors"])  # type: ignore[arg-type]


def start_spark_many(
    cases: Sequence[SparkCase], timeout: float = 120, parallel: int = 2, pyspark: Pyspark | None = None
) -> list[OracleResult]:
    """Run every case; cases with the same launch settings share one driver JVM, one after another.

    Up to ``parallel`` driver JVMs run at once. ``timeout`` is per case: a child process gets
    ``timeout`` seconds per case it runs. Results come back in the order of ``cases``.
    ``pyspark`` picks another installed Spark (``other_pysparks()``) than the oracle's own.
    """
    from concurrent.futures import ThreadPoolExecutor

    pyspark = pyspark or _available_pyspark()
    groups: dict[tuple[tuple[str, str], ...], list[int]] = {}
    for index, case in enumerate(cases):
        if case.start:
            groups.setdefault(tuple(sorted(case.launch_conf().items())), []).append(index)
    # A conf-only case needs a JVM but no particular heap: it rides along in the first one.
    shared = next(iter(groups), ())
    for index, case in enumerate(cases):
        if not case.start:
            groups.setdefault(shared, []).append(index)
    results: list[OracleResult | None] = [None] * len(cases)
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        futures = {
            pool.submit(_run_batch, pyspark, dict(launch), [cases[i] for i in indices], timeout): indices
            for launch, indices in groups.items()
        }
        for future, indices in futures.items():
            for index, result in zip(indices, future.result()):
                results[index] = result
    return [result for result in results if result is not None]


def spark_submit(
    conf: Mapping[str, str],
    args: Sequence[str] = (),
    master: str | None = DEFAULT_MASTER,
    timeout: float = 120,
) -> OracleResult:
    """Run pyspark's own ``bin/spark-submit`` on a tiny Python app that starts a SparkContext.

    For checks the launcher makes before any JVM runs Spark (``-Xmx`` in
    ``spark.driver.extraJavaOptions``). ``conf`` becomes ``--conf`` options, ``args`` go before
    the app (``["--driver-memory", "2g"]``); ``master=None`` passes no ``--master``.
    """
    pyspark = _available_pyspark()
    command = [str(pyspark.home / "bin" / "spark-submit")]
    if master is not None:
        command += ["--master", master]
    for key, value in {**HARNESS_CONF, **conf}.items():
        command += ["--conf", f"{key}={value}"]
    command += [*args, str(CHILD_SCRIPT), "submit"]
    with _workspace() as workspace:
        results_path = workspace / "results.jsonl"
        returncode, stderr = _run_child(pyspark, [*command, str(results_path)], workspace, timeout)
        lines = _read_results(results_path)
        if lines:
            return _result_from_line(lines[0], stderr)
        launcher_error = _launcher_error(stderr)
        if returncode != 0 and launcher_error is not None:
            return OracleResult(started=False, error=launcher_error)
        raise OracleError(f"spark-submit exited {returncode} without a result:\n{_tail(stderr)}")


def _available_pyspark() -> Pyspark:
    reason = unavailable_reason()
    if reason is not None:
        raise OracleError(reason)
    pyspark = find_pyspark()
    assert pyspark is not None
    return pyspark


def _run_batch(
    pyspark: Pyspark, launch_conf: dict[str, str], cases: list[SparkCase], timeout: float
) -> list[OracleResult]:
    request = {
        "launch_conf": launch_conf,
        "cases": [
            {
                "op": "context" if case.start else "conf",
                "conf": _case_conf(case),
                "master": case.master,
                "executors": case.executors,
                "submit_check": case.submit_check,
                "workload": case.workload,
                "workload_seconds": case.workload_seconds,
                "timeout": timeout,
            }
            for case in cases
        ],
    }
    with _workspace() as workspace:
        request_path = workspace / "request.json"
        results_path = workspace / "results.jsonl"
        request_path.write_text(json.dumps(request), encoding="utf-8")
        command = [pyspark.python, str(CHILD_SCRIPT), "batch", str(request_path), str(results_path)]
        returncode, stderr = _run_child(pyspark, command, workspace, timeout * len(cases))
        lines = _read_results(results_path)
        if len(lines) == len(cases):
            return [_result_from_line(line, stderr) for line in lines]
        last_facts = (lines[-1].get("facts") or {}) if lines else {}
        if last_facts.get("hung") or last_facts.get("exited"):  # type: ignore[union-attr]
            # The child ended after a case that hung Spark or made it exit: the rest run in a new JVM.
            done = [_result_from_line(line, stderr) for line in lines]
            if last_facts.get("exited"):
                exited = done[-1]
                done[-1] = OracleResult(False, _logged_error(stderr) or exited.error, exited.facts)
            return done + _run_batch(pyspark, launch_conf, cases[len(lines):], timeout) if len(lines) < len(cases) else done
        launcher_error = _launcher_error(stderr)
        if not lines and launcher_error is not None:
            # The launcher refused the launch settings (e.g. -Xmx in extraJavaOptions): no JVM, no case ran.
            return [OracleResult(started=False, error=launcher_error) for _ in cases]
        raise OracleError(
            f"oracle child exited {returncode} after {len(lines)} of {len(cases)} cases:\n{_tail(stderr)}"
        )


def _case_conf(case: SparkCase) -> dict[str, str]:
    if not case.start:
        return dict(case.conf)
    conf = {**HARNESS_CONF, **case.conf}
    if case.driver_memory is not None:
        conf["spark.driver.memory"] = case.driver_memory
    return conf


@contextlib.contextmanager
def _workspace() -> Iterator[Path]:
    """A temporary directory for the child's conf dir, local dirs, cwd and results; removed after."""
    path = Path(tempfile.mkdtemp(prefix="sparklint-oracle-"))
    try:
        (path / "conf").mkdir()
        (path / "conf" / "log4j2.properties").write_text(LOG4J2_PROPERTIES, encoding="utf-8")
        (path / "local").mkdir()
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _child_env(pyspark: Pyspark, workspace: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _SCRUBBED_ENV}
    env.update(
        SPARK_HOME=str(pyspark.home),
        SPARK_CONF_DIR=str(workspace / "conf"),
        SPARK_LOCAL_DIRS=str(workspace / "local"),
        SPARK_LOCAL_IP="127.0.0.1",
        PYSPARK_PYTHON=pyspark.python,
        TMPDIR=str(workspace),
        # The launcher puts SPARK_SUBMIT_OPTS on the driver JVM's command line: its temp dirs land here.
        SPARK_SUBMIT_OPTS=f"-Djava.io.tmpdir={workspace}",
    )
    if pyspark.pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [pyspark.pythonpath, env.get("PYTHONPATH")]))
    return env


def _run_child(pyspark: Pyspark, command: list[str], workspace: Path, timeout: float) -> tuple[int, str]:
    """Run ``command`` in its own process group; on timeout kill the group (the JVMs are in it)."""
    stderr_path = workspace / "stderr.txt"
    with open(stderr_path, "wb") as stderr_file:
        child = subprocess.Popen(
            command,
            cwd=workspace,
            env=_child_env(pyspark, workspace),
            stdin=subprocess.DEVNULL,
            stdout=stderr_file,
            stderr=stderr_file,
            start_new_session=True,
        )
        try:
            returncode = child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(child.pid)
            child.wait()
            raise OracleError(
                f"Spark did not answer within {timeout:.0f}s:\n{_tail(stderr_path.read_text(errors='replace'))}"
            ) from None
        # The gateway JVM exits on its own once its Python has (stdin closes) and runs its shutdown
        # hooks, which delete Spark's temp dirs; only one still there after a grace period is killed.
        _wait_for_group(child.pid, grace=10)
        _kill_group(child.pid)
    return returncode, stderr_path.read_text(errors="replace")


def _wait_for_group(process_group: int, grace: float) -> None:
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.killpg(process_group, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.1)


def _kill_group(process_group: int) -> None:
    try:
        os.killpg(process_group, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _read_results(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _result_from_line(line: Mapping[str, object], stderr: str) -> OracleResult:
    if line.get("harness_error"):
        raise OracleError(f"the oracle child failed:\n{line['harness_error']}\n{_tail(stderr)}")
    return OracleResult(
        started=bool(line["started"]),
        error=line["error"],  # type: ignore[arg-type]
        facts=dict(line["facts"]),  # type: ignore[arg-type]
    )


# The launcher (org.apache.spark.launcher.Main) prints `Error: <message>` and the usage text for
# an IllegalArgumentException when it launches an application, but the bare
# `Exception in thread "main" java.lang.IllegalArgumentException: ...` when it launches pyspark-shell.
_LAUNCHER_ERROR = re.compile(
    r'^(?:Exception in thread "main" )?((?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error): .*|Error: .*)$'
)


def _launcher_error(stderr: str) -> str | None:
    lines = stderr.splitlines()
    for start, line in enumerate(lines):
        match = _LAUNCHER_ERROR.match(line)
        if match is None or match.group(1).startswith(("pyspark.", "py4j.")):
            continue  # Python's own traceback of the failed launch, not the launcher's reason.
        message = [match.group(1)]
        for following in lines[start + 1 :]:
            # A stack trace, or the blank line before spark-submit's usage text, ends the message.
            if not following.strip() or following.lstrip().startswith("at ") or len(message) >= ERROR_LINES:
                break
            message.append(following)
        return "\n".join(message).rstrip()
    return None


# The harness's log4j layout: "HH:mm:ss LEVEL Logger: message", then the exception's own line.
_LOGGED_ERROR = re.compile(r"^\d\d:\d\d:\d\d ERROR \S+: (.*)$")


def _logged_error(stderr: str) -> str | None:
    """The last error Spark logged before it ended the JVM itself, with its exception's line."""
    lines = stderr.splitlines()
    for index in range(len(lines) - 1, -1, -1):
        match = _LOGGED_ERROR.match(lines[index])
        if match is not None:
            following = lines[index + 1] if index + 1 < len(lines) else ""
            return f"{match.group(1)}: {following.strip()}" if _LAUNCHER_ERROR.match(following) else match.group(1)
    return None


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])

