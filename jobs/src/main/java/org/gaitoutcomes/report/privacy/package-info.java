/**
 * Small-cell suppression for everything the report shares: primary suppression of counts below the
 * threshold and complementary suppression across the additive relations between counts. Plain Java,
 * no Spark; used only by {@code org.gaitoutcomes.report}.
 */
package org.gaitoutcomes.report.privacy;
