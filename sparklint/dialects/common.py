"""Shared pieces of the dialects: scalar formatting, key lookup, adding maps and spark-submit strings."""

from __future__ import annotations

import functools
from bisect import bisect_right
from typing import Iterator, Optional, TypeVar, Union

from sparklint.model import JobConfig, Layer, Setting
from sparklint.tree import Document, Pairs, Ref, Value

T = TypeVar("T")


# Dialects test a document's text for their words before reading it, and every document of a multi-document
# YAML file holds the whole file's text: a 3.6 MB manifest of 62 documents (kubeflow/manifests' kserve.yaml)
# was scanned 62 times by each dialect, 2.7 s of the file's 4 s. One text's answers are kept until the next
# text comes; each text has its own dict, so threads sharing this never mix two texts' answers.
_MENTIONS: tuple[str, dict[Union[tuple[str, ...], frozenset[str]], bool]] = ("", {})


def mentions_any(text: str, words: Union[tuple[str, ...], frozenset[str]]) -> bool:
    """Does `text` hold one of `words`? Asked again for the same text object, the answer is remembered."""
    global _MENTIONS
    seen, answers = _MENTIONS
    if seen is not text:
        answers = {}
        _MENTIONS = (text, answers)
    found = answers.get(words)
    if found is None:
        found = answers[words] = any(word in text for word in words)
    return found


def spark_string(value: Value) -> Optional[str]:
    """A scalar as Spark receives it (JSON `true` -> "true", `4` -> "4"); None for maps and lists."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if value is None:
        return ""
    return None


def lookup(pairs: Value, *names: str) -> tuple[int, Value]:
    """(index, value) of the last entry named one of `names`, also in its capitalised or lower-case
    spelling; (-1, None) if absent.

    APIs spell the same field `classification` / `Classification` (EMR Serverless vs EMR on EC2) or
    `JobDriver` (Step Functions); all spellings are accepted.
    """
    if not isinstance(pairs, Pairs):
        return -1, None
    found = -1
    positions = pairs.positions
    for spelling in _spellings(names):
        index = positions.get(spelling, -1)
        if index > found:
            found = index
    return (found, pairs.values[found]) if found >= 0 else (-1, None)


@functools.lru_cache(maxsize=None)
def _spellings(names: tuple[str, ...]) -> tuple[str, ...]:
    """Each name as written, capitalised and lower-case, without repeats (lookup's hot loop)."""
    return tuple(dict.fromkeys(spelling for name in names
                               for spelling in (name, name[:1].upper() + name[1:], name.lower())))


def add_map(config: JobConfig, document: Document, pairs: Pairs, layer: Layer, field: str) -> None:
    """Every scalar entry of a `key: value` map of Spark properties, each pointing at its own value."""
    # The hot loop of recognition (a lint run adds every setting of every file): kept tight.
    settings, dropped, path = config.settings, config.dropped, config.path
    for index, key in enumerate(pairs.keys):
        value = pairs.values[index]
        text = value if type(value) is str else spark_string(value)
        if text is None:
            continue
        setting = Setting(key, text, layer, Ref(document, pairs, index), field, "", path)
        (settings if key.startswith("spark.") else dropped).append(setting)


def add_typed(config: JobConfig, document: Document, pairs: Pairs, fields: dict[str, str], layer: Layer,
              prefix: str) -> None:
    """Typed native fields (`numExecutors`, `spec.executor.instances`) mapped to their Spark keys.

    A field written with no value (`cores:` in YAML, `null` in JSON) is not set: the API decodes it as
    absent (the operator's `Cores *int32` stays nil, `api/v1beta2/sparkapplication_types.go`; Livy's
    `Option` fields become None), so it sends no setting for it, unlike a field set to an empty string."""
    for index, key, value in pairs.entries():
        if value is None:
            continue
        spark_key = fields.get(key)
        text = spark_string(value)
        if spark_key is not None and text is not None:
            config.add(Setting(spark_key, text, layer, Ref(document, pairs, index),
                               field=f"{prefix}{key}", raw_key=key))


def add_submit_string(config: JobConfig, document: Document, container: Pairs | list, index: int,
                      text: str, flag_layer: Layer, conf_layer: Layer, field: str) -> None:
    """Settings from one spark-submit argument string (`--conf k=v --executor-memory 4g ...`).

    Dedicated flags beat `--conf` of the same key (spark-submit applies `--conf` with setIfMissing
    after the flags: SparkSubmitArguments / SparkSubmit.prepareSubmitEnvironment; spark.md §6).
    """
    from sparklint.knowledge.spark_submit import split_words

    # The words are passed, not kept here: add_submit_words lets go of them once they are parsed.
    add_submit_words(config, document, container, index, split_words(text), flag_layer, conf_layer, field)


def _drained(items: list[T]) -> Iterator[T]:
    """The items of `items` in order, each let go of as the next is read (the list ends empty)."""
    items.reverse()
    while items:
        yield items.pop()


def add_submit_words(config: JobConfig, document: Document, container: Pairs | list, index: int | None,
                     words: list, flag_layer: Layer, conf_layer: Layer, field: str) -> None:
    """Settings from spark-submit words: split from the string at `container[index]`, or (index None)
    the items of the list `container` itself (an EMR step's `Args`), each item one word."""
    from sparklint.knowledge.spark_submit import parse_submit_args

    parsed = parse_submit_args(words)
    del words  # a string of 200,000 `--conf k=v` is 400,000 words: gone before the settings are made
    if index is None:
        # parse_submit_args reports offsets into " ".join(items): find the item an offset falls in.
        starts, offset = [], 0
        for item in container:
            starts.append(offset)
            offset += len(str(item)) + 1

        def ref_for(start: int, end: int) -> Ref:
            return Ref(document, container, max(0, bisect_right(starts, start) - 1))
    else:
        base = Ref(document, container, index)

        def ref_for(start: int, end: int) -> Ref:
            return base.inside(start, end)

    fields: dict[str, str] = {}  # one string per option ("--conf in sparkSubmitParameters"), not one a setting
    for item in _drained(parsed.settings):
        layer = flag_layer if item.from_flag else conf_layer
        config.add(Setting(item.key, item.value, layer, ref_for(item.start, item.end),
                           field=fields.get(item.option) or fields.setdefault(item.option, f"{item.option} in {field}"),
                           raw_key=item.option if item.from_flag else ""))
    for message, start, end in parsed.errors:
        config.problems.append((f"{field}: {message}", ref_for(start, end)))
