package dev.multidocker.deploy.cli;

import dev.multidocker.deploy.ExitCode;

/** Ends a command early with one of the documented exit codes ({@link dev.multidocker.deploy.ExitCode}) and the reason a user reads. */
public final class Stop extends RuntimeException {
    private final int exitCode;

    private Stop(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public static Stop failed(String message) {
        return new Stop(ExitCode.FAILED, message);
    }

    public static Stop invalidInput(String message) {
        return new Stop(ExitCode.INVALID_INPUT, message);
    }

    public static Stop timedOut(String message) {
        return new Stop(ExitCode.TIMED_OUT, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
