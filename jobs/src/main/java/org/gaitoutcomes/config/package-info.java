/**
 * Configuration: {@link org.gaitoutcomes.config.Settings} resolves command-line options over the
 * user's study spec or config file over the documented defaults in {@code reference.conf}.
 */
package org.gaitoutcomes.config;
