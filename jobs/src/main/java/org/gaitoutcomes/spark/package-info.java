/**
 * Spark plumbing shared by every job: building the session from command-line options and logging
 * stage progress. Jobs receive the session; they never build one.
 */
package org.gaitoutcomes.spark;
