/**
 * Data contracts: {@link org.gaitoutcomes.schema.TableSchema} loaded from the top-level
 * {@code schemas/} folder, their Spark types, and the generated data dictionary. Depends on nothing
 * else in the project; everything that reads or writes a table depends on it.
 */
package org.gaitoutcomes.schema;
