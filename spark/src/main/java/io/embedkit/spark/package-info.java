/**
 * Batch embedding on Apache Spark with embedkit's own encoders: {@link io.embedkit.spark.SparkEmbedder} adds an
 * {@code array<float>} column to a {@code Dataset<Row>}, loading one encoder per executor JVM.
 */
package io.embedkit.spark;
