package dev.multidocker.deploy;

/** The exit codes deploy/README.md documents, which CI scripts branch on. */
public final class ExitCode {
    public static final int DEPLOYED = 0;
    public static final int FAILED = 1;
    public static final int INVALID_INPUT = 2;
    public static final int TIMED_OUT = 3;

    private ExitCode() {
    }
}
