package dev.multidocker.deploy.cli;

import java.time.Duration;
import java.time.Instant;

/** One overall time limit for a command, so a hung rollout can never keep CI waiting for hours. */
public final class Deadline {
    private final Instant end;
    private final Duration total;

    private Deadline(Instant end, Duration total) {
        this.end = end;
        this.total = total;
    }

    public static Deadline after(Duration total) {
        return new Deadline(Instant.now().plus(total), total);
    }

    public boolean passed() {
        return !Instant.now().isBefore(end);
    }

    public Duration remaining() {
        Duration left = Duration.between(Instant.now(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The earlier of this deadline and one {@code limit} from now. */
    public Deadline within(Duration limit) {
        return limit.compareTo(remaining()) < 0 ? after(limit) : this;
    }

    public Duration total() {
        return total;
    }

    /** Waits one poll interval, or less when the deadline comes first; stops with exit code 3 once it passed. */
    public void pause(Duration interval, String waitingFor) {
        if (passed()) {
            throw Stop.timedOut("timed out after " + Durations.format(total) + " waiting for " + waitingFor);
        }
        Duration wait = interval.compareTo(remaining()) < 0 ? interval : remaining();
        try {
            Thread.sleep(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Stop.failed("interrupted while waiting for " + waitingFor);
        }
    }
}
