package dev.skyport.e2e.deploy;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/** The tables of deploy/aws/dynamodb-tables.yaml: by unprefixed name, with their owner, indexes and stream. */
record AwsTables(Map<String, Table> tables) {

    static final String TEMPLATE = "deploy/aws/dynamodb-tables.yaml";

    /** A table as CloudFormation creates it; {@code definition} is its evaluated Properties. */
    record Table(String name, String owner, Set<String> indexes, boolean stream, JsonNode definition) {
    }

    static AwsTables read(String prefix) {
        CloudFormationTemplate template = new CloudFormationTemplate(TEMPLATE, Map.of("TablePrefix", prefix),
                "eu-west-1", "111122223333");
        Map<String, Table> tables = new TreeMap<>();
        template.resources("AWS::DynamoDB::Table").forEach((id, properties) -> {
            String owner = null;
            for (JsonNode tag : properties.path("Tags")) {
                if ("skyport.dev/owner".equals(tag.path("Key").asText())) {
                    owner = tag.path("Value").asText();
                }
            }
            Set<String> indexes = new TreeSet<>(properties.path("GlobalSecondaryIndexes").findValuesAsText("IndexName"));
            String name = properties.path("TableName").asText().substring(prefix.length());
            tables.put(name, new Table(name, owner, indexes, properties.has("StreamSpecification"), properties));
        });
        return new AwsTables(tables);
    }
}
