/**
 * The teaching lab: be the attacker ({@link io.diskcrypt.lab.Attacks}) and step through one write
 * ({@link io.diskcrypt.lab.StepThrough}). Everything shown is observed on a simulated VM deployed by
 * the comparison's options, never written down.
 */
package io.diskcrypt.lab;
