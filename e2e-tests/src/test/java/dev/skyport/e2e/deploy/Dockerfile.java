package dev.skyport.e2e.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Dockerfile as instructions grouped into build stages (comments dropped, continuation lines joined). */
record Dockerfile(String path, List<Stage> stages) {

    record Instruction(String keyword, String arguments) {
    }

    record Stage(String from, List<Instruction> instructions) {
        List<String> arguments(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
        }
    }

    static Dockerfile read(String path) {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        StringBuilder logical = new StringBuilder();
        for (String line : Repository.read(path).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && logical.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            logical.append(trimmed);
            String text = logical.toString().strip();
            logical.setLength(0);
            if (text.isEmpty()) {
                continue;
            }
            String[] parts = text.split("\\s+", 2);
            Instruction instruction = new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
            if (instruction.keyword().equals("FROM")) {
                current = new ArrayList<>();
                stages.add(new Stage(instruction.arguments(), current));
            }
            if (current == null) {
                continue; // parser directives and ARGs before the first FROM
            }
            current.add(instruction);
        }
        return new Dockerfile(path, stages);
    }

    Stage finalStage() {
        return stages.getLast();
    }
}
