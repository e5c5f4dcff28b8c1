/**
 * The {@code embedkit} command-line tool.
 *
 * @see io.embedkit.examples.cli.EmbedkitCli
 */
package io.embedkit.examples.cli;
