package io.embedkit.cli;

import io.embedkit.core.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr for long jobs, shown only when the command runs in a terminal (so logs, pipes and
 * tests stay quiet); {@code EMBEDKIT_PROGRESS=0} (or {@code -Dembedkit.progress=0}) switches it off,
 * {@code =1} on.
 */
final class ProgressBars implements Progress, AutoCloseable {
  private final ProgressBar bar;

  private ProgressBars(ProgressBar bar) {
    this.bar = bar;
  }

  /** Starts a bar for {@code total} units of a task, or a silent one. */
  static ProgressBars start(String task, long total, String unit) {
    if (!enabled() || total < 2) {
      return new ProgressBars(null);
    }
    ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed()
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    return new ProgressBars(bar);
  }

  static boolean enabled() {
    String forced = System.getProperty("embedkit.progress", System.getenv("EMBEDKIT_PROGRESS"));
    if (forced != null) {
      return forced.equals("1") || forced.equalsIgnoreCase("true");
    }
    return System.console() != null;
  }

  @Override
  public void update(long done, long total) {
    if (bar != null) {
      bar.maxHint(total);
      bar.stepTo(done);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
