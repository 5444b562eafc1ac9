"""AWS Step Functions state machines (Amazon States Language) whose Task states run EMR: standalone
definitions (`*.asl.json`, JSON / YAML whose top level has `StartAt` and `States`) and Terraform
`aws_sfn_state_machine` `definition`s (a heredoc or JSON string, positions inside the .tf file, or
`jsonencode({...})`).

A Task's `Resource` names the service integration and its `Parameters` are that API's request body
(docs.aws.amazon.com/step-functions/latest/dg/connect-emr.html, connect-emr-serverless.html,
connect-emr-eks.html; shared/reference/platforms.md §2, §6 "Step Functions EMR Serverless integration"):
- `arn:aws:states:::elasticmapreduce:createCluster(.sync)`: a RunJobFlow body, read as the EMR dialect
  reads one (`Configurations` spark-defaults, `ReleaseLabel`, `Steps`);
- `...:elasticmapreduce:addStep(.sync)`: `Step` is one AddJobFlowSteps step; a spark-submit step runs
  with the spark-defaults of the machine's createCluster when it has exactly one (the step's
  `ClusterId.$` usually names that cluster's output; with several clusters which one is not known);
- `...:emr-serverless:startJobRun(.sync)` and `...:emr-containers:startJobRun(.sync)`: StartJobRun
  bodies (`JobDriver`, `ConfigurationOverrides`), read as the EMR Serverless / EMR on EKS dialect does.
States nest in `Parallel` branches and `Map` iterators (`Branches[].States`, `Iterator` / `ItemProcessor`).

A key ending in `.$` (`"ClusterId.$": "$.CreateClusterResult.ClusterId"`) takes its value from the
state's input at run time (JSONPath or an intrinsic function: step-functions/latest/dg/
input-output-inputpath-params.html): it is read under its name without `.$`, its value a template
(`${$.CreateClusterResult.ClusterId}`), never judged.
"""

from __future__ import annotations

from typing import Iterator, Optional

from sparklint.dialects.common import lookup, mentions_any
from sparklint.model import JobConfig
from sparklint.tree import Document, Pairs, Ref, Value

# The byte pre-filter: a state machine that names none of these integrations is not read further.
EMR_INTEGRATIONS = ("elasticmapreduce:", "emr-serverless:", "emr-containers:")
_STATES_PREFIX = "arn:aws:states:::"


def recognise(document: Document) -> Optional[list[JobConfig]]:
    """A standalone state machine definition (JSON / YAML)."""
    root = document.root
    if not (isinstance(root, Pairs) and "StartAt" in root.positions and "States" in root.positions):
        return None
    if not mentions_any(document.text, EMR_INTEGRATIONS):
        return None
    return definition(document, root, "") or None


def definition(document: Document, root: Value, prefix: str) -> list[JobConfig]:
    """The EMR jobs and clusters of one state machine definition (its root map)."""
    from sparklint.dialects import emr_configurations as emr

    if not isinstance(root, Pairs):
        return []
    clusters: list[tuple[Pairs, str]] = []
    added: list[emr.SparkStep] = []
    runs: list[tuple[Pairs, str, str]] = []
    for name, state, field in _tasks(document, root, f"{prefix}States"):
        _, resource = lookup(state, "Resource")
        if not isinstance(resource, str) or not resource.startswith(_STATES_PREFIX):
            continue
        service, _, action = resource[len(_STATES_PREFIX):].partition(":")
        action = action.removesuffix(".sync").removesuffix(".waitForTaskToken")
        _, parameters = lookup(state, "Parameters")
        if not isinstance(parameters, Pairs):
            continue
        parameters = _resolved(document, parameters)
        field = f"{field}.Parameters"
        if service == "elasticmapreduce" and action == "createCluster":
            clusters.append((parameters, field))
        elif service == "elasticmapreduce" and action == "addStep":
            step_index, step = lookup(parameters, "Step")
            if isinstance(step, Pairs):
                _, jar_step = lookup(step, "HadoopJarStep")
                _, args = lookup(jar_step, "Args")
                _, step_name = lookup(step, "Name")
                added.append(emr.SparkStep(step_name if isinstance(step_name, str) else name, args,
                                           Ref(document, parameters, step_index, on_key=True),
                                           f"{field}.Step.HadoopJarStep.Args"))
        elif service in ("emr-serverless", "emr-containers") and action == "startJobRun":
            runs.append((parameters, field, service))
    configs: list[JobConfig] = []
    added_refs = {id(step.ref) for step in added}
    alone = True  # the addStep steps, unless the machine's one cluster runs them
    for parameters, field in clusters:
        # A lone cluster's spark-defaults reach the steps added to it by addStep tasks.
        extra = added if len(clusters) == 1 else []
        for config in emr.job_flow(document, parameters, field, extra):
            on_cluster = id(config.ref) in added_refs
            alone = alone and not on_cluster
            configs.extend(_tagged([config], "addStep" if on_cluster else "createCluster"))
    if added and alone:
        configs.extend(_tagged(emr.cluster(document, None, f"{prefix}States", added)[1:], "addStep"))
    for parameters, field, service in runs:
        configs.extend(_start_job_run(document, parameters, service))
    return configs


def _start_job_run(document: Document, parameters: Pairs, service: str) -> list[JobConfig]:
    from sparklint.dialects import emr_serverless

    document.entry_spans(parameters)  # a JSON document's spans are filled on first use: before sharing them
    body = Document(document.path, document.syntax, parameters, document.text, index=document.index,
                    spans=document.spans, cell=document.cell)
    found = emr_serverless.recognise_job(body) or []
    return _tagged(found, f"{service}:startJobRun")


def _tagged(configs: list[JobConfig], action: str) -> list[JobConfig]:
    for config in configs:
        config.dialect = "step-functions-" + config.dialect
        config.platform_source = f"Step Functions {action}"
    return configs


def _tasks(document: Document, states_parent: Pairs, field: str, depth: int = 0) -> Iterator[tuple[str, Pairs, str]]:
    """(state name, state, field path) of every Task state, nested Parallel / Map states included."""
    if depth > 20:
        return
    _, states = lookup(states_parent, "States")
    if not isinstance(states, Pairs):
        return
    for name, state in zip(states.keys, states.values):
        if not isinstance(state, Pairs):
            continue
        path = f"{field}.{name}"
        _, kind = lookup(state, "Type")
        if kind == "Task":
            yield name, state, path
        elif kind == "Parallel":
            _, branches = lookup(state, "Branches")
            for position, branch in enumerate(branches if isinstance(branches, list) else ()):
                if isinstance(branch, Pairs):
                    yield from _tasks(document, branch, f"{path}.Branches[{position}].States", depth + 1)
        elif kind == "Map":
            for inner in ("ItemProcessor", "Iterator"):
                _, processor = lookup(state, inner)
                if isinstance(processor, Pairs):
                    yield from _tasks(document, processor, f"{path}.{inner}.States", depth + 1)


def _resolved(document: Document, value: Value, depth: int = 0) -> Value:
    """`value` with every `"key.$": "path"` entry read as `"key": "${path}"` (a copy of the maps that hold
    one, their spans kept); the same object when there is none."""
    if depth > 100:
        return value
    if isinstance(value, list):
        items = [_resolved(document, item, depth + 1) for item in value]
        if all(new is old for new, old in zip(items, value)):
            return value
        entries = document.entry_spans(value)
        if entries is not None:
            document.spans[id(items)] = entries
        return items
    if not isinstance(value, Pairs):
        return value
    keys, values, changed = [], [], False
    for key, item in zip(value.keys, value.values):
        new = _resolved(document, item, depth + 1)
        if isinstance(key, str) and key.endswith(".$") and len(key) > 2:
            key = key[:-2]
            new = "${" + (item if isinstance(item, str) else "") + "}"
            changed = True
        changed = changed or new is not item
        keys.append(key)
        values.append(new)
    if not changed:
        return value
    copy = Pairs.of(keys, values)
    entries = document.entry_spans(value)
    if entries is not None:
        document.spans[id(copy)] = entries
    return copy
