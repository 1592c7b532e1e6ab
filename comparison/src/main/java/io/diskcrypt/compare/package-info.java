/**
 * The comparison of the encryption options, derived by experiment: {@link io.diskcrypt.compare.Comparison}
 * audits each {@link io.diskcrypt.compare.OptionSetup} (the standard ones in
 * {@link io.diskcrypt.compare.StandardOptions}) on a fresh simulated region and returns a
 * {@link io.diskcrypt.compare.ComparisonTable} whose every cell carries its evidence;
 * {@link io.diskcrypt.compare.TableRenderer} and {@link io.diskcrypt.compare.HtmlReport} render it.
 * No command-line code here: the {@code diskcrypt} command (module demo) is one user of this API.
 */
package io.diskcrypt.compare;
