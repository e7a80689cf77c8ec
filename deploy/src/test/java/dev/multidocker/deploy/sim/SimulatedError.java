package dev.multidocker.deploy.sim;

/** An AWS error answer: the simulator renders it in the calling protocol's error format. */
final class SimulatedError extends RuntimeException {
    private final int status;
    private final String code;

    SimulatedError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
