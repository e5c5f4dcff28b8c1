package io.embedkit.examples.cli;

/** The kinds of item the command line embeds. */
enum Modality {
  text,
  image,
  audio;

  /** Fails unless this modality's encoder module is built. */
  void requireAvailable(String command) {
    if (this == audio) {
      throw new NotAvailableException(command + " " + name(), "the " + name() + " encoder (embedkit-" + name()
          + "-encoder) is not built yet");
    }
  }
}
