package dev.multidocker.deploy.sim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the aws-chunked body the SDK sends to S3 over plain HTTP, where it signs the payload chunk by chunk:
 * {@code <hex size>;chunk-signature=<sig>\r\n<data>\r\n ... 0;chunk-signature=<sig>\r\n\r\n}.
 */
final class AwsChunked {
    private AwsChunked() {
    }

    static byte[] decode(byte[] body) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int position = 0;
        while (position < body.length) {
            int lineEnd = indexOfCrLf(body, position);
            String header = new String(body, position, lineEnd - position, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            data.write(body, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
        return data.toByteArray();
    }

    private static int indexOfCrLf(byte[] body, int from) {
        for (int i = from; i < body.length - 1; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("aws-chunked body without a chunk header line");
    }
}
