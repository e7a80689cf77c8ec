package dev.multidocker.deploy.sim;

/** Fake static credentials for the simulator, given to the SDK's default chain as its system properties. */
public final class SimulatedAccount {
    private SimulatedAccount() {
    }

    public static void useFakeCredentials() {
        System.setProperty("aws.accessKeyId", "AKIASIMULATOR0000000");
        System.setProperty("aws.secretAccessKey", "simulator-secret-not-a-real-key");
    }
}
