package dev.multidocker.service.tls;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;

import javax.net.ssl.SSLException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Names, in words a user can act on, why a TLS connection to a store failed. The JDK's own messages ("PKIX path
 * building failed: ...") sit deep in a chain of wrappers that drivers add.
 */
public final class TlsFailure {

    private TlsFailure() {
    }

    /** What went wrong with TLS anywhere in the chain of {@code error}, or empty if TLS was not the problem. */
    public static Optional<String> describe(Throwable error) {
        for (Throwable cause : chain(error)) {
            if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException) {
                return Optional.of("certificate not trusted (" + cause.getMessage() + ")");
            }
            if (cause instanceof CertificateException && cause.getMessage() != null
                    && cause.getMessage().startsWith("No subject alternative")) {
                return Optional.of("certificate does not name this host (" + cause.getMessage() + ")");
            }
            if (cause instanceof NotSslRecordException) {
                return Optional.of("server does not speak TLS (it answered in plaintext)");
            }
            // A plaintext Redis takes the TLS hello for the start of a command and waits for the rest.
            if (cause instanceof SslHandshakeTimeoutException) {
                return Optional.of("no TLS handshake (" + cause.getMessage() + "): the server does not seem to speak TLS");
            }
        }
        for (Throwable cause : chain(error)) {
            if (cause instanceof SSLException) {
                return Optional.of("TLS handshake failed (" + cause.getMessage() + ")");
            }
        }
        return Optional.empty();
    }

    /** The innermost message of the chain, where drivers put what the server or the OS said. */
    public static String rootMessage(Throwable error) {
        List<Throwable> chain = chain(error);
        Throwable root = chain.get(chain.size() - 1);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** {@code error} and its causes, outermost first. */
    public static List<Throwable> chain(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = error; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }
}
