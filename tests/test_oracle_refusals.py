"""SL006 on the refusals Spark makes where it uses a value (sparklint/knowledge/refusals.py): which line,
which severity, and the neighbouring keys that turn a refusal off. Each refusal and its twin were started
in real Spark (tests/oracle_cases.py OUTSIDE_CASES, recorded in tests/verdicts/)."""

from __future__ import annotations

import json

import pytest

from sparklint.cli import main


def _sl006(tmp_path, capsys, text: str, version: str = "3.5") -> list[tuple[int, str]]:
    target = tmp_path / "spark-defaults.conf"
    target.write_text(text, encoding="utf-8")
    main(["--format", "json", "--spark-version", version, str(target)])
    return [(f["line"], f["severity"]) for f in json.loads(capsys.readouterr().out) if f["rule"] == "SL006"]


@pytest.mark.parametrize("refused, accepted", [
    ("spark.io.compression.codec lz5", "spark.io.compression.codec ZSTD"),
    ("spark.serializer org.apache.spark.serializer.NoSuch", "spark.serializer org.apache.spark.serializer.KryoSerializer"),
    ("spark.sql.session.timeZone america/new_york", "spark.sql.session.timeZone America/New_York"),
    ("spark.executor.memoryOverhead -1", "spark.executor.memoryOverhead 0"),
    ("spark.io.compression.lz4.blockSize 63", "spark.io.compression.lz4.blockSize 64"),
    ("spark.kryoserializer.buffer 2048m", "spark.kryoserializer.buffer 2047m"),
    ("spark.rpc.message.maxSize 2048", "spark.rpc.message.maxSize 2047"),
    ("spark.broadcast.blockSize 0", "spark.broadcast.blockSize 1k"),
    ("spark.ui.port 1023", "spark.ui.port 0"),
])
def test_a_refused_value_is_an_error_on_its_line_and_its_twin_is_clean(tmp_path, capsys, refused, accepted):
    assert _sl006(tmp_path, capsys, f"spark.app.name x\n{refused}\n") == [(2, "error")]
    assert _sl006(tmp_path, capsys, f"spark.app.name x\n{accepted}\n") == []


def test_a_user_codec_class_is_not_judged(tmp_path, capsys):
    assert _sl006(tmp_path, capsys, "spark.io.compression.codec com.example.MyCodec\n") == []


def test_lz4_block_size_is_judged_only_while_lz4_is_the_codec(tmp_path, capsys):
    text = "spark.io.compression.lz4.blockSize 0\nspark.io.compression.codec zstd\n"
    assert _sl006(tmp_path, capsys, text) == []


def test_the_ui_port_is_judged_only_while_the_ui_is_on(tmp_path, capsys):
    assert _sl006(tmp_path, capsys, "spark.ui.enabled false\nspark.ui.port 80\n") == []
    assert _sl006(tmp_path, capsys, "spark.ui.enabled true\nspark.ui.port 65536\n") == [(2, "error")]


def test_rpc_size_below_the_broadcast_threshold_points_at_the_rpc_size(tmp_path, capsys):
    text = "spark.shuffle.mapOutput.minSizeForBroadcast 2m\nspark.rpc.message.maxSize 1\n"
    assert _sl006(tmp_path, capsys, text) == [(2, "error")]
    assert _sl006(tmp_path, capsys, "spark.shuffle.mapOutput.minSizeForBroadcast 2m\n") == []
    assert _sl006(tmp_path, capsys, "spark.shuffle.mapOutput.minSizeForBroadcast 129m\n") == [(1, "error")]


def test_an_iec_driver_memory_parses_on_43_but_the_launcher_cannot_use_it(tmp_path, capsys):
    assert _sl006(tmp_path, capsys, "spark.driver.memory 4gib\n", "4.3") == [(1, "error")]
    assert _sl006(tmp_path, capsys, "spark.driver.memory 4g\n", "4.3") == []
    cluster = "spark.submit.deployMode cluster\nspark.driver.memory 4gib\n"
    assert _sl006(tmp_path, capsys, cluster, "4.3") == []
