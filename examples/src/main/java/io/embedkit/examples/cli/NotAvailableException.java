package io.embedkit.examples.cli;

/** Thrown by a command whose module is not built yet; the CLI prints it as one line and exits with 3. */
final class NotAvailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NotAvailableException(String command, String why) {
    super("'" + command + "' is not available yet: " + why);
  }
}
