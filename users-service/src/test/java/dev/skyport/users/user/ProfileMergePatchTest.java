package dev.skyport.users.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** RFC 7396's own examples (appendix A) against the profile's merge-patch implementation. */
class ProfileMergePatchTest {

    private static final JsonMapper JSON = JsonMapper.shared();

    private static String merge(String target, String patch) {
        JsonNode result = UserProfiles.mergePatch(JSON.readTree(target), JSON.readTree(patch));
        return JSON.writeValueAsString(result);
    }

    @Test
    void followsTheRfcExamples() {
        assertThat(merge("{\"a\":\"b\"}", "{\"a\":\"c\"}")).isEqualTo("{\"a\":\"c\"}");
        assertThat(merge("{\"a\":\"b\"}", "{\"b\":\"c\"}")).isEqualTo("{\"a\":\"b\",\"b\":\"c\"}");
        assertThat(merge("{\"a\":\"b\"}", "{\"a\":null}")).isEqualTo("{}");
        assertThat(merge("{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}")).isEqualTo("{\"b\":\"c\"}");
        assertThat(merge("{\"a\":[\"b\"]}", "{\"a\":\"c\"}")).isEqualTo("{\"a\":\"c\"}");
        assertThat(merge("{\"a\":\"c\"}", "{\"a\":[\"b\"]}")).isEqualTo("{\"a\":[\"b\"]}");
        assertThat(merge("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}")).isEqualTo("{\"a\":{\"b\":\"d\"}}");
        assertThat(merge("{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}")).isEqualTo("{\"a\":[1]}");
        assertThat(merge("{\"e\":null}", "{\"a\":1}")).isEqualTo("{\"e\":null,\"a\":1}");
        assertThat(merge("[1,2]", "{\"a\":\"b\",\"c\":null}")).isEqualTo("{\"a\":\"b\"}");
        assertThat(merge("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}")).isEqualTo("{\"a\":{\"bb\":{}}}");
    }

    @Test
    void entityTagsUseStrongComparison() {
        assertThat(ETags.matches("\"3\"", 3)).isTrue();
        assertThat(ETags.matches("\"2\", \"3\"", 3)).isTrue();
        assertThat(ETags.matches("*", 3)).isTrue();
        assertThat(ETags.matches("W/\"3\"", 3)).isFalse();
        assertThat(ETags.matches("\"2\"", 3)).isFalse();
        assertThat(ETags.matches("3", 3)).isFalse();
    }
}
