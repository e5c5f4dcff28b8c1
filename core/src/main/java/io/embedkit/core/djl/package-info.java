/**
 * Running models on DJL: engine choice from a model folder and a thread-safe predictor pool.
 *
 * @see io.embedkit.core.djl.PredictorPool
 * @see io.embedkit.core.djl.ModelEngine
 */
package io.embedkit.core.djl;
