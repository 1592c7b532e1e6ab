/**
 * The resource model, shaped as Azure's: what a VM and a managed disk say about their encryption
 * (a disk's {@link io.diskcrypt.core.model.DiskEncryption} and {@link
 * io.diskcrypt.core.model.DiskSecurityProfile}, a VM's {@link io.diskcrypt.core.model.VmSecurityProfile},
 * {@link io.diskcrypt.core.model.VmSize} and {@link io.diskcrypt.core.model.VmExtension}s). Options
 * read and write these typed values and meet only through them; the Azure wire names live in the
 * enums' {@code wireName()} and in {@link io.diskcrypt.core.topology.ResourceJson}, which prints the
 * model.
 */
package io.diskcrypt.core.model;
