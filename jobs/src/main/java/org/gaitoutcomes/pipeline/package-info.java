/**
 * The end-to-end pipeline behind {@code bin/gait-outcomes run}: the output layout and the order of
 * the stages. Depends on every stage package; only the command line and the benchmark depend on it.
 */
package org.gaitoutcomes.pipeline;
