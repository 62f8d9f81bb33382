package dev.skyport.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** No document, POM, script or code comment points at a file that is not in the repository. */
class DocumentationLinksTest {

    @Test
    void everyLinkedOrMentionedFileIsInTheRepository() {
        DocumentationLinks links = new DocumentationLinks(Repository.ROOT);

        List<String> missing = links.sources().flatMap(file -> links.missing(file, read(file)).stream()).toList();

        assertThat(missing).as("references to files that are not in the repository").isEmpty();
    }

    @Test
    void findsLinksMentionsAndCommandsNamingMissingFiles(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.createDirectories(root.resolve("tools"));
        Files.writeString(root.resolve("docs/present.md"), "");
        Files.writeString(root.resolve("tools/run.sh"), "");
        Path page = root.resolve("docs/page.md");
        String text = """
                See [present](present.md#part), [gone](gone.md), ![chart](images/gone.png) and https://example.com/x/GONE.md.
                The contract (LOST.md) and `docs/missing.md` are not here; `tools/run.sh --fast` is, `tools/gone.sh` is not.
                ```bash
                FAST=1 tools/run.sh
                tools/also-gone.sh --quick
                ```
                """;

        List<String> missing = new DocumentationLinks(root).missing(page, text);

        assertThat(missing).containsExactly("docs/page.md:1: gone.md", "docs/page.md:1: images/gone.png",
                "docs/page.md:2: docs/missing.md", "docs/page.md:2: tools/gone.sh", "docs/page.md:2: LOST.md",
                "docs/page.md:5: tools/also-gone.sh");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
