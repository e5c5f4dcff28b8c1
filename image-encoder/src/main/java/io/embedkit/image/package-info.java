/**
 * Image embeddings: decoding to PIL's pixels, PIL-exact resizing, torchvision and Hugging Face preprocessing,
 * ResNet-style and CLIP models on DJL.
 *
 * @see io.embedkit.image.ImageEncoder
 * @see io.embedkit.image.ClipModel
 * @see io.embedkit.image.ImagePreprocessing
 */
package io.embedkit.image;
