"""SL103 heap-flag-in-java-options, SL108 network-timeout-not-above-heartbeat, SL601 plaintext-secret,
SL602 encryption-without-authentication: rule, line and column per syntax and dialect, quiet cases,
and secrets never printed by any rule in any output format."""

from __future__ import annotations

import json

import pytest

from sparklint.knowledge.secrets import is_plain_secret, is_placeholder, is_secret_key, mask, shown_value


def submit(parameters: str) -> str:
    return json.dumps({"jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py",
                                                     "sparkSubmitParameters": parameters}}})


def sparkapp(conf: str) -> str:
    return f"apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n  sparkConf:\n{conf}"


SPARKMAGIC = """{
  "kernel_python_credentials": {"username": "admin", "password": "%s", "url": "http://livy:8998"},
  "session_configs": {"driverMemory": "1000M", "executorCores": 2}
}
"""


@pytest.mark.parametrize("name, text, rule, expected", [
    # SL103
    ("spark-defaults.conf", "spark.driver.extraJavaOptions -Xmx2g -XX:+UseG1GC\n", "SL103", [(1, 31)]),
    ("spark-defaults.conf", "spark.driver.defaultJavaOptions -Xmx2g\n", "SL103", [(1, 33)]),
    ("spark-defaults.conf", "spark.executor.extraJavaOptions -Xmx2g -Dspark.foo=bar\n", "SL103", [(1, 33), (1, 33)]),
    ("job.json", submit("--driver-java-options -Xmx2g"), "SL103", [(1, 109)]),
    ("job.json", submit("--conf spark.executor.extraJavaOptions=-Dspark.x=1"), "SL103", [(1, 94)]),
    ("app.yaml", sparkapp('    "spark.executor.extraJavaOptions": "-Xmx4g"\n'), "SL103", [(5, 40)]),
    ("session.json", '{"conf": {"spark.executor.extraJavaOptions": "-Xmx4g"}, "numExecutors": 2}', "SL103", [(1, 46)]),
    ("spark-defaults.conf", "spark.executor.extraJavaOptions -XX:MaxHeapSize=2g -xmx2g -Dfoo.spark=1\n"
                            "spark.driver.extraJavaOptions -Dspark.foo=bar\n"
                            "spark.executor.defaultJavaOptions -Xmx2g\n", "SL103", []),
    # SL108
    ("spark-defaults.conf", "spark.network.timeout 10s\nspark.executor.heartbeatInterval 20s\n", "SL108",
     [(1, 23), (1, 23)]),
    ("spark-defaults.conf", "spark.network.timeout 120\nspark.executor.heartbeatInterval 120000\n", "SL108", [(1, 23)]),
    ("spark-defaults.conf", "spark.executor.heartbeatInterval 200s\n", "SL108", [(1, 34)]),
    ("spark-defaults.conf", "spark.network.timeout 30s\n", "SL108", [(1, 23)]),
    ("spark-defaults.conf", "spark.network.timeoutInterval 200s\n", "SL108", [(1, 31)]),
    ("job.json", submit("--conf spark.network.timeout=30s"), "SL108", [(1, 94)]),
    ("app.yaml", sparkapp('    "spark.network.timeout": "10s"\n'), "SL108", [(5, 30), (5, 30)]),
    ("session.json", '{"conf": {"spark.network.timeout": "10s"}, "numExecutors": 2}', "SL108", [(1, 36), (1, 36)]),
    ("spark-defaults.conf", "spark.network.timeout 30s\nspark.storage.blockManagerHeartbeatTimeoutMs 120s\n"
                            "spark.executor.heartbeatInterval 10s\n", "SL108", []),
    ("spark-defaults.conf", "spark.network.timeout 30s\nspark.network.timeoutInterval 30s\n", "SL108", []),
    ("spark-defaults.conf", "spark.network.timeout ${TIMEOUT}\nspark.executor.heartbeatInterval 1y\n", "SL108", []),
    ("spark-defaults.conf", "spark.network.timeout 600s\nspark.executor.heartbeatInterval 60s\n", "SL108", []),
    # SL601
    ("spark-defaults.conf", "spark.hadoop.fs.s3a.access.key AKIAEXAMPLE\nspark.hadoop.fs.s3a.secret.key s3cr3t\n",
     "SL601", [(1, 32), (2, 32)]),
    ("spark-defaults.conf", "fs.s3a.secret.key s3cr3t\n", "SL601", [(1, 19)]),
    ("spark-defaults.conf", "spark.driver.extraJavaOptions -Djavax.net.ssl.keyStorePassword=changeit\n", "SL601",
     [(1, 31)]),
    ("job.json", submit("--conf spark.ssl.keyStorePassword=hunter2"), "SL601", [(1, 94)]),
    ("app.yaml", sparkapp('    "spark.hadoop.fs.s3a.secret.key": "password"\n'), "SL601", [(5, 39)]),
    ("session.json", '{"conf": {"spark.authenticate.secret": "abc"}, "numExecutors": 2}', "SL601", [(1, 40)]),
    ("config.json", SPARKMAGIC % "hunter2", "SL601", [(2, 66)]),
    ("config.json", SPARKMAGIC % "", "SL601", []),
    ("config.json", SPARKMAGIC % "PUT_YOUR_PASSWORD", "SL601", []),
    ("spark-defaults.conf", "spark.authenticate.secret.file /etc/secret\n"
                            "spark.authenticate.secret.driver.file /etc/secret\n"
                            "spark.kubernetes.authenticate.driver.oauthTokenFile /var/token\n"
                            "spark.kubernetes.driver.secrets.spark-secret /etc/secrets\n"
                            "spark.kubernetes.executor.secretKeyRef.PASSWORD db:password\n"
                            "spark.redaction.regex (?i)secret|password\n"
                            "spark.hadoop.fs.s3a.aws.credentials.provider "
                            "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider\n"
                            "spark.yarn.token.renewal.interval 1h\n"
                            "spark.security.credentials.hive.enabled false\n"
                            "spark.authenticate.secretBitLength 256\n"
                            "spark.sql.catalog.lake.token\n"
                            "spark.hadoop.fs.s3a.secret.key ${AWS_SECRET_ACCESS_KEY}\n"
                            "spark.hadoop.fs.s3a.access.key {{secrets/aws/access}}\n"
                            "spark.ssl.keyStorePassword {{ keystore_password }}\n"
                            "spark.ssl.trustStorePassword <password>\n"
                            "spark.executor.extraJavaOptions -Dtrust.password=${PW} "
                            "-Djavax.net.ssl.trustStore=/x.jks\n",
     "SL601", []),
    # SL601 judges the value: class-name lists (a real EKS SparkApplication), paths, ARNs, references
    ("app.yaml", sparkapp('    "spark.hadoop.fs.s3a.aws.credentials.provider.mapping": "com.amazonaws.auth.'
                          'WebIdentityTokenCredentialsProvider=software.amazon.awssdk.auth.credentials.'
                          'ContainerCredentialsProvider"\n'), "SL601", []),
    ("spark-defaults.conf", "spark.hadoop.fs.s3a.aws.credentials.provider.mapping a.b.Old=c.d.New, e.f.Old=g.New\n"
                            "spark.hadoop.fs.s3a.session.token.provider.list org.a.One,org.b.Two\n"
                            "spark.ssl.keyStorePassword.location /etc/spark/keystore.pw\n"
                            "spark.hadoop.hadoop.security.credential.provider.path "
                            "jceks://hdfs@nn1.example.com:9001/user/backup/s3.jceks\n"
                            "spark.hadoop.fs.s3a.secret.key arn:aws:secretsmanager:us-east-1:123456789012:secret:s3\n"
                            "spark.hadoop.fs.s3a.access.key $(cat /run/secrets/aws)\n"
                            "spark.sql.catalog.glue.token ./token\n"
                            "spark.authenticate.secret 1234\n"
                            "spark.hadoop.fs.s3a.secret.key file:///etc/aws/secret\n", "SL601", []),
    ("spark-defaults.conf", "spark.hadoop.fs.s3a.access.key minioadmin\n"
                            "spark.hadoop.fs.s3a.secret.key minio123\n"
                            "spark.hadoop.fs.s3a.access.key AKIA2E0A8F3B244C9986\n"
                            "spark.hadoop.fs.s3a.secret.key q8Zt1vR4mN0pXc7LkW2sYh5Jd9Fg3Ba6Ue+TnQoM\n"
                            "spark.ssl.keyPassword password\n"
                            "spark.hadoop.fs.s3a.secret.key s3a://AKIAX:s3cr3t@bucket\n", "SL601",
     [(1, 32), (2, 32), (3, 32), (4, 32), (5, 23), (6, 32)]),
    # a UI filter's legacy .params list (JettyUtils.addFilters): secret-like names with literal values
    ("spark-defaults.conf", "spark.ui.filters com.example.BasicAuthFilter\n"
                            "spark.com.example.BasicAuthFilter.params username=admin,password=s3cr3t\n"
                            "spark.com.example.OtherFilter.params realm=ui,password=${UI_PASSWORD}\n"
                            "spark.com.example.ThirdFilter.params type=basic\n", "SL601", [(2, 42)]),
    # SL602
    ("spark-defaults.conf", "spark.network.crypto.enabled true\n", "SL602", [(1, 30)]),
    ("spark-defaults.conf", "spark.authenticate false\nspark.authenticate.enableSaslEncryption TRUE\n", "SL602",
     [(2, 41)]),
    # an EMR Serverless job: spark.authenticate is true by default there
    ("job.json", submit("--conf spark.network.crypto.enabled=true"), "SL602", []),
    ("job.json", submit("--conf spark.network.crypto.enabled=true --conf spark.authenticate=false"), "SL602",
     [(1, 94)]),
    ("app.yaml", sparkapp('    "spark.network.crypto.enabled": "true"\n'), "SL602", [(5, 37)]),
    ("session.json", '{"conf": {"spark.network.crypto.enabled": "true"}, "numExecutors": 2}', "SL602", [(1, 43)]),
    ("spark-defaults.conf", "spark.authenticate true\nspark.network.crypto.enabled true\n"
                            "spark.io.encryption.enabled true\n", "SL602", []),
    ("spark-defaults.conf", "spark.io.encryption.enabled true\nspark.network.crypto.enabled false\n", "SL602", []),
])
def test_positions(lint, name, text, rule, expected):
    run = lint({name: text}, "--select", rule, paths=(name,))
    assert [(line, column) for found, line, column in run.rules() if found == rule] == expected


def test_executor_default_java_options_are_checked_from_spark_4(lint):
    conf = {"spark-defaults.conf": "spark.executor.defaultJavaOptions -Xmx2g\n"}
    assert lint(conf, "--select", "SL103").findings == []
    (finding,) = lint(conf, "--select", "SL103", "--spark-version", "4.0").findings
    assert "spark.executor.defaultJavaOptions contains -Xmx2g" in finding["message"]


def test_timeout_messages_name_both_checks(lint):
    run = lint({"spark-defaults.conf": "spark.network.timeout 10s\nspark.executor.heartbeatInterval 20s\n"},
               "--select", "SL108")
    first, second = (finding["message"] for finding in run.findings)
    assert ("spark.network.timeout=10000ms [spark-defaults.conf:1] must be greater than "
            "spark.executor.heartbeatInterval=20000ms [spark-defaults.conf:2]") in first
    assert "spark.network.timeoutInterval=60000ms [Spark's default] is above the executor timeout" in second


EMR_SERVERLESS = {".sparklint.toml": 'platform = "emr-serverless"\n'}


def test_emr_serverless_authenticates_by_default(lint):
    job = {"job.json": submit("--conf spark.network.crypto.enabled=true"), **EMR_SERVERLESS}
    assert lint(job, "--select", "SL602", paths=("job.json",)).findings == []
    job["job.json"] = submit("--conf spark.network.crypto.enabled=true --conf spark.authenticate=false")
    (finding,) = lint(job, "--select", "SL602", paths=("job.json",)).findings
    assert "but spark.authenticate=false [job.json:1 (" in finding["message"]


def test_secret_keys_and_placeholders():
    assert is_secret_key("spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net")
    assert is_secret_key("spark.executorEnv.AWS_SECRET_ACCESS_KEY")
    assert is_secret_key("spark.sql.catalog.rest.credential")
    assert not is_secret_key("spark.executorEnv.DB_PASSWORD_FILE")
    assert not is_placeholder("changeit") and not is_placeholder("changeme")
    assert is_placeholder("  ") and is_placeholder("$PASSWORD") and is_placeholder("REPLACE_ME")
    assert mask("s3cr3t") == "****"
    # A class that decodes a password is code, not a credential (a Huawei FusionInsight spark-defaults).
    assert not is_secret_key("spark.password.factory")
    assert not is_plain_secret("spark.authenticate.secret", "com.vendor.security.ClientDecode")
    assert is_plain_secret("spark.hadoop.fs.s3a.secret.key", "minio123")
    assert shown_value("spark.executor.extraJavaOptions", "-Da.password=s3cr3t -Xss4m") == "-Da.password=**** -Xss4m"


SECRET = "Zq9SecretValue42"
LEAKY = {
    # duplicated (SL002), overridden (SL007), unparsable under a secret-looking name (SL006), java options
    "spark-defaults.conf": f"spark.hadoop.fs.s3a.secret.key {SECRET}\nspark.hadoop.fs.s3a.secret.key {SECRET}x\n"
                           f"spark.executor.extraJavaOptions -Dspark.ssl.keyPassword={SECRET} -Xmx2g\n"
                           f"spark.executor.extraJavaOptions -Dspark.ssl.keyPassword={SECRET}y\n",
    "session.json": json.dumps({"numExecutors": 2, "conf": {"spark.ssl.keyStorePassword": SECRET,
                                                            "spark.executor.instances": "3"},
                                "driverMemory": "1g"}),
    "overridden.json": json.dumps({
        "jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py",
                                      "sparkSubmitParameters": f"--conf spark.ssl.keyStorePassword={SECRET}a"}},
        "configurationOverrides": {"applicationConfiguration": [
            {"classification": "spark-defaults", "properties": {"spark.ssl.keyStorePassword": f"{SECRET}b"}}]}}),
    "job.json": submit(f"--conf spark.authenticate.secret={SECRET} --conf spark.authenticate.secret={SECRET}z "
                       f"--conf spark.security.credentials.retryWait={SECRET}"),
    "config.json": SPARKMAGIC % SECRET,
    "ui/spark-defaults.conf": f"spark.com.example.AuthFilter.params user=admin,password={SECRET}\n"
                              f"spark.com.example.AuthFilter.params user=root,password={SECRET}q\n",
}


@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_secrets_are_never_printed(lint, output):
    run = lint(LEAKY, "--format", output)
    rules = {"SL002", "SL006", "SL007", "SL103", "SL601"}
    assert all(rule in run.out for rule in rules), run.out
    assert SECRET not in run.out and SECRET not in run.err
    assert "spark.ssl.keyStorePassword=**** has no effect" in run.out  # SL007 on a secret


def test_sample_credentials_are_not_reported_and_real_ones_are(lint):
    # The shape of operator examples (HPE Ezmeral's, Netcracker's): AWS's documented example keys, or values
    # that spell out the slot they stand in for, under a SparkApplication's sparkConf / hadoopConf.
    app = ("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: pi\nspec:\n"
           "  type: Scala\n  sparkConf:\n"
           "    spark.hadoop.fs.s3a.access.key: \"AKIAIOSFODNN7EXAMPLE\"\n"
           "    spark.hadoop.fs.s3a.secret.key: \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n"
           "  hadoopConf:\n    fs.s3a.access.key: accessKey1\n    fs.s3a.secret.key: miniosecretkey\n")
    run = lint({"app.yaml": app})
    assert run.code == 0 and run.findings == []
    real = app.replace("miniosecretkey", "Zq9k2LmNq8Wx")
    run = lint({"app.yaml": real})
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL601", 12, "error")]
    assert run.code == 1 and "Zq9k2LmNq8Wx" not in run.out
    # Masking stays conservative: a sample value is still never printed.
    assert shown_value("spark.hadoop.fs.s3a.secret.key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") == "****"


def test_a_dummy_word_is_not_a_credential_but_a_default_password_is(lint):
    # LocalStack's test/test, as the Apache Spark Kubernetes Operator's examples pass it to S3A.
    app = ("apiVersion: spark.apache.org/v1\nkind: SparkApplication\nmetadata:\n  name: pi\nspec:\n"
           "  sparkConf:\n"
           "    spark.hadoop.fs.s3a.access.key: \"test\"\n"
           "    spark.hadoop.fs.s3a.secret.key: \"Test\"\n"
           "  runtimeVersions:\n    sparkVersion: \"4.2.0\"\n")
    run = lint({"app.yaml": app})
    assert run.code == 0 and run.findings == []
    run = lint({"app.yaml": app.replace('"Test"', '"password"')})
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL601", 8, "error")]
    assert shown_value("spark.hadoop.fs.s3a.secret.key", "test") == "****"  # still masked


def test_the_jdk_default_trust_store_password_is_not_a_secret_but_a_key_store_one_is(lint):
    conf = ("spark.driver.extraJavaOptions -Djavax.net.ssl.trustStorePassword=changeit -Xss4m\n"
            "spark.ssl.trustStorePassword changeit\n")
    run = lint({"spark-defaults.conf": conf})
    assert run.code == 0 and run.findings == []
    run = lint({"spark-defaults.conf": conf.replace("trustStorePassword", "keyStorePassword")})
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL601", 1, "error"), ("SL601", 2, "error")]
    assert "changeit" not in run.out
    assert shown_value("spark.ssl.trustStorePassword", "changeit") == "****"  # still masked
