package dev.skyport.users.user;

import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A user's own profile: read it with its version, change it by a JSON merge patch guarded by that version.
 * Only {@link ProfileUpdate}'s members can change; the patch is applied to that document, so a patch naming any
 * other member (roles, status, id, email) is refused before anything is written.
 */
@Service
public class UserProfiles {

    private final UserStore store;
    private final Validator validator;
    private final ObjectReader updateReader;
    private final JsonMapper jsonMapper;

    public UserProfiles(UserStore store, Validator validator, JsonMapper jsonMapper) {
        this.store = store;
        this.validator = validator;
        this.jsonMapper = jsonMapper;
        this.updateReader = jsonMapper.readerFor(ProfileUpdate.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public Versioned<UserProfile> get(String userId) {
        UserItem item = store.find(userId).orElseThrow(UserProblems::userNotFound);
        return new Versioned<>(UserProfile.of(item), item.getVersion());
    }

    /**
     * Applies a merge patch if {@code ifMatch} names the current version (or is {@code *}); a change made between
     * this read and the write is caught by the conditional write and answered like a stale If-Match.
     */
    public Versioned<UserProfile> patch(String userId, JsonNode patch, String ifMatch) {
        if (!(patch instanceof ObjectNode patchObject)) {
            throw UserProblems.notAnObject();
        }
        if (ifMatch == null || ifMatch.isBlank()) {
            throw UserProblems.preconditionRequired();
        }
        UserItem item = store.find(userId).orElseThrow(UserProblems::userNotFound);
        long current = item.getVersion();
        if (!ETags.matches(ifMatch, current)) {
            throw UserProblems.stale(current);
        }
        ProfileUpdate update = read(mergePatch(jsonMapper.valueToTree(ProfileUpdate.of(item)), patchObject));
        Set<ConstraintViolation<ProfileUpdate>> violations = validator.validate(update);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        item.setName(update.name().strip());
        item.setDefaultShippingAddress(update.defaultShippingAddress() == null ? null
                : update.defaultShippingAddress().toItem());
        item.setPreferences(update.preferences() == null ? null : update.preferences().toItem());
        UserItem saved = store.updateIfUnchanged(item)
                .orElseThrow(() -> UserProblems.stale(store.find(userId).map(UserItem::getVersion).orElse(current)));
        return new Versioned<>(UserProfile.of(saved), saved.getVersion());
    }

    private ProfileUpdate read(JsonNode merged) {
        try {
            return updateReader.readValue(merged);
        } catch (JacksonException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String message = e instanceof tools.jackson.databind.exc.UnrecognizedPropertyException
                    ? "is not a field that can be changed"
                    : "has the wrong type";
            throw UserProblems.invalidField(field, message);
        }
    }

    /** RFC 7396: objects merge member by member, null removes a member, anything else replaces. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : JsonMapper.shared().createObjectNode();
        for (Map.Entry<String, JsonNode> member : new ArrayList<>(patch.properties())) {
            if (member.getValue().isNull()) {
                result.remove(member.getKey());
            } else {
                result.set(member.getKey(), mergePatch(result.get(member.getKey()), member.getValue()));
            }
        }
        return result;
    }

    /** A value with the version its ETag is made of. */
    public record Versioned<T>(T value, long version) {

        public String etag() {
            return ETags.of(version);
        }
    }
}
