#!/bin/bash
# Nightly ETL on the shared YARN cluster.
spark-submit \
  --master yarn \
  --deploy-mode cluster \
  --executor-memory 24g \
  --executor-cores 4 \
  --conf spark.eventLog.enabled=true \
  --conf spark.dynamicAllocation.enabled=true \
  --conf spark.shuffle.service.enabled=true \
  --conf spark.sql.shuffle.partitions=400 \
  s3://acme-jobs/nightly_etl.py
