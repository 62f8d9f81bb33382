package dev.skyport.dynamo.partiql;

import dev.skyport.dynamo.api.ItemReads;
import dev.skyport.dynamo.expr.DocumentPath;
import dev.skyport.dynamo.expr.Projection;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.model.ItemSize;
import dev.skyport.dynamo.storage.Database;
import dev.skyport.dynamo.storage.KeySchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs {@link Plan}s against the database: SELECTs a page at a time (as Query and Scan page: at most
 * {@code Limit} items evaluated, at most 1 MB read), writes one item atomically through
 * {@link Database#write}, and for transactions computes what a write would leave without writing it.
 */
public final class Executor {

    /** Query and Scan stop a page once this much item data has been read. */

    private final Database database;
    private final ItemRules rules;

    public Executor(Database database, ItemRules rules) {
        this.database = database;
        this.rules = rules;
    }

    // ------------------------------------------------------------------ reads

    /**
     * Reads a page starting after {@code startKey} (null for the first page), evaluating at most
     * {@code limit} items (null for no limit).
     */
    public ItemReads.Page read(Plan.Read plan, Map<String, AttributeValue> startKey, Integer limit) {
        if (startKey != null) {
            checkStartKey(plan, startKey);
        }
        ItemReads.Page page = ItemReads.page(new ItemReads.Source(plan.table(), plan.index()),
                items(plan, startKey), limit, plan.filter(), null, false);
        if (plan.projection() == null) {
            return page;
        }
        List<Map<String, AttributeValue>> selected = new ArrayList<>(page.items().size());
        page.items().forEach(item -> selected.add(columns(plan.projection(), item)));
        return new ItemReads.Page(selected, page.lastKey(), page.bytes(), page.scanned());
    }

    /**
     * The columns of a SELECT list: each path's value under the name of the path's last step, as the
     * service answers {@code SELECT a.b.c} with {@code {"c": ...}} (recorded in 2026), not in the nested
     * shape a ProjectionExpression gives; a path ending in list indexes keeps them in its name ({@code b[1]}).
     * Paths the item lacks are left out.
     */
    static Map<String, AttributeValue> columns(Projection projection, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (DocumentPath path : projection.paths()) {
            AttributeValue value = path.get(item);
            if (value != null) {
                out.put(columnName(path), value);
            }
        }
        return out;
    }

    private static String columnName(DocumentPath path) {
        List<DocumentPath.Element> elements = path.elements();
        int last = elements.size() - 1;
        while (!(elements.get(last) instanceof DocumentPath.Key)) {
            last--;
        }
        StringBuilder name = new StringBuilder(((DocumentPath.Key) elements.get(last)).name());
        for (int i = last + 1; i < elements.size(); i++) {
            name.append('[').append(((DocumentPath.Index) elements.get(i)).index()).append(']');
        }
        return name.toString();
    }

    /** A single-item SELECT: the projected item, or null when there is none or it fails the WHERE. */
    public record Got(Map<String, AttributeValue> item, long bytes) {
    }

    public Got get(Plan.Get plan, Map<String, AttributeValue> stored) {
        long bytes = stored == null ? 0 : ItemSize.of(stored);
        if (stored == null || (plan.filter() != null && !plan.filter().test(stored))) {
            return new Got(null, bytes);
        }
        return new Got(plan.projection() == null ? stored : columns(plan.projection(), stored), bytes);
    }

    public Got get(Plan.Get plan) {
        return get(plan, plan.table().get(plan.key()));
    }

    /** A start key must carry the key attributes of the table (and index) with their types, and fit the query. */
    private static void checkStartKey(Plan.Read plan, Map<String, AttributeValue> startKey) {
        KeySchema tableKey = plan.table().definition().key();
        boolean valid = fits(tableKey, startKey) && (plan.index() == null || fits(plan.key(), startKey));
        if (valid && !plan.scan()) {
            valid = plan.hashValues().contains(startKey.get(plan.key().hashName()));
        }
        if (!valid) {
            throw PartiQlErrors.validation(PartiQlErrors.INVALID_NEXT_TOKEN);
        }
    }

    private static boolean fits(KeySchema key, Map<String, AttributeValue> startKey) {
        AttributeValue hash = startKey.get(key.hashName());
        if (hash == null || !hash.type().equals(key.hashType())) {
            return false;
        }
        if (!key.hasRange()) {
            return true;
        }
        AttributeValue range = startKey.get(key.rangeName());
        return range != null && range.type().equals(key.rangeType());
    }

    private static Iterator<Map<String, AttributeValue>> items(Plan.Read plan, Map<String, AttributeValue> startKey) {
        ItemReads.Source source = new ItemReads.Source(plan.table(), plan.index());
        if (plan.scan()) {
            return ItemReads.scan(source, startKey, 0, 1);
        }
        List<AttributeValue> hashes = plan.hashValues();
        int from = startKey == null ? 0 : hashes.indexOf(startKey.get(plan.key().hashName()));
        // IN on the partition key reads the partitions one after the other, in the order the statement lists them.
        return ItemReads.concat(from, hashes.size(), i -> ItemReads.partition(source, hashes.get(i), plan.range(),
                i == from ? startKey : null, plan.forward()));
    }

    // ------------------------------------------------------------------ writes

    /**
     * The outcome of a write: the item before and after (null when absent), what RETURNING asked for,
     * and when the write is durable.
     */
    public record Outcome(Map<String, AttributeValue> before, Map<String, AttributeValue> after,
                          List<Map<String, AttributeValue>> returned, CompletableFuture<Void> durable) {
    }

    /**
     * Performs a write atomically. {@code oldOnFailure} is ReturnValuesOnConditionCheckFailure ALL_OLD:
     * a failed condition then carries the item.
     */
    public Outcome write(Plan.Write plan, boolean oldOnFailure) {
        Database.WriteResult result = database.write(plan.table(), plan.key(),
                before -> apply(plan, before, oldOnFailure));
        return new Outcome(result.before(), result.after(), returned(plan, result.before(), result.after()),
                result.durable());
    }

    /**
     * The item a write leaves given the item before it (null when there is none): the new item, null to
     * delete, or {@code before} itself to change nothing. Throws ConditionalCheckFailedException,
     * DuplicateItemException or ValidationException as the statement fails. Writes nothing, so that
     * transactions can decide every statement before they commit any.
     */
    public Map<String, AttributeValue> apply(Plan.Write plan, Map<String, AttributeValue> before,
                                             boolean oldOnFailure) {
        return switch (plan) {
            case Plan.Insert insert -> {
                if (before != null) {
                    throw PartiQlErrors.duplicateItem();
                }
                yield insert.item();
            }
            case Plan.Update update -> {
                // PartiQL UPDATE changes an existing item; it never creates one.
                if (before == null) {
                    throw DynamoException.conditionalCheckFailed(Map.of());
                }
                check(update.condition() == null || update.condition().test(before), before, oldOnFailure);
                Map<String, AttributeValue> after = update.update().apply(before);
                rules.updated(update.table(), after);
                yield after;
            }
            case Plan.Delete delete -> {
                check(delete.condition() == null || delete.condition().test(before), before, oldOnFailure);
                yield null;
            }
            case Plan.Check check -> {
                check(before != null && (check.condition() == null || check.condition().test(before)), before,
                        oldOnFailure);
                yield before;
            }
        };
    }

    private static void check(boolean holds, Map<String, AttributeValue> before, boolean oldOnFailure) {
        if (!holds) {
            throw DynamoException.conditionalCheckFailed(oldOnFailure && before != null
                    ? Map.of("Item", before) : Map.of());
        }
    }

    /** What RETURNING asks for, as the one item of the statement's Items (none when it is empty). */
    public static List<Map<String, AttributeValue>> returned(Plan.Write plan, Map<String, AttributeValue> before,
                                                             Map<String, AttributeValue> after) {
        Map<String, AttributeValue> item = switch (plan) {
            case Plan.Update u when u.returning() != null -> switch (u.returning()) {
                case ALL_OLD -> before;
                case ALL_NEW -> after;
                case MODIFIED_OLD -> before == null ? null : u.update().updatedAttributes(before);
                case MODIFIED_NEW -> after == null ? null : u.update().updatedAttributes(after);
            };
            case Plan.Delete d when d.returning() == Statement.Returning.ALL_OLD -> before;
            default -> null;
        };
        return item == null || item.isEmpty() ? List.of() : List.of(item);
    }
}
