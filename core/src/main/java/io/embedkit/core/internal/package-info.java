/** Helpers shared by embedkit modules; not part of the public API and may change at any time. */
package io.embedkit.core.internal;
