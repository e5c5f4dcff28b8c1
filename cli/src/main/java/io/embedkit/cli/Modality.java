package io.embedkit.cli;

/** The kinds of item the command line embeds. */
enum Modality {
  text,
  image,
  audio
}
