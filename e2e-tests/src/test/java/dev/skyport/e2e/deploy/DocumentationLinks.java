package dev.skyport.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the files a document, a POM, a script or a code comment points at that are not in the checkout: markdown
 * links, any mention of a {@code .md} file, and repository paths that open an inline code span or a line of a
 * fenced code block (the commands a reader copies).
 */
final class DocumentationLinks {

    /** Build output, tool state and fetched packages: nothing there is a file of the repository. */
    private static final Set<String> NOT_THE_REPOSITORY = Set.of("target", "node_modules", ".git", ".data", ".idea",
            ".vscode");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    // Not preceded by a character of a URL or path, so the tail of https://host/x/README.md is not a mention.
    private static final Pattern MARKDOWN_FILE = Pattern.compile("(?<![\\w./:-])([\\w./-]*\\w\\.md)\\b");
    private static final Pattern INLINE_CODE = Pattern.compile("(?<!`)`([^`\\n]+)`(?!`)");
    private static final Pattern REPOSITORY_PATH = Pattern.compile("(?:\\./)?([\\w.-]+)(/[\\w.-]+)+/?");

    private final Path root;
    private final Set<String> topLevelDirectories;
    private final Set<String> fileNames;

    DocumentationLinks(Path root) {
        this.root = root;
        try (Stream<Path> top = Files.list(root); Stream<Path> files = files(root)) {
            this.topLevelDirectories = top.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !NOT_THE_REPOSITORY.contains(name)).collect(Collectors.toSet());
            this.fileNames = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The documents, POMs, scripts and Java sources of the checkout, but the checker's own test, whose samples name
     * missing files on purpose.
     */
    Stream<Path> sources() {
        return files(root).filter(p -> {
            String name = p.getFileName().toString();
            return name.endsWith(".md") || name.equals("pom.xml") || name.endsWith(".java") || name.endsWith(".sh");
        }).filter(p -> !p.getFileName().toString().equals("DocumentationLinksTest.java"));
    }

    /** Each reference in the file's text to a file that does not exist, as "file:line: reference". */
    List<String> missing(Path file, String text) {
        Path dir = file.getParent();
        String where = root.relativize(file).toString();
        List<String> missing = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        boolean markdown = where.endsWith(".md");
        boolean fenced = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Set<String> references = new LinkedHashSet<>();
            if (markdown && line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (markdown && fenced) {
                commandPath(line).ifPresent(references::add);
            } else if (markdown) {
                links(line).forEach(references::add);
                Matcher code = INLINE_CODE.matcher(line);
                while (code.find()) {
                    commandPath(code.group(1)).ifPresent(references::add);
                }
            }
            Matcher mention = MARKDOWN_FILE.matcher(line);
            while (mention.find()) {
                references.add(mention.group(1));
            }
            for (String reference : references) {
                if (!exists(dir, reference)) {
                    missing.add(where + ":" + (i + 1) + ": " + reference);
                }
            }
        }
        return missing;
    }

    private static Stream<String> links(String line) {
        return MARKDOWN_LINK.matcher(line).results().map(m -> m.group(1))
                .filter(target -> !target.contains("://") && !target.startsWith("mailto:") && !target.startsWith("#"))
                .map(target -> target.replaceFirst("#.*$", ""));
    }

    /** The repository path a command or code span starts with (after any VAR=value), if it names one. */
    private Optional<String> commandPath(String code) {
        for (String word : code.strip().split("\\s+")) {
            if (word.contains("=") && !word.contains("/")) {
                continue;
            }
            Matcher path = REPOSITORY_PATH.matcher(word);
            if (path.matches() && topLevelDirectories.contains(path.group(1))
                    && Stream.of(word.split("/")).noneMatch(NOT_THE_REPOSITORY::contains)) {
                return Optional.of(word);
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    private boolean exists(Path dir, String reference) {
        if (Files.exists(dir.resolve(reference)) || Files.exists(root.resolve(reference))) {
            return true;
        }
        // A bare file name ("README.md" in a sentence) names a file somewhere in the repository.
        return !reference.contains("/") && fileNames.contains(reference);
    }

    private static Stream<Path> files(Path root) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return NOT_THE_REPOSITORY.contains(dir.getFileName().toString()) && !dir.equals(root)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    files.add(file);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files.stream();
    }
}
