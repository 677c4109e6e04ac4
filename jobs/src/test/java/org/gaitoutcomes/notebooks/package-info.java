/**
 * Tests of the Jupyter notebooks in {@code notebooks/}: {@code NotebooksStoredCleanTest} checks the
 * committed files (no outputs, the project kernel), {@code NotebooksIT} executes every notebook
 * headless against the packaged jar (failsafe, after {@code package}).
 */
package org.gaitoutcomes.notebooks;
