/**
 * Audio: decoding to torchaudio's sample values, band-limited resampling matching
 * {@code torchaudio.functional.resample}, and waveform normalisation. The encoder itself is not built yet.
 *
 * @see io.embedkit.audio.AudioDecoder
 * @see io.embedkit.audio.Resampler
 */
package io.embedkit.audio;
