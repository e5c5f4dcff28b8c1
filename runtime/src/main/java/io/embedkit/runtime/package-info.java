/**
 * Running embedding models on DJL: where models come from and what their folders hold, the engines, a
 * thread-safe predictor pool, and the one encode pipeline the text, image and audio encoders configure.
 *
 * @see io.embedkit.runtime.ModelSource
 * @see io.embedkit.runtime.ModelEngine
 * @see io.embedkit.runtime.PredictorPool
 */
package io.embedkit.runtime;
