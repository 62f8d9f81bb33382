/**
 * PartiQL for the engine: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction statements.
 *
 * <p>Three stages, kept apart so each can be tested on its own:
 * <ol>
 *   <li><b>parsing</b> ({@link dev.skyport.dynamo.partiql.Lexer}, {@link dev.skyport.dynamo.partiql.Parser})
 *       turns statement text into the {@link dev.skyport.dynamo.partiql.Statement} /
 *       {@link dev.skyport.dynamo.partiql.Expr} tree, knowing nothing of tables or parameters;</li>
 *   <li><b>planning</b> ({@link dev.skyport.dynamo.partiql.Planner}, {@link dev.skyport.dynamo.partiql.Binder})
 *       binds the {@code ?} parameters, looks the table up and translates the tree into the engine's
 *       expression objects ({@link dev.skyport.dynamo.expr.Condition}, {@link dev.skyport.dynamo.expr.Update},
 *       {@link dev.skyport.dynamo.expr.Projection}, {@link dev.skyport.dynamo.expr.RangeCondition}), so a
 *       PartiQL WHERE is evaluated by the same code as a ConditionExpression;</li>
 *   <li><b>execution</b> ({@link dev.skyport.dynamo.partiql.Executor}) runs a
 *       {@link dev.skyport.dynamo.partiql.Plan} against the {@link dev.skyport.dynamo.storage.Database}.</li>
 * </ol>
 * The wire protocol (request members, responses, batches, transactions, capacity) lives in
 * {@code dev.skyport.dynamo.api.PartiQlOperations}, which hands this package the service's key and item
 * rules through {@link dev.skyport.dynamo.partiql.ItemRules}.
 */
package dev.skyport.dynamo.partiql;
