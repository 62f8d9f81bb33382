package dev.skyport.dynamo.api;

import dev.skyport.dynamo.model.DynamoException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reasons of a cancelled transaction, one per action in request order, and the
 * TransactionCanceledException that carries them.
 */
final class TransactCancellation {

    static final String NONE = "None";
    static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    static final String TRANSACTION_CONFLICT = "TransactionConflict";
    static final String VALIDATION_ERROR = "ValidationError";

    static final String CONFLICT_MESSAGE = "Transaction is ongoing for the item";
    static final String CONDITION_MESSAGE = "The conditional request failed";

    private final List<Map<String, Object>> reasons;
    private boolean failed;

    /** Reasons for {@code size} actions, all None until set. */
    TransactCancellation(int size) {
        reasons = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            reasons.add(reason(NONE, null, null));
        }
    }

    boolean failed() {
        return failed;
    }

    void conditionFailed(int index, Object item) {
        set(index, reason(CONDITIONAL_CHECK_FAILED, CONDITION_MESSAGE, item));
    }

    void conflict(int index) {
        set(index, reason(TRANSACTION_CONFLICT, CONFLICT_MESSAGE, null));
    }

    void invalid(int index, String message) {
        set(index, reason(VALIDATION_ERROR, message, null));
    }

    /** The reason an action failed with {@code e} (a PartiQL statement's error, for one); others propagate. */
    void failed(int index, DynamoException e) {
        String type = e.type().substring(e.type().indexOf('#') + 1);
        switch (type) {
            case "ConditionalCheckFailedException" -> conditionFailed(index, e.extra().get("Item"));
            case "DuplicateItemException" -> set(index, reason("DuplicateItem", e.getMessage(), null));
            case "ValidationException" -> invalid(index, e.getMessage());
            default -> throw e;
        }
    }

    private void set(int index, Map<String, Object> reason) {
        reasons.set(index, reason);
        failed = true;
    }

    /** The service's TransactionCanceledException: the codes in the message, the reasons in the body. */
    DynamoException exception() {
        List<String> codes = new ArrayList<>(reasons.size());
        for (Map<String, Object> reason : reasons) {
            codes.add((String) reason.get("Code"));
        }
        return new DynamoException(400, DynamoException.DYNAMO + "TransactionCanceledException",
                "Transaction cancelled, please refer cancellation reasons for specific reasons "
                        + Arrays.toString(codes.toArray()),
                Map.of("CancellationReasons", List.copyOf(reasons)));
    }

    private static Map<String, Object> reason(String code, String message, Object item) {
        Map<String, Object> reason = new LinkedHashMap<>();
        if (item != null) {
            reason.put("Item", item);
        }
        reason.put("Code", code);
        if (message != null) {
            reason.put("Message", message);
        }
        return reason;
    }
}
