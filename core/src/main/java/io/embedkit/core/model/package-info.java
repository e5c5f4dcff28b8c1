/**
 * Where models come from: embedded defaults, local folders and files, classpath resources and URLs.
 *
 * @see io.embedkit.core.model.ModelSource
 * @see io.embedkit.core.model.ResolvedModel
 */
package io.embedkit.core.model;
