package dev.multidocker.deploy.cli;

import java.time.Duration;

/** Durations as a person reads them in progress lines. */
public final class Durations {
    private Durations() {
    }

    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        long seconds = duration.toSeconds();
        return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + String.format("%02ds", seconds % 60);
    }
}
