/**
 * Provenance: the {@code run.json} manifest written beside every output (config, input checksums,
 * versions, seeds, commit, stage timings). Depends on {@code io} only.
 */
package org.gaitoutcomes.provenance;
