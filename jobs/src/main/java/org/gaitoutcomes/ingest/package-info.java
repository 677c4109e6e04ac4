/**
 * Ingest: reads the input tables ({@code Schemas.INGEST_TABLES}) against their contracts, validates
 * them, and writes curated Parquet, a quarantine table and a run summary. Entry point
 * {@link org.gaitoutcomes.ingest.IngestStage#run}; the {@code ingest} command stages and commits its
 * output. Depends on {@code schema}, {@code io}, {@code spark} and {@code GaitException}; later stages
 * depend only on what it writes.
 *
 * <h2>Reading</h2>
 * Each table is {@code <input>/<table>.csv|.jsonl|.parquet} or a folder {@code <input>/<table>/} of
 * part files of one format ({@code .json} part files count as JSON lines; text files may be
 * gzip/bzip2-compressed), read through Hadoop paths. patients, treatments and outcomes are
 * required; foot_exams and gait_scans may be absent (0 rows, written as empty tables). No schema is
 * ever inferred: CSV columns are matched by header name, JSON lines by key, Parquet by column name
 * after checking the footer's types. Scalars are read as strings and parsed strictly by the
 * validator. Columns outside the contract are dropped and listed in the summary (masked when a name
 * looks like an identifier). Before any data is
 * read or anything written, every table is located and every file's columns checked; a missing
 * required table or column, a Parquet column of an incompatible type, or an unreadable file fails
 * with one line naming the file and the problem.
 *
 * <h2>Rules</h2>
 * A rejected record gets the first rule it breaks, in this order (within a rule, columns in
 * contract order); the ids are the quarantine table's {@code rule} values:
 * <ol>
 *   <li>{@code MALFORMED}: a CSV line with the wrong number of fields, or a line that is not a JSON object;</li>
 *   <li>{@code IDENTIFIER}: a value of a string column that contains something that looks like a direct
 *       identifier (see {@link org.gaitoutcomes.ingest.IdentifierPatterns}): an e-mail address; a calendar
 *       date (2023-04-25, 25.04.23, 04/25/2023); a national id (SSN 123-45-6789, UK NINO); a phone number
 *       with separators; a record number (an MRN/NHS/chart label with digits, or a stand-alone run of
 *       7 or more digits);</li>
 *   <li>{@code REQUIRED}: a required column is null or blank;</li>
 *   <li>{@code TYPE}: a value that does not parse strictly: int/long only {@code -?[0-9]+} within range
 *       ("3.5" is a TYPE error, not 3), double a decimal number (no NaN or Infinity), boolean
 *       {@code true}/{@code false};</li>
 *   <li>{@code BEFORE_BASELINE}: a treatment whose {@code start_day} is negative (a device before
 *       baseline); checked before RANGE so it is reported as what it means;</li>
 *   <li>{@code PATTERN}: a string that does not match the column's pattern in full;</li>
 *   <li>{@code ALLOWED}: a string that is not one of the column's allowed values (case-sensitive);</li>
 *   <li>{@code RANGE}: a number outside the column's min/max (inclusive);</li>
 *   <li>{@code SCAN_STRUCTURE} (gait_scans): not exactly one of frames/steps present (non-empty), a frame or
 *       a step's peak picture without cell_rows x cell_cols values, or a step without start_s &lt; end_s;</li>
 *   <li>{@code DUPLICATE_KEY}: among records that passed the rules above, every record of a primary key
 *       held by more than one of them (none is picked arbitrarily);</li>
 *   <li>{@code UNKNOWN_PATIENT}: a record passing all the above whose patient_id is not an accepted
 *       patient.</li>
 * </ol>
 * Ages above 89 are top-coded to 90 in accepted patients (counted in the summary, not quarantined).
 *
 * <h2>Quarantine</h2>
 * {@code quarantine/} (contract {@code quarantine}) holds table, source_file (file name only),
 * source_row, rule, field (the column at fault; the key columns, comma-separated, for DUPLICATE_KEY;
 * {@code frames} or {@code steps} for SCAN_STRUCTURE; null for MALFORMED), value (truncated to 64
 * characters; null where no single value is at fault), message and record (the scalar fields as
 * JSON; arrays are left out, they stay in the source file).
 * In value and record, identifier-like values are {@code <masked>}, ages above 89 show as
 * {@code 90+} and, with re-keying on, ids are re-keyed; a malformed record shows the fields the parser
 * recovered, never the raw line. source_row is the 1-based data record within the file (CSV: after
 * the header; blank lines are not counted), computed distributed as explained in
 * {@link org.gaitoutcomes.ingest.RowNumbers}.
 *
 * <h2>Re-keying</h2>
 * With {@code gait.ingest.rekey.enabled}, patient_id and scan_id in every table become the first 32 hex
 * characters of HMAC-SHA256(key, id), the key read from the environment variable named by
 * {@code gait.ingest.rekey.key-env} (never logged or written); see {@link org.gaitoutcomes.ingest.Rekeyer}.
 *
 * <h2>Summary</h2>
 * {@code ingest-summary.json} is {@link org.gaitoutcomes.ingest.IngestSummary} as JSON:
 * {@code {"tables": [{"table", "present", "format", "files", "rows_read", "rows_accepted",
 * "rows_quarantined", "quarantined_by_rule": {RULE: count}, "dropped_columns": [...], "top_coded",
 * "warnings": [...]}], "warnings": [...]}}, one entry per input table; rows_read = rows_accepted + rows_quarantined is asserted for every table.
 *
 * <h2>Checks of the whole run</h2>
 * After every table is written ({@link org.gaitoutcomes.ingest.IngestChecks}, {@code gait.ingest.checks}):
 * a required table with no accepted record (a 0-byte {@code patients.csv}), or a table that lost more
 * than {@code max-quarantined-share} (default 0.5) of its records to quarantine, fails the run with
 * one line; the outputs are written for inspection but not committed (the {@code ingest} command
 * moves them into place without the {@code _COMMITTED} marker). {@code enforce = false} turns the
 * problems into summary warnings. Before anything is read, each optional column missing from a
 * table's files is a summary warning (read as empty), and a table missing more than
 * {@code max-missing-optional-share} of its optional columns fails (default 1.0: warn only).
 *
 * <h2>Free text, column names and ids</h2>
 * A contract column marked {@code "free_text": true} (patients.site) is also checked against
 * {@code gait.ingest.free-text.name-patterns} (a person's name, e.g. {@code SITE-JOHN-SMITH}) and
 * {@code identifier-patterns}: a match is IDENTIFIER and the value is masked. A dropped column whose
 * name looks like an identifier is listed as {@code <masked>}. The summary warns when ids were not
 * re-keyed.
 *
 * <h2>CSV</h2>
 * With {@code gait.ingest.csv.multi-line = true} (default) a quoted field may span lines (RFC 4180);
 * each CSV file is then parsed in one task and source rows count records, except files without any
 * double quote, which cannot hold such a field and are split as below (checked by one job over the
 * text, only for files large enough to be split). With {@code false} files are
 * split and a record broken by a newline inside quotes is MALFORMED, saying so.
 *
 * <h2>Passes</h2>
 * Per table the input is read once: the validated frame (every record rule in one projection, the
 * first failure as a struct) is cached; one job without a shuffle ({@link org.gaitoutcomes.ingest.ScanStats})
 * gives the row-number blocks, the records per record rule and the top-coded candidates. The table
 * rules ({@link org.gaitoutcomes.ingest.KeyChecks}) run on a narrow projection (row tags, keys,
 * patient_id): the duplicate-key window and the accepted-patient join shuffle those few columns, never
 * a pressure array. The flagged records' tags come back to the driver (at most
 * {@code gait.ingest.table-rules.driver-limit}) and are looked up while writing
 * ({@link org.gaitoutcomes.ingest.TableFlags}); above the limit they stay distributed and are joined.
 * Then one job writes the curated rows and one the quarantine rows; the counts come from the first
 * pass and the flags, with no counting job. While ingest runs, its shuffles are set from the input
 * files' size as every stage sets them
 * ({@link org.gaitoutcomes.spark.SparkSessions#withShufflesSizedFor}): {@code spark.sql.shuffle.partitions}
 * sized unless the user set it, and adaptive execution off for a small input, where its query stages
 * would add a job each (the sample's ingest: 24 jobs instead of 35). JSON lines take one extra pass
 * over the text at inspection, to find each file's keys. Patients are ingested first; the other tables,
 * which depend on the accepted patient ids alone, are ingested two at a time (their small jobs' driver
 * work overlaps), with the same output as in sequence.
 */
package org.gaitoutcomes.ingest;
