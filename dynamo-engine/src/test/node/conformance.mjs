// A second, independent DynamoDB client check: Dynamoose (the most used DynamoDB modeling library)
// and the plain AWS SDK for JavaScript v3 against a live engine at $DYNAMO_ENDPOINT.
//
//   DYNAMO_ENDPOINT=http://127.0.0.1:8000 node conformance.mjs
//
// Every expectation below is what the real DynamoDB service answers; a check must never be
// loosened to fit the engine. One line per check; the first failure stops the run with the
// request that was sent and the answer that came back, and the exit code is 1.

import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  DynamoDB,
  BatchWriteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  waitUntilTableNotExists,
} from "@aws-sdk/client-dynamodb";
import dynamoose from "dynamoose";

const endpoint = process.env.DYNAMO_ENDPOINT;
if (!endpoint) {
  console.error("DYNAMO_ENDPOINT is not set (e.g. DYNAMO_ENDPOINT=http://127.0.0.1:8000)");
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Clients: region us-east-1, dummy credentials, no retries (a retry would hide a wrong answer).
// A small middleware keeps the last requests so that a failure can show what was sent.

const trail = [];
function traced(client) {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const entry = { operation: context.commandName, input: args.input };
      trail.push(entry);
      if (trail.length > 8) trail.shift();
      try {
        const result = await next(args);
        entry.output = result.output;
        return result;
      } catch (error) {
        entry.error = describeError(error);
        throw error;
      }
    },
    { step: "initialize", name: "conformanceTrail" },
  );
  return client;
}

const clientConfig = {
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "conformance", secretAccessKey: "conformance" },
  maxAttempts: 1,
};
const ddb = traced(new DynamoDB(clientConfig)); // the aggregated client: ddb.putItem(...), like Dynamoose uses
dynamoose.aws.ddb.set(ddb);

// ---------------------------------------------------------------------------------------------
// Check runner.

let passed = 0;

async function check(name, body) {
  trail.length = 0;
  try {
    await body();
  } catch (error) {
    console.log(`not ok ${passed + 1} - ${name}`);
    console.log(`  failure: ${error instanceof assert.AssertionError ? error.message : describeError(error)}`);
    if (!(error instanceof assert.AssertionError) && error?.stack) {
      console.log(`  stack: ${error.stack.split("\n").slice(1, 4).join(" | ")}`);
    }
    for (const entry of trail) {
      console.log(`  request ${entry.operation}: ${json(entry.input)}`);
      if (entry.error) console.log(`    answered error: ${entry.error}`);
      else if (entry.output) console.log(`    answered: ${json(withoutMetadata(entry.output))}`);
    }
    console.log(`${passed} passed, 1 failed`);
    process.exit(1);
  }
  passed++;
  console.log(`ok ${passed} - ${name}`);
}

function describeError(error) {
  if (!error || typeof error !== "object") return String(error);
  const status = error.$metadata?.httpStatusCode;
  const extra = {};
  for (const key of ["CancellationReasons", "Item"]) if (key in error) extra[key] = error[key];
  return `${error.name}${status ? ` (HTTP ${status})` : ""}: ${error.message}` +
    (Object.keys(extra).length ? ` ${json(extra)}` : "");
}

function json(value) {
  return JSON.stringify(value, (key, v) =>
    v instanceof Set ? [...v] : v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v);
}

function withoutMetadata(output) {
  const { $metadata, ...rest } = output;
  return rest;
}

/** Runs body, which must throw an error whose name is `name`; returns that error. */
async function rejects(name, body) {
  let error;
  try {
    await body();
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected ${name}, but the call succeeded`);
  assert.equal(error.name, name, `expected ${name}, got ${describeError(error)}`);
  return error;
}

/** The deserialized answer to the latest request of this operation (in the current check). */
function lastAnswer(operation) {
  const entry = trail.findLast((e) => e.operation === operation);
  assert.ok(entry?.output, `no ${operation} answer recorded`);
  return entry.output;
}

// Plain-object views of what Dynamoose hands back (Item.toJSON() would turn a Set into {}).
const plain = (item) => (item === undefined ? undefined : { ...item });
const keysOf = (items) => items.map((item) => `${item.customer}/${item.orderId}`);

// ---------------------------------------------------------------------------------------------
// The model: orders keyed by customer + orderId, with a global secondary index on
// status + createdAt; counters in a second, provisioned table for cross-table transactions.

const run = process.env.DYNAMO_TABLE_SUFFIX ?? `${Date.now().toString(36)}${process.pid.toString(36)}`;
const ordersTable = `node-orders-${run}`;
const countersTable = `node-counters-${run}`;

const Order = dynamoose.model(
  "Order",
  new dynamoose.Schema(
    {
      customer: { type: String, hashKey: true },
      orderId: { type: String, rangeKey: true },
      status: {
        type: String,
        index: { name: "byStatus", type: "global", rangeKey: "createdAt", project: true },
      },
      createdAt: Number,
      total: Number,
      note: String,
      tags: { type: Set, schema: [String] },
      lines: { type: Array, schema: [{ type: Object, schema: { sku: String, qty: Number } }] },
    },
    { saveUnknown: false, timestamps: false },
  ),
);
const Counter = dynamoose.model(
  "Counter",
  new dynamoose.Schema({ id: { type: String, hashKey: true }, n: Number, max: Number }),
);

const waitForActive = { enabled: true, check: { timeout: 30000, frequency: 100 } };
const ordersDynamooseTable = new dynamoose.Table(ordersTable, [Order], {
  create: true,
  waitForActive,
  throughput: "ON_DEMAND",
  initialize: false,
});
const countersDynamooseTable = new dynamoose.Table(countersTable, [Counter], {
  create: true,
  waitForActive,
  throughput: { read: 1, write: 1 },
  initialize: false,
});

const seed = [
  { customer: "alice", orderId: "o-2024-01", status: "SHIPPED", createdAt: 100, total: 30, tags: new Set(["gift"]) },
  {
    customer: "alice", orderId: "o-2024-02", status: "PENDING", createdAt: 200, total: 120,
    tags: new Set(["bulk", "priority"]), lines: [{ sku: "A-1", qty: 2 }, { sku: "B-7", qty: 1 }],
  },
  { customer: "alice", orderId: "o-2024-03", status: "SHIPPED", createdAt: 300, total: 75 },
  { customer: "alice", orderId: "o-2025-01", status: "SHIPPED", createdAt: 400, total: 10 },
  { customer: "bob", orderId: "o-2024-01", status: "PENDING", createdAt: 150, total: 60 },
  { customer: "bob", orderId: "o-2025-07", status: "SHIPPED", createdAt: 350, total: 200 },
];

// ---------------------------------------------------------------------------------------------
// Dynamoose.

await check("dynamoose: creates both tables (DescribeTable, CreateTable, waits for ACTIVE)", async () => {
  await ordersDynamooseTable.initialize();
  await countersDynamooseTable.initialize();
});

await check("dynamoose: Model.create saves new items (PutItem with attribute_not_exists)", async () => {
  for (const item of seed.slice(0, 4)) {
    const created = await Order.create(item);
    assert.equal(created.orderId, item.orderId);
  }
});

await check("dynamoose: new Item(...).save() saves items (plain PutItem)", async () => {
  for (const item of seed.slice(4)) await new Order(item).save();
  await Counter.create({ id: "orders", n: 0 });
  await Counter.create({ id: "limit", max: 10 });
});

await check("dynamoose: Model.get answers every attribute, sets and lists of maps included", async () => {
  const item = plain(await Order.get({ customer: "alice", orderId: "o-2024-02" }));
  assert.deepEqual(item, seed[1]);
});

await check("dynamoose: Model.get of a missing key answers undefined", async () => {
  assert.equal(await Order.get({ customer: "alice", orderId: "o-1999-01" }), undefined);
});

await check("dynamoose: Model.create of an existing key fails with ConditionalCheckFailedException", async () => {
  await rejects("ConditionalCheckFailedException", () =>
    Order.create({ customer: "alice", orderId: "o-2024-01", status: "PENDING", createdAt: 1, total: 1 }));
  assert.deepEqual(plain(await Order.get({ customer: "alice", orderId: "o-2024-01" })), seed[0]);
});

await check("dynamoose: query hash eq and range beginsWith answers the range in ascending order", async () => {
  const result = await Order.query("customer").eq("alice").and().where("orderId").beginsWith("o-2024-").exec();
  assert.deepEqual(keysOf(result), ["alice/o-2024-01", "alice/o-2024-02", "alice/o-2024-03"]);
  assert.equal(result.count, 3);
  // Dynamoose reads a Query's scanned count from "QueriedCount", which DynamoDB never sends: read the wire answer.
  assert.equal(lastAnswer("QueryCommand").ScannedCount, 3);
  assert.equal(result.lastKey, undefined);
});

await check("dynamoose: query descending with limit answers the first page and its lastKey", async () => {
  const result = await Order.query("customer").eq("alice").sort("descending").limit(2).exec();
  assert.deepEqual(keysOf(result), ["alice/o-2025-01", "alice/o-2024-03"]);
  assert.deepEqual(result.lastKey, { customer: "alice", orderId: "o-2024-03" });
  const next = await Order.query("customer").eq("alice").sort("descending").limit(2).startAt(result.lastKey).exec();
  assert.deepEqual(keysOf(next), ["alice/o-2024-02", "alice/o-2024-01"]);
});

await check("dynamoose: query with .filter() counts scanned items before the filter", async () => {
  const result = await Order.query("customer").eq("alice").where("orderId").beginsWith("o-2024")
    .filter("total").gt(50).exec();
  assert.deepEqual(keysOf(result), ["alice/o-2024-02", "alice/o-2024-03"]);
  assert.equal(result.count, 2);
  assert.equal(lastAnswer("QueryCommand").ScannedCount, 3);
});

await check("dynamoose: query .all() with limit 1 follows LastEvaluatedKey to the end", async () => {
  const result = await Order.query("customer").eq("alice").limit(1).all().exec();
  assert.deepEqual(keysOf(result), ["alice/o-2024-01", "alice/o-2024-02", "alice/o-2024-03", "alice/o-2025-01"]);
});

await check("dynamoose: query the GSI with hash eq and range between, ordered by the index range key", async () => {
  const result = await Order.query("status").eq("SHIPPED").using("byStatus")
    .where("createdAt").between(100, 350).exec();
  assert.deepEqual(keysOf(result), ["alice/o-2024-01", "alice/o-2024-03", "bob/o-2025-07"]);
  assert.deepEqual(result.map((item) => item.createdAt), [100, 300, 350]);
  assert.deepEqual(plain(result[0]), seed[0]); // projection ALL
});

await check("dynamoose: query the GSI descending with a filter and attributes (ProjectionExpression)", async () => {
  const result = await Order.query("status").eq("SHIPPED").using("byStatus").sort("descending")
    .filter("customer").eq("alice").attributes(["customer", "orderId", "total"]).exec();
  assert.deepEqual(result.map(plain), [
    { customer: "alice", orderId: "o-2025-01", total: 10 },
    { customer: "alice", orderId: "o-2024-03", total: 75 },
    { customer: "alice", orderId: "o-2024-01", total: 30 },
  ]);
  assert.equal(lastAnswer("QueryCommand").ScannedCount, 4);
});

await check("dynamoose: scan with a filter answers the matching items of the whole table", async () => {
  const result = await Order.scan("total").ge(75).exec();
  assert.deepEqual(keysOf(result).sort(), ["alice/o-2024-02", "alice/o-2024-03", "bob/o-2025-07"]);
  assert.equal(result.count, 3);
  assert.equal(result.scannedCount, 6);
});

await check("dynamoose: scan with contains on a string set, and scan count (Select COUNT)", async () => {
  const tagged = await Order.scan("tags").contains("priority").exec();
  assert.deepEqual(keysOf(tagged), ["alice/o-2024-02"]);
  const counted = await Order.scan("customer").eq("bob").count().exec();
  assert.deepEqual(counted, { count: 2, scannedCount: 6 });
});

await check("dynamoose: Model.update with $SET and $ADD answers the new item and moves it in the GSI", async () => {
  const updated = await Order.update(
    { customer: "alice", orderId: "o-2024-02" },
    { $SET: { status: "SHIPPED" }, $ADD: { total: 5 } },
  );
  assert.deepEqual(plain(updated), { ...seed[1], status: "SHIPPED", total: 125 });
  const pending = await Order.query("status").eq("PENDING").using("byStatus").exec();
  assert.deepEqual(keysOf(pending), ["bob/o-2024-01"]);
  const shipped = await Order.query("status").eq("SHIPPED").using("byStatus").where("createdAt").eq(200).exec();
  assert.deepEqual(keysOf(shipped), ["alice/o-2024-02"]);
});

await check("dynamoose: a conditional update whose condition is false fails with ConditionalCheckFailedException", async () => {
  await rejects("ConditionalCheckFailedException", () =>
    Order.update(
      { customer: "alice", orderId: "o-2024-01" },
      { status: "CANCELLED" },
      { condition: new dynamoose.Condition().where("status").eq("PENDING") },
    ));
  assert.deepEqual(plain(await Order.get({ customer: "alice", orderId: "o-2024-01" })), seed[0]);
});

await check("dynamoose: a conditional update whose condition holds is applied", async () => {
  const updated = await Order.update(
    { customer: "alice", orderId: "o-2024-01" },
    { note: "left at the door" },
    { condition: new dynamoose.Condition().where("status").eq("SHIPPED").and().where("total").lt(50) },
  );
  assert.equal(updated.note, "left at the door");
});

await check("dynamoose: an update with a condition on a missing item fails (attribute_exists)", async () => {
  await rejects("ConditionalCheckFailedException", () =>
    Order.update(
      { customer: "nobody", orderId: "o-0" },
      { note: "x" },
      { condition: new dynamoose.Condition().where("customer").exists() },
    ));
  assert.equal(await Order.get({ customer: "nobody", orderId: "o-0" }), undefined);
});

await check("dynamoose: a conditional delete whose condition is false fails, an unconditional one deletes", async () => {
  await rejects("ConditionalCheckFailedException", () =>
    Order.delete({ customer: "bob", orderId: "o-2024-01" },
      { condition: new dynamoose.Condition().where("status").eq("SHIPPED") }));
  assert.ok(await Order.get({ customer: "bob", orderId: "o-2024-01" }));
  await Order.delete({ customer: "bob", orderId: "o-2024-01" });
  assert.equal(await Order.get({ customer: "bob", orderId: "o-2024-01" }), undefined);
});

await check("dynamoose: transaction of create, update and condition across two tables is applied", async () => {
  await dynamoose.transaction([
    Order.transaction.create({ customer: "bob", orderId: "o-2025-08", status: "PENDING", createdAt: 500, total: 40 }),
    Order.transaction.update({ customer: "bob", orderId: "o-2025-07" }, { $ADD: { total: 1 } }),
    Counter.transaction.update({ id: "orders" }, { $ADD: { n: 1 } }),
    Counter.transaction.condition({ id: "limit" }, new dynamoose.Condition().where("max").ge(5)),
  ]);
  assert.equal((await Order.get({ customer: "bob", orderId: "o-2025-08" })).total, 40);
  assert.equal((await Order.get({ customer: "bob", orderId: "o-2025-07" })).total, 201);
  assert.equal((await Counter.get({ id: "orders" })).n, 1);
});

await check("dynamoose: a transaction with a failing condition is cancelled and applies nothing", async () => {
  await rejects("TransactionCanceledException", () =>
    dynamoose.transaction([
      Order.transaction.update({ customer: "bob", orderId: "o-2025-07" }, { $ADD: { total: 1000 } }),
      Counter.transaction.update({ id: "orders" }, { $ADD: { n: 1 } }),
      Counter.transaction.condition({ id: "limit" }, new dynamoose.Condition().where("max").gt(10)),
    ]));
  assert.equal((await Order.get({ customer: "bob", orderId: "o-2025-07" })).total, 201);
  assert.equal((await Counter.get({ id: "orders" })).n, 1);
});

await check("dynamoose: a transaction creating an existing key is cancelled", async () => {
  await rejects("TransactionCanceledException", () =>
    dynamoose.transaction([
      Order.transaction.create({ customer: "bob", orderId: "o-2025-08", status: "PENDING", createdAt: 1, total: 1 }),
      Counter.transaction.update({ id: "orders" }, { $ADD: { n: 1 } }),
    ]));
  assert.equal((await Order.get({ customer: "bob", orderId: "o-2025-08" })).total, 40);
  assert.equal((await Counter.get({ id: "orders" })).n, 1);
});

await check("dynamoose: a transaction of gets (TransactGetItems) answers the items in request order", async () => {
  const items = await dynamoose.transaction([
    Counter.transaction.get({ id: "limit" }),
    Order.transaction.get({ customer: "bob", orderId: "o-2025-08" }),
    Counter.transaction.get({ id: "orders" }),
  ]);
  assert.equal(items.length, 3);
  assert.deepEqual(plain(items[0]), { id: "limit", max: 10 });
  assert.equal(items[1].orderId, "o-2025-08");
  assert.deepEqual(plain(items[2]), { id: "orders", n: 1 });
});

await check("dynamoose: batchPut, batchGet (a missing key is simply absent) and batchDelete", async () => {
  const carol = [1, 2, 3].map((i) => ({
    customer: "carol", orderId: `o-2025-0${i}`, status: "PENDING", createdAt: 600 + i, total: i * 10,
  }));
  assert.deepEqual(await Order.batchPut(carol), { unprocessedItems: [] });
  const got = await Order.batchGet([
    { customer: "carol", orderId: "o-2025-03" },
    { customer: "carol", orderId: "o-2025-09" },
    { customer: "carol", orderId: "o-2025-01" },
    { customer: "carol", orderId: "o-2025-02" },
  ]);
  assert.deepEqual(got.map(plain).sort((a, b) => a.orderId.localeCompare(b.orderId)), carol);
  assert.deepEqual(got.unprocessedKeys, []);
  assert.deepEqual(
    await Order.batchDelete(carol.map(({ customer, orderId }) => ({ customer, orderId }))),
    { unprocessedItems: [] },
  );
  assert.equal((await Order.query("customer").eq("carol").exec()).count, 0);
});

// ---------------------------------------------------------------------------------------------
// The plain AWS SDK for JavaScript v3.

const S = (s) => ({ S: s });
const N = (n) => ({ N: String(n) });
const orderKey = (customer, orderId) => ({ customer: S(customer), orderId: S(orderId) });

await check("sdk: ListTables lists both tables in name order", async () => {
  const names = [];
  let start;
  do {
    const page = await ddb.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    names.push(...page.TableNames);
    start = page.LastEvaluatedTableName;
  } while (start);
  assert.ok(names.includes(ordersTable), `${ordersTable} is not in ${inspect(names)}`);
  assert.ok(names.includes(countersTable), `${countersTable} is not in ${inspect(names)}`);
  assert.deepEqual([...names].sort(), names, "ListTables answers names in order");
});

await check("sdk: DescribeTable shows the key schema and the ACTIVE GSI that Dynamoose created", async () => {
  const { Table: table } = await ddb.send(new DescribeTableCommand({ TableName: ordersTable }));
  assert.equal(table.TableName, ordersTable);
  assert.equal(table.TableStatus, "ACTIVE");
  assert.match(table.TableArn, new RegExp(`^arn:aws:dynamodb:us-east-1:\\d{12}:table/${ordersTable}$`));
  assert.deepEqual(table.KeySchema, [
    { AttributeName: "customer", KeyType: "HASH" },
    { AttributeName: "orderId", KeyType: "RANGE" },
  ]);
  assert.deepEqual(
    [...table.AttributeDefinitions].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName)),
    [
      { AttributeName: "createdAt", AttributeType: "N" },
      { AttributeName: "customer", AttributeType: "S" },
      { AttributeName: "orderId", AttributeType: "S" },
      { AttributeName: "status", AttributeType: "S" },
    ],
  );
  assert.equal(table.BillingModeSummary?.BillingMode, "PAY_PER_REQUEST");
  assert.equal(table.GlobalSecondaryIndexes?.length, 1, "one GSI");
  const [gsi] = table.GlobalSecondaryIndexes;
  assert.equal(gsi.IndexName, "byStatus");
  assert.equal(gsi.IndexStatus, "ACTIVE");
  assert.deepEqual(gsi.KeySchema, [
    { AttributeName: "status", KeyType: "HASH" },
    { AttributeName: "createdAt", KeyType: "RANGE" },
  ]);
  assert.deepEqual(gsi.Projection, { ProjectionType: "ALL" });
  assert.equal(gsi.IndexArn, `${table.TableArn}/index/byStatus`);
  assert.equal(table.LocalSecondaryIndexes, undefined);
});

await check("sdk: DescribeTable shows the provisioned throughput of the counters table", async () => {
  const { Table: table } = await ddb.send(new DescribeTableCommand({ TableName: countersTable }));
  assert.equal(table.TableStatus, "ACTIVE");
  assert.deepEqual(table.KeySchema, [{ AttributeName: "id", KeyType: "HASH" }]);
  assert.equal(table.ProvisionedThroughput.ReadCapacityUnits, 1);
  assert.equal(table.ProvisionedThroughput.WriteCapacityUnits, 1);
  assert.notEqual(table.BillingModeSummary?.BillingMode, "PAY_PER_REQUEST");
});

await check("sdk: DescribeTable of a missing table fails with ResourceNotFoundException (HTTP 400)", async () => {
  const error = await rejects("ResourceNotFoundException", () =>
    ddb.send(new DescribeTableCommand({ TableName: `node-missing-${run}` })));
  assert.equal(error.$metadata.httpStatusCode, 400);
});

await check("sdk: a cancelled TransactWriteItems answers CancellationReasons in request order", async () => {
  const error = await rejects("TransactionCanceledException", () =>
    ddb.send(new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: ordersTable, Item: { ...orderKey("dave", "o-1"), status: S("PENDING"), createdAt: N(700) } } },
        {
          ConditionCheck: {
            TableName: ordersTable,
            Key: orderKey("alice", "o-2024-03"),
            ConditionExpression: "#s = :pending",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: { ":pending": S("PENDING") },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
        {
          Update: {
            TableName: countersTable,
            Key: { id: S("orders") },
            UpdateExpression: "ADD n :one",
            ExpressionAttributeValues: { ":one": N(1) },
          },
        },
      ],
    })));
  assert.equal(error.$metadata.httpStatusCode, 400);
  assert.deepEqual(error.CancellationReasons.map((reason) => reason.Code), ["None", "ConditionalCheckFailed", "None"]);
  assert.equal(error.CancellationReasons[1].Message, "The conditional request failed");
  assert.deepEqual(error.CancellationReasons[1].Item, {
    ...orderKey("alice", "o-2024-03"), status: S("SHIPPED"), createdAt: N(300), total: N(75),
  });
  assert.match(error.message, /\[None, ConditionalCheckFailed, None\]/);
  const dave = await ddb.getItem({ TableName: ordersTable, Key: orderKey("dave", "o-1") });
  assert.equal(dave.Item, undefined, "the Put of a cancelled transaction is not applied");
  const counter = await ddb.getItem({ TableName: countersTable, Key: { id: S("orders") }, ConsistentRead: true });
  assert.deepEqual(counter.Item.n, N(1), "the Update of a cancelled transaction is not applied");
});

await check("sdk: TransactWriteItems with two operations on one item fails with ValidationException", async () => {
  const error = await rejects("ValidationException", () =>
    ddb.send(new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: countersTable, Item: { id: S("orders"), n: N(5) } } },
        { Delete: { TableName: countersTable, Key: { id: S("orders") } } },
      ],
    })));
  assert.match(error.message, /Transaction request cannot include multiple operations on one item/);
});

await check("sdk: UpdateItem with ReturnValues ALL_NEW answers the whole new item", async () => {
  const { Attributes } = await ddb.send(new UpdateItemCommand({
    TableName: ordersTable,
    Key: orderKey("alice", "o-2024-03"),
    UpdateExpression:
      "SET #t = #t + :inc, note = if_not_exists(note, :note), history = list_append(if_not_exists(history, :empty), :h) " +
      "ADD tags :tags REMOVE createdAt",
    ConditionExpression: "attribute_exists(customer) AND #t BETWEEN :lo AND :hi",
    ExpressionAttributeNames: { "#t": "total" },
    ExpressionAttributeValues: {
      ":inc": N(25), ":note": S("fragile"), ":empty": { L: [] }, ":h": { L: [S("repriced")] },
      ":tags": { SS: ["sale"] }, ":lo": N(0), ":hi": N(100),
    },
    ReturnValues: "ALL_NEW",
  }));
  assert.deepEqual(Attributes, {
    ...orderKey("alice", "o-2024-03"),
    status: S("SHIPPED"),
    total: N(100),
    note: S("fragile"),
    history: { L: [S("repriced")] },
    tags: { SS: ["sale"] },
  });
});

await check("sdk: UpdateItem with ReturnValues UPDATED_OLD answers only the old values of what changed", async () => {
  const { Attributes } = await ddb.send(new UpdateItemCommand({
    TableName: ordersTable,
    Key: orderKey("alice", "o-2024-03"),
    UpdateExpression: "SET #t = :t, createdAt = :c REMOVE note",
    ExpressionAttributeNames: { "#t": "total" },
    ExpressionAttributeValues: { ":t": N(75), ":c": N(300) },
    ReturnValues: "UPDATED_OLD",
  }));
  assert.deepEqual(Attributes, { total: N(100), note: S("fragile") });
});

await check("sdk: a failed conditional PutItem answers the old item with ReturnValuesOnConditionCheckFailure", async () => {
  const error = await rejects("ConditionalCheckFailedException", () =>
    ddb.send(new PutItemCommand({
      TableName: countersTable,
      Item: { id: S("limit"), max: N(1) },
      ConditionExpression: "attribute_not_exists(id)",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    })));
  assert.equal(error.$metadata.httpStatusCode, 400);
  assert.equal(error.message, "The conditional request failed");
  assert.deepEqual(error.Item, { id: S("limit"), max: N(10) });
});

await check("sdk: Query pages with Limit and ExclusiveStartKey until no LastEvaluatedKey", async () => {
  const ids = Array.from({ length: 7 }, (_, i) => `p-${String(i).padStart(2, "0")}`);
  for (const [i, id] of ids.entries()) {
    await ddb.putItem({ TableName: ordersTable, Item: { ...orderKey("pager", id), status: S("PAGED"), createdAt: N(900 + i) } });
  }
  const pages = [];
  let start;
  do {
    const page = await ddb.send(new QueryCommand({
      TableName: ordersTable,
      KeyConditionExpression: "customer = :c",
      ExpressionAttributeValues: { ":c": S("pager") },
      Limit: 3,
      ExclusiveStartKey: start,
    }));
    pages.push(page);
    start = page.LastEvaluatedKey;
    assert.ok(pages.length <= 3, "more pages than items / Limit");
  } while (start);
  assert.deepEqual(pages.map((page) => page.Count), [3, 3, 1]);
  assert.deepEqual(pages.map((page) => page.ScannedCount), [3, 3, 1]);
  assert.deepEqual(pages[0].LastEvaluatedKey, orderKey("pager", "p-02"));
  assert.deepEqual(pages[1].LastEvaluatedKey, orderKey("pager", "p-05"));
  assert.deepEqual(pages.flatMap((page) => page.Items.map((item) => item.orderId.S)), ids);
});

await check("sdk: Query on the GSI pages with a LastEvaluatedKey of index and table keys", async () => {
  const first = await ddb.send(new QueryCommand({
    TableName: ordersTable,
    IndexName: "byStatus",
    KeyConditionExpression: "#s = :s AND createdAt >= :from",
    ExpressionAttributeNames: { "#s": "status" },
    ExpressionAttributeValues: { ":s": S("PAGED"), ":from": N(902) },
    ScanIndexForward: false,
    Limit: 2,
  }));
  assert.deepEqual(first.Items.map((item) => item.orderId.S), ["p-06", "p-05"]);
  assert.deepEqual(first.LastEvaluatedKey, { ...orderKey("pager", "p-05"), status: S("PAGED"), createdAt: N(905) });
  const rest = await ddb.send(new QueryCommand({
    TableName: ordersTable,
    IndexName: "byStatus",
    KeyConditionExpression: "#s = :s AND createdAt >= :from",
    ExpressionAttributeNames: { "#s": "status" },
    ExpressionAttributeValues: { ":s": S("PAGED"), ":from": N(902) },
    ScanIndexForward: false,
    ExclusiveStartKey: first.LastEvaluatedKey,
  }));
  assert.deepEqual(rest.Items.map((item) => item.orderId.S), ["p-04", "p-03", "p-02"]);
  assert.equal(rest.LastEvaluatedKey, undefined);
});

await check("sdk: an item without the index key is absent from the sparse GSI", async () => {
  await ddb.putItem({ TableName: ordersTable, Item: { ...orderKey("erin", "o-1"), status: S("PAGED"), total: N(5) } });
  const result = await ddb.send(new QueryCommand({
    TableName: ordersTable,
    IndexName: "byStatus",
    KeyConditionExpression: "#s = :s",
    ExpressionAttributeNames: { "#s": "status" },
    ExpressionAttributeValues: { ":s": S("PAGED") },
    Select: "COUNT",
  }));
  assert.equal(result.Count, 7, "the seven pager items, not erin's");
  assert.equal(result.Items, undefined, "Select COUNT answers no Items");
});

await check("sdk: a GSI key of the wrong type fails PutItem with ValidationException", async () => {
  const error = await rejects("ValidationException", () =>
    ddb.send(new PutItemCommand({
      TableName: ordersTable,
      Item: { ...orderKey("erin", "o-2"), status: S("PAGED"), createdAt: S("yesterday") },
    })));
  assert.match(error.message, /Type mismatch for Index Key/);
  assert.equal((await ddb.getItem({ TableName: ordersTable, Key: orderKey("erin", "o-2") })).Item, undefined);
});

await check("sdk: ConsistentRead on a GSI fails with ValidationException", async () => {
  const error = await rejects("ValidationException", () =>
    ddb.send(new QueryCommand({
      TableName: ordersTable,
      IndexName: "byStatus",
      KeyConditionExpression: "#s = :s",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":s": S("PAGED") },
      ConsistentRead: true,
    })));
  assert.match(error.message, /Consistent reads are not supported on global secondary indexes/);
});

await check("sdk: a Query whose key condition names a non-key attribute fails with ValidationException", async () => {
  const error = await rejects("ValidationException", () =>
    ddb.send(new QueryCommand({
      TableName: ordersTable,
      KeyConditionExpression: "customer = :c AND #t > :t",
      ExpressionAttributeNames: { "#t": "total" },
      ExpressionAttributeValues: { ":c": S("alice"), ":t": N(1) },
    })));
  assert.match(error.message, /^Query condition missed key schema element: orderId$/);
});

await check("sdk: a parallel Scan's segments together answer every item exactly once", async () => {
  const all = [];
  for (let segment = 0; segment < 3; segment++) {
    let start;
    do {
      const page = await ddb.send(new ScanCommand({
        TableName: ordersTable, Segment: segment, TotalSegments: 3, Limit: 2, ExclusiveStartKey: start,
      }));
      all.push(...page.Items.map((item) => `${item.customer.S}/${item.orderId.S}`));
      start = page.LastEvaluatedKey;
    } while (start);
  }
  const whole = await ddb.send(new ScanCommand({ TableName: ordersTable }));
  assert.equal(whole.LastEvaluatedKey, undefined);
  assert.deepEqual([...all].sort(), whole.Items.map((item) => `${item.customer.S}/${item.orderId.S}`).sort());
  assert.equal(all.length, 14); // alice 4, bob 2, pager 7, erin 1
});

await check("sdk: BatchWriteItem with the same key twice fails with ValidationException", async () => {
  const error = await rejects("ValidationException", () =>
    ddb.send(new BatchWriteItemCommand({
      RequestItems: {
        [countersTable]: [
          { PutRequest: { Item: { id: S("dup"), n: N(1) } } },
          { DeleteRequest: { Key: { id: S("dup") } } },
        ],
      },
    })));
  assert.match(error.message, /Provided list of item keys contains duplicates/);
});

await check("sdk: TransactWriteItems with the same ClientRequestToken is applied once", async () => {
  const request = {
    ClientRequestToken: `token-${run}`,
    TransactItems: [{
      Update: {
        TableName: countersTable, Key: { id: S("orders") },
        UpdateExpression: "ADD n :one", ExpressionAttributeValues: { ":one": N(1) },
      },
    }],
  };
  await ddb.send(new TransactWriteItemsCommand(request));
  await ddb.send(new TransactWriteItemsCommand(request));
  const counter = await ddb.getItem({ TableName: countersTable, Key: { id: S("orders") }, ConsistentRead: true });
  assert.deepEqual(counter.Item.n, N(2));
  const changed = structuredClone(request);
  changed.TransactItems[0].Update.ExpressionAttributeValues[":one"] = N(5);
  await rejects("IdempotentParameterMismatchException", () => ddb.send(new TransactWriteItemsCommand(changed)));
});

await check("sdk: DeleteTable answers DELETING and the table goes away (waitUntilTableNotExists)", async () => {
  for (const name of [ordersTable, countersTable]) {
    const { TableDescription } = await ddb.send(new DeleteTableCommand({ TableName: name }));
    assert.equal(TableDescription.TableName, name);
    assert.equal(TableDescription.TableStatus, "DELETING");
    const waited = await waitUntilTableNotExists({ client: ddb, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: name });
    assert.equal(waited.state, "SUCCESS");
  }
});

console.log(`${passed} passed, 0 failed`);
