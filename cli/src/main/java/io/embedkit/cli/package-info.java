/**
 * The {@code embedkit} command-line tool.
 *
 * @see io.embedkit.cli.EmbedkitCli
 */
package io.embedkit.cli;
