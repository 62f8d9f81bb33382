/**
 * Request validation driven by the AWS service models: {@link dev.skyport.dynamo.api.shape.RequestShapes}.
 *
 * <p>Resources beside these classes:
 * <ul>
 *   <li>{@code dynamodb-2012-08-10.json}, {@code streams.dynamodb-2012-08-10.json}: the input shapes of
 *       the botocore service models (Apache-2.0, see {@code NOTICE});</li>
 *   <li>{@code quirks.txt}: where the live service validates otherwise than its model says (member
 *       order of errors aside, which follows a rule: see {@code Shape.orderMembers}).</li>
 * </ul>
 */
package dev.skyport.dynamo.api.shape;
