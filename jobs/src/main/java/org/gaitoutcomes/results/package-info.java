/**
 * Aggregate result tables (estimates, balance, diagnostics, subgroups, attrition, curves, effect
 * modifiers) as data, written and read as JSON and CSV against their contracts in {@code schemas/}.
 * The compare stage produces them; the report renders them. Depends on {@code schema} and {@code io}.
 */
package org.gaitoutcomes.results;
