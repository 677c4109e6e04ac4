/**
 * Native plantar-pressure exports into the canonical gait_scans shape, and step segmentation.
 *
 * <p>Plain Java (no Spark): {@link org.gaitoutcomes.scans.PedarAscParser},
 * {@link org.gaitoutcomes.scans.FscanAsfParser}, {@link org.gaitoutcomes.scans.EmedLstParser} (the registry
 * {@link org.gaitoutcomes.scans.ScanFormat} names each format, its parser and its properties) read one file each into {@link org.gaitoutcomes.scans.ParsedScan}s
 * in the canonical orientation (row 0 = heel, column 0 = medial, NaN outside the sensing area) and never
 * keep header metadata (file names, subjects, serials, dates, comments);
 * {@link org.gaitoutcomes.scans.StepSegmentation} turns frames into steps and
 * {@link org.gaitoutcomes.scans.GaitTiming} summarises them. Spark: {@link org.gaitoutcomes.scans.ImportScansStage}
 * parses a folder of exports on the executors, mapped to patients and visits by a manifest, and refuses
 * ({@link org.gaitoutcomes.scans.ScanPaths}) files whose symbolic links lead outside the scans folder.
 * Depends on {@code schema}, {@code io}, {@code spark}; nothing here depends on {@code features}.
 */
package org.gaitoutcomes.scans;
