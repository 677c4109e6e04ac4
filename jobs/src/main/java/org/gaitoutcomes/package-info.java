/**
 * gait-outcomes: Spark batch jobs that test whether custom foot orthotics relieve chronic low back
 * pain better than over-the-counter insoles. Sub-packages hold one concern each; this package holds
 * only the user-facing {@link org.gaitoutcomes.GaitException}.
 */
package org.gaitoutcomes;
