/** Test support: the shared local Spark session and repository paths. */
package org.gaitoutcomes.testing;
