/**
 * Small-cell suppression for everything the report shares: primary suppression of counts below the
 * threshold and complementary suppression across the additive relations between counts, including
 * the rule that a shown total may not reveal the sum of its suppressed parts as a small count. Plain
 * Java, no Spark; used only by {@code org.gaitoutcomes.report}, whose {@code ReportCounts} is the one
 * registry of every count that leaves the tool (it decides what is a count and how counts relate;
 * this package decides what may be shown).
 */
package org.gaitoutcomes.report.privacy;
