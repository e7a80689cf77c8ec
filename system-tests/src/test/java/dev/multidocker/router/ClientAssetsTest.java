package dev.multidocker.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multidocker.fixtures.RepoLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Browsers keep /assets/ for a year, so an asset whose content changed under an old name would reach
 * users stale: every asset name must carry the hash of its content (client/fingerprint.sh renames).
 */
class ClientAssetsTest {

    private static final Pattern FINGERPRINTED_NAME = Pattern.compile("[a-z-]+\\.([0-9a-f]{8})\\.(js|css)");
    private static final Pattern ABSOLUTE_URL = Pattern.compile("(https?:)?//[a-z0-9.-]+", Pattern.CASE_INSENSITIVE);

    @Test
    void everyAssetNameCarriesTheHashOfItsContent() throws Exception {
        List<Path> assets = assetFiles();
        assertThat(assets).isNotEmpty();
        for (Path asset : assets) {
            Matcher name = FINGERPRINTED_NAME.matcher(asset.getFileName().toString());
            assertThat(name.matches()).as("%s is named name.<8 hex digits>.js|css", asset.getFileName()).isTrue();
            assertThat(name.group(1)).as("hash in the name of %s; run client/fingerprint.sh", asset.getFileName())
                    .isEqualTo(sha256Prefix(asset));
        }
    }

    @Test
    void thePageNamesExactlyTheAssetsThatExist() throws Exception {
        List<Path> referenced = ClientPage.assetReferences().stream().map(ClientPage::file).toList();

        assertThat(referenced).containsExactlyInAnyOrderElementsOf(assetFiles());
    }

    @Test
    void thePageLoadsNothingFromOtherHosts() throws Exception {
        List<Path> files = Stream.concat(Stream.of(ClientPage.indexHtml()), assetFiles().stream()).toList();
        for (Path file : files) {
            assertThat(ABSOLUTE_URL.matcher(Files.readString(file)).results().map(MatchResult::group).toList())
                    .as("absolute URLs in %s (the page must call only relative /api/ URLs)", file.getFileName())
                    .isEmpty();
        }
    }

    private static List<Path> assetFiles() throws IOException {
        try (Stream<Path> files = Files.list(RepoLayout.clientPublic().resolve("assets"))) {
            return files.sorted().toList();
        }
    }

    private static String sha256Prefix(Path file) throws IOException, NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        return HexFormat.of().formatHex(digest).substring(0, 8);
    }
}
