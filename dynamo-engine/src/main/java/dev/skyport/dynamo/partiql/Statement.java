package dev.skyport.dynamo.partiql;

import java.util.List;

/** A parsed statement: the four DML forms DynamoDB accepts, plus EXISTS for transactions. */
public sealed interface Statement {

    /** What a statement reads or writes: a table, and for SELECT optionally one of its indexes. */
    record Target(String table, String index) {
    }

    /**
     * {@code SELECT projection FROM target [WHERE where] [ORDER BY ...]}.
     *
     * @param projection the paths selected; empty for {@code *}
     * @param where null when absent
     */
    record Select(List<Expr.Path> projection, Target from, Expr where, List<Ordering> orderBy) implements Statement {

        public Select {
            projection = List.copyOf(projection);
            orderBy = List.copyOf(orderBy);
        }
    }

    record Ordering(Expr.Path path, boolean descending) {
    }

    /** {@code INSERT INTO target VALUE value}. */
    record Insert(Target into, Expr value) implements Statement {
    }

    /** {@code UPDATE target SET ... REMOVE ... WHERE where [RETURNING returning]}. */
    record Update(Target target, List<Clause> clauses, Expr where, Returning returning) implements Statement {

        public Update {
            clauses = List.copyOf(clauses);
        }
    }

    /** {@code DELETE FROM target WHERE where [RETURNING returning]}. */
    record Delete(Target from, Expr where, Returning returning) implements Statement {
    }

    /** {@code EXISTS(SELECT ...)}: a transaction's condition check on one item. */
    record Exists(Select select) implements Statement {
    }

    /** One SET assignment or REMOVE path of an UPDATE. */
    sealed interface Clause permits Assign, Remove {
    }

    record Assign(Expr.Path path, Expr value) implements Clause {
    }

    record Remove(Expr.Path path) implements Clause {
    }

    /** {@code RETURNING ALL|MODIFIED OLD|NEW *}; null on a statement without RETURNING. */
    enum Returning {
        ALL_OLD, ALL_NEW, MODIFIED_OLD, MODIFIED_NEW
    }

    /** A statement with the number of {@code ?} parameters its text holds. */
    record Parsed(Statement statement, int parameterCount) {
    }
}
