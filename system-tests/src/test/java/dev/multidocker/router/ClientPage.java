package dev.multidocker.router;

import dev.multidocker.fixtures.RepoLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** client/public/index.html and the assets it names. */
final class ClientPage {

    private static final Pattern ASSET_REFERENCE = Pattern.compile("(?:src|href)=\"(/assets/[^\"]+)\"");

    private ClientPage() {
    }

    static Path indexHtml() {
        return RepoLayout.clientPublic().resolve("index.html");
    }

    /** Root-relative asset paths in index.html, such as {@code /assets/app.1a2b3c4d.js}. */
    static List<String> assetReferences() throws IOException {
        return ASSET_REFERENCE.matcher(Files.readString(indexHtml())).results()
                .map(match -> match.group(1))
                .toList();
    }

    static Path file(String rootRelativePath) {
        return RepoLayout.clientPublic().resolve(rootRelativePath.substring(1));
    }
}
