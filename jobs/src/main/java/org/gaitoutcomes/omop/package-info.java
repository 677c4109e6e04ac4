/**
 * The OMOP CDM v5.4 adapter: {@code import-omop} reads person, observation_period, device_exposure,
 * measurement, observation, condition_occurrence (and care_site when present) and writes our input
 * tables (patients, foot_exams, treatments, outcomes) with day offsets instead of dates, plus a
 * quarantine in the ingest format and per-table counts that reconcile; {@code simulate --format omop}
 * writes a simulated population as OMOP tables. The mapping ({@code gait.omop}) is {@link
 * org.gaitoutcomes.omop.OmopMapping}; the per-person logic ({@link org.gaitoutcomes.omop.PersonMapper})
 * is plain Java without Spark. May depend on schema, io, ingest (the re-keyer) and the simulate
 * package's public API; nothing else depends on it except the cli.
 */
package org.gaitoutcomes.omop;
